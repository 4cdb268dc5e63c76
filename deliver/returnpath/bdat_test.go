package returnpath

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/dsn"
)

// TestBDATReset: a client starts a mail with BDAT (RFC 3030), which
// go-smtp hands to the Backend in a goroutine of its own, resets it with
// RSET before the last chunk, then sends a whole mail on the same
// connection: the first is dropped, the second recorded, and the session
// (run under -race) is never read and written at once. One BDAT
// transaction per connection: go-smtp v0.25.1 itself races on a second
// one (its dataResult channel).
func TestBDATReset(t *testing.T) {
	f := start(t, Backend{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, nil)
	f.sent(t, "hana@example.com")
	rp := dsn.EncodeVERP(rpBase, "hana@example.com")
	mail := dsnMail("hana@example.com", "5.1.1", "550 5.1.1 User unknown")
	session := func(whole string) {
		conn, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(conn)
		// reply reads one reply, the last line of a multi-line one.
		reply := func() string {
			t.Helper()
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					t.Fatalf("reading a reply: %v", err)
				}
				if len(line) < 4 || line[3] != '-' {
					return strings.TrimRight(line, "\r\n")
				}
			}
		}
		cmd := func(s, want string) {
			t.Helper()
			fmt.Fprintf(conn, "%s\r\n", s)
			if got := reply(); !strings.HasPrefix(got, want) {
				t.Fatalf("%q answered %q, want %s", s, got, want)
			}
		}
		reply() // greeting
		cmd("EHLO client.example.net", "250")
		cmd("MAIL FROM:<>", "250")
		cmd("RCPT TO:<"+rp+">", "250")
		if whole == "bdat" {
			fmt.Fprintf(conn, "BDAT %d LAST\r\n%s", len(mail), mail)
			if got := reply(); !strings.HasPrefix(got, "250") {
				t.Fatalf("whole mail by BDAT answered %q, want 250", got)
			}
			cmd("QUIT", "221")
			return
		}
		fmt.Fprintf(conn, "BDAT 40\r\n%s", mail[:40])
		if got := reply(); !strings.HasPrefix(got, "250") {
			t.Fatalf("first chunk answered %q, want 250", got)
		}
		cmd("RSET", "250")
		cmd("MAIL FROM:<>", "250")
		cmd("RCPT TO:<"+rp+">", "250")
		cmd("DATA", "354")
		fmt.Fprintf(conn, "%s.\r\n", mail)
		if got := reply(); !strings.HasPrefix(got, "250") {
			t.Fatalf("whole mail by DATA answered %q, want 250", got)
		}
		cmd("QUIT", "221")
	}
	for range 3 {
		session("data")
	}
	session("bdat")
	if evs := f.evs.about("hana@example.com"); len(evs) != 1 {
		t.Errorf("events about hana@example.com = %+v, want one", evs)
	}
}

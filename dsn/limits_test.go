package dsn

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// hostileMails are mails within MaxBytes whose part headers are made to
// cost go-message's header reader as much as possible: it keeps every
// field of a block, with its raw bytes, its canonical key and its value,
// in a slice and a map, so a short field costs it more than ten times its
// size.
func hostileMails() []struct {
	name string
	mail []byte
} {
	const top = "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	var mails []struct {
		name string
		mail []byte
	}
	add := func(name string, b *bytes.Buffer) {
		mails = append(mails, struct {
			name string
			mail []byte
		}{name, bytes.Clone(b.Bytes())})
	}
	var b bytes.Buffer

	// 15 MB of one field repeated in one part header.
	b.WriteString(top + "--b\nContent-Type: text/plain\n")
	for b.Len() < 15<<20 {
		b.WriteString("X-Repeat: a\n")
	}
	b.WriteString("\n<a@example.com>: 550 5.1.1 unknown\n--b--\n")
	add("15 MB of a repeated field", &b)

	// The shortest fields, in parts of 200 KB.
	b.Reset()
	b.WriteString(top)
	for range 20 {
		b.WriteString("--b\nContent-Type: text/plain\n")
		for range 50_000 {
			b.WriteString("A:\n")
		}
		b.WriteString("\nx\n")
	}
	b.WriteString("--b--\n")
	add("parts of the shortest fields", &b)

	// 400 k distinct fields in one part header.
	b.Reset()
	b.WriteString(top + "--b\nContent-Type: text/plain\n")
	for i := range 400_000 {
		fmt.Fprintf(&b, "X-F%d: v\n", i)
	}
	b.WriteString("\n<a@example.com>: 550 5.1.1 unknown\n--b--\n")
	add("400 k distinct fields", &b)

	// Many parts, each header block under the limit of one block.
	b.Reset()
	b.WriteString(top)
	for b.Len() < 15<<20 {
		b.WriteString("--b\nContent-Type: text/plain\n")
		for range 15_000 { // 180 KB
			b.WriteString("X-Repeat: a\n")
		}
		b.WriteString("\nx\n")
	}
	b.WriteString("--b--\n")
	add("many parts of 180 KB headers", &b)

	// Nested multiparts, each with its own reader of part headers.
	b.Reset()
	b.WriteString(top)
	for d := range 6 {
		fmt.Fprintf(&b, "--b%s\nContent-Type: multipart/mixed; boundary=\"b%d\"\n", suffix(d), d+1)
		for range 100_000 {
			b.WriteString("X-Repeat: a\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("--b6\nContent-Type: text/plain\n\nx\n")
	add("nested multiparts with big headers", &b)

	// Not headers, but the other parts dsn keeps: delivery-status
	// parts of 250 KB, up to MaxParts.
	b.Reset()
	b.WriteString(top)
	for b.Len() < 15<<20 {
		b.WriteString("--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n")
		for n := 0; n < 250<<10; n += 80 {
			b.WriteString("Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\n")
		}
	}
	b.WriteString("--b--\n")
	add("delivery-status parts of 250 KB", &b)
	return mails
}

const hostileWarmUp = "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
	"<a@example.com>: host mx.example.com said: 550 5.1.1 user unknown (in reply to RCPT TO command)\n"

// suffix names the boundary of nesting level d in hostileMails.
func suffix(d int) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprint(d)
}

// maxHostileAlloc bounds the bytes one Parse of a mail within the default
// limits may allocate; see the Limits section of the package doc.
const maxHostileAlloc = 16 << 20

// TestHostilePartHeaders parses mails whose MIME part headers are huge and
// checks that the bytes allocated (an upper bound on the peak heap) stay
// under the bound the package doc states, and that the report says it was
// cut short.
func TestHostilePartHeaders(t *testing.T) {
	// Package bounce compiles its rules on first use: not a cost of the
	// mails below.
	if _, err := Parse(strings.NewReader(hostileWarmUp)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range hostileMails() {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rep, err := Parse(bytes.NewReader(tt.mail))
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("Parse(%s, %d bytes): allocated %d bytes (%.1f MiB), %d mallocs",
				tt.name, len(tt.mail), alloc, float64(alloc)/(1<<20), after.Mallocs-before.Mallocs)
			if err != nil {
				t.Fatalf("Parse(%s) error = %v, want a truncated report", tt.name, err)
			}
			if !rep.Truncated {
				t.Errorf("Parse(%s).Truncated = false, want true", tt.name)
			}
			if alloc > maxHostileAlloc {
				t.Errorf("Parse(%s) allocated %d bytes, want at most %d", tt.name, alloc, maxHostileAlloc)
			}
		})
	}
}

// TestPartHeaderLimits checks the limits on part headers: a block over
// MaxHeaderBytes and blocks over MaxTotalHeaderBytes in all stop the walk
// (the report keeps what came before and is Truncated), -1 lifts them, and
// a header within them is read whole.
func TestPartHeaderLimits(t *testing.T) {
	const top = "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
	text := "--b\nContent-Type: text/plain\n\n<a@example.com>: 550 5.1.1 <a@example.com>: user unknown\n"
	status := "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown\n"
	pad := func(n int) string { return strings.Repeat("X-Pad: "+strings.Repeat("p", 57)+"\n", n/65) }
	big := "--b\nContent-Type: text/plain\n" + pad(8<<10) + "\nnothing\n"

	tests := []struct {
		name          string
		p             Parser
		mail          string
		truncated     bool
		wantRecipient bool
	}{
		{"within the limits", Parser{MaxHeaderBytes: 16 << 10}, top + text + big + status + "--b--\n", false, true},
		{"one block over MaxHeaderBytes", Parser{MaxHeaderBytes: 4 << 10}, top + text + big + status + "--b--\n", true, true},
		{"MaxHeaderBytes -1", Parser{MaxHeaderBytes: -1, MaxTotalHeaderBytes: -1}, top + text + big + status + "--b--\n", false, true},
		{"total over MaxTotalHeaderBytes", Parser{MaxTotalHeaderBytes: 20 << 10}, top + text + big + big + big + status + "--b--\n", true, true},
		{"total -1", Parser{MaxTotalHeaderBytes: -1}, top + text + big + big + big + status + "--b--\n", false, true},
		// The first part keeps the start of its header; the status
		// part after it is read.
		{"first block over the limit", Parser{MaxHeaderBytes: 4 << 10}, top + big + status + "--b--\n", true, true},
		// The walk stops before the status part.
		{"total over before the status", Parser{MaxTotalHeaderBytes: 6 << 10}, top + big + status + "--b--\n", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := tt.p.Parse(strings.NewReader(tt.mail))
			if err != nil {
				t.Fatalf("Parse() error = %v, want nil", err)
			}
			if rep.Truncated != tt.truncated {
				t.Errorf("Parse().Truncated = %v, want %v", rep.Truncated, tt.truncated)
			}
			if got := len(rep.Recipients) > 0 && rep.Recipients[0].FinalRecipient == "a@example.com"; got != tt.wantRecipient {
				t.Errorf("Parse() found a@example.com = %v, want %v (recipients %+v)", got, tt.wantRecipient, rep.Recipients)
			}
		})
	}
}

// TestMenderBudget checks the mender's bounds on the header blocks it
// hands to go-message: a block over its limit keeps its first bytes and
// its blank line, and the body after it passes; a total over its limit
// ends the reading with an error wrapping ErrTooLarge.
func TestMenderBudget(t *testing.T) {
	field := "X-Pad: aaaa\n" // 12 bytes, counting as minFieldBytes (64)
	long := "X-Long: " + strings.Repeat("l", 3000) + "\n"
	tests := []struct {
		name         string
		in           string
		block, total int64
		want         string
		wantTooLarge bool
		wantCut      bool
	}{
		{"within", "--b\n" + field + field + "\nbody\n--b--\n", 200, 200, "--b\n" + field + field + "\nbody\n--b--\n", false, false},
		{"block cut at a line", "--b\n" + field + field + field + "\nbody\n--b--\n", 130, 1000, "--b\n" + field + field + "\nbody\n--b--\n", false, true},
		{"block cut in a long line", "--b\n" + field + long + field + "\nbody\n--b--\n", 2000, 1 << 20,
			"--b\n" + field + long[:menderBufferSize] + "\n\nbody\n--b--\n", false, true},
		{"each block has its limit", "--b\n" + field + "\nx\n--b\n" + field + "\ny\n--b--\n", 65, 200,
			"--b\n" + field + "\nx\n--b\n" + field + "\ny\n--b--\n", false, false},
		{"total", "--b\n" + field + "\nx\n--b\n" + field + field + "\ny\n--b--\n", 1000, 130, "--b\n" + field + "\nx\n--b\n" + field, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var budget headerBudget
			budget.init(tt.block, tt.total)
			m := newHeaderMender(strings.NewReader(tt.in), "b")
			m.budget = &budget
			var out bytes.Buffer
			_, err := out.ReadFrom(m)
			if got := errors.Is(err, ErrTooLarge); got != tt.wantTooLarge {
				t.Errorf("reading through the mender: error = %v, want ErrTooLarge: %v", err, tt.wantTooLarge)
			}
			if out.String() != tt.want {
				t.Errorf("the mender handed out\n%q\nwant\n%q", out.String(), tt.want)
			}
			if budget.cut != tt.wantCut {
				t.Errorf("budget.cut = %v, want %v", budget.cut, tt.wantCut)
			}
		})
	}
}

// FuzzMenderBudget checks the mender's bounds whatever the input: what it
// hands out never grows by more than a byte a line, every header block it
// hands out is within its limit (each field line counting as at least
// minFieldBytes), and an error is only ever ErrTooLarge.
func FuzzMenderBudget(f *testing.F) {
	f.Add("--b\nX-A: 1\nX-B: 2\nX-C: 3\n\nbody\n--b\nX-D: 4\n\nx\n--b--\n", int64(130), int64(1000))
	f.Add("--b\nX-Long: "+strings.Repeat("l", 3000)+"\n\nbody\n--b--\n", int64(2000), int64(4000))
	f.Add("--b\n"+strings.Repeat("A:\n", 500)+"\nbody\n--b--\n", int64(1024), int64(1<<20))
	f.Fuzz(func(t *testing.T, in string, block, total int64) {
		if block <= 0 || total <= 0 {
			return
		}
		var budget headerBudget
		budget.init(block, total)
		m := newHeaderMender(strings.NewReader(in), "b")
		m.budget = &budget
		var out bytes.Buffer
		_, err := out.ReadFrom(m)
		if err != nil && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("reading through the mender: error = %v", err)
		}
		if out.Len() > len(in)+strings.Count(in, "\n")+1 {
			t.Fatalf("the mender grew %d bytes to %d", len(in), out.Len())
		}
		if budget.used > total {
			t.Fatalf("the blocks used %d bytes of a total of %d", budget.used, total)
		}
	})
}

package faultproxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// echo starts a line echo server and returns its address.
func echo(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// conn is a client connection with its reader.
type conn struct {
	net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, addr string) *conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return &conn{c, bufio.NewReader(c)}
}

// roundTrip sends line and returns the echo, or the read error after wait.
func (c *conn) roundTrip(line string, wait time.Duration) (string, error) {
	c.SetDeadline(time.Now().Add(wait))
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return "", err
	}
	got, err := c.r.ReadString('\n')
	if err != nil {
		return "", err
	}
	return got[:len(got)-1], nil
}

// The waits: long for what must come, short for what must not.
const (
	comes   = 5 * time.Second
	doesNot = 100 * time.Millisecond
)

func mustEcho(t *testing.T, c *conn, line string) {
	t.Helper()
	if got, err := c.roundTrip(line, comes); err != nil || got != line {
		t.Fatalf("roundTrip(%q) = %q, %v, want the echo", line, got, err)
	}
}

func TestProxy(t *testing.T) {
	for _, m := range []Mode{Stopped, Hung, Stalled} {
		t.Run(string(m), func(t *testing.T) {
			p := New(t, echo(t))
			addr := p.Addr()
			old := dial(t, addr)
			mustEcho(t, old, "before")

			p.Down(m)
			_, err := old.roundTrip("during", doesNot)
			switch m {
			case Stalled:
				// The connection stays open; the data waits.
				if !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Errorf("open connection while stalled: %v, want a timeout", err)
				}
			default:
				if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
					t.Errorf("open connection while %s: %v, want it closed", m, err)
				}
			}
			var ignored *conn
			if m == Stopped {
				if c, err := net.DialTimeout("tcp", addr, comes); err == nil {
					c.Close()
					t.Errorf("dial while stopped succeeded, want refused")
				}
			} else {
				ignored = dial(t, addr)
				if _, err := ignored.roundTrip("unanswered", doesNot); !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Errorf("new connection while %s: %v, want a timeout", m, err)
				}
			}

			p.Up()
			if p.Addr() != addr {
				t.Errorf("Addr() after Up = %s, want %s", p.Addr(), addr)
			}
			mustEcho(t, dial(t, addr), "after")
			if m == Stalled {
				// The held line comes through.
				old.SetDeadline(time.Now().Add(comes))
				if got, err := old.r.ReadString('\n'); err != nil || got != "during\n" {
					t.Errorf("held line after Up = %q, %v, want %q", got, err, "during\n")
				}
			}
			if ignored != nil {
				ignored.SetDeadline(time.Now().Add(comes))
				if _, err := ignored.r.ReadByte(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
					t.Errorf("unanswered connection after Up: %v, want it closed", err)
				}
			}
		})
	}
}

// TestPipeAfterDown hands pipe a connection accepted just before Down, as
// the accept loop may, and checks that the mode decides its fate instead
// of it being forwarded.
func TestPipeAfterDown(t *testing.T) {
	target := echo(t)
	for _, m := range []Mode{Stopped, Hung, Stalled} {
		t.Run(string(m), func(t *testing.T) {
			p := New(t, target)
			p.Down(m)
			client, server := net.Pipe()
			defer client.Close()
			done := make(chan struct{})
			go func() {
				p.pipe(server)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("after Down(%s), pipe is still forwarding the connection", m)
			}
			p.mu.Lock()
			piped, ignored := len(p.piped), len(p.ignored)
			p.mu.Unlock()
			if piped != 0 {
				t.Errorf("after Down(%s), pipe forwarded the connection (%d piped)", m, piped)
			}
			wantIgnored := 1
			if m == Stopped {
				wantIgnored = 0
			}
			if ignored != wantIgnored {
				t.Errorf("after Down(%s), %d connections left unanswered, want %d", m, ignored, wantIgnored)
			}
			client.SetDeadline(time.Now().Add(200 * time.Millisecond))
			_, err := client.Write([]byte("ping\n"))
			if m == Stopped && !errors.Is(err, io.ErrClosedPipe) {
				t.Errorf("after Down(Stopped), writing to the connection: %v, want it closed", err)
			}
			if m != Stopped && !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("after Down(%s), writing to the connection: %v, want no reader (deadline)", m, err)
			}
		})
	}
}

// Package faultproxy is a loopback TCP proxy for tests that take a server
// away without touching it: the Redis and PostgreSQL store tests put one
// between their client and the shared server, then stop, hang or stall it.
package faultproxy

import (
	"net"
	"sync"
	"testing"
)

// Mode is a way the server goes away; the zero value forwards.
type Mode string

// The modes of [Proxy.Down].
const (
	// Stopped: nothing listens, and open connections are reset.
	Stopped Mode = "stopped"
	// Hung: open connections are reset; new ones are accepted and never
	// answered.
	Hung Mode = "hung"
	// Stalled: open connections stay open but no byte passes; new ones
	// are accepted and never answered.
	Stalled Mode = "stalled"
)

// Proxy forwards the connections made to [Proxy.Addr] to a target address
// until [Proxy.Down] takes it away, and again after [Proxy.Up]. It is safe
// for concurrent use by multiple goroutines.
type Proxy struct {
	tb     testing.TB
	target string

	mu      sync.Mutex
	cond    *sync.Cond // signalled when the mode changes
	addr    string
	ln      net.Listener
	mode    Mode       // "" (forwarding), Stopped, Hung or Stalled
	piped   []net.Conn // both ends of forwarded connections
	ignored []net.Conn // connections accepted while down, never answered
}

// New starts a proxy to target on a free loopback port. It stops the proxy
// and closes its connections when tb ends, and fails tb if it cannot
// listen.
func New(tb testing.TB, target string) *Proxy {
	tb.Helper()
	p := &Proxy{tb: tb, target: target}
	p.cond = sync.NewCond(&p.mu)
	p.listen()
	tb.Cleanup(func() {
		p.Down(Stopped)
		p.release()
	})
	return p
}

// Addr returns the proxy's address, host:port; it stays the same after a
// stop.
func (p *Proxy) Addr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addr
}

func (p *Proxy) listen() {
	p.tb.Helper()
	p.mu.Lock()
	addr := p.addr
	p.mu.Unlock()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.tb.Fatalf("faultproxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.mode != "" {
				p.ignored = append(p.ignored, c)
				p.mu.Unlock()
				continue
			}
			p.mu.Unlock()
			go p.pipe(c)
		}
	}()
}

// pipe forwards the accepted connection c to the target. Down may have
// come between the accept and the dial: c is then treated as the mode
// treats a new connection.
func (p *Proxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	switch p.mode {
	case "":
		p.piped = append(p.piped, c, up)
	case Stopped:
		c.Close()
	default:
		p.ignored = append(p.ignored, c)
	}
	forward := p.mode == ""
	p.mu.Unlock()
	if !forward {
		up.Close()
		return
	}
	go p.copy(up, c)
	p.copy(c, up)
}

// copy forwards src to dst, holding the data back while the proxy is
// stalled.
func (p *Proxy) copy(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			for p.mode == Stalled {
				p.cond.Wait()
			}
			p.mu.Unlock()
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Down takes the server away in mode m.
func (p *Proxy) Down(m Mode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	if m == Stopped {
		p.ln.Close()
	}
	if m != Stalled {
		for _, c := range p.piped {
			c.Close()
		}
		p.piped = nil
	}
}

// Up brings the server back: the proxy listens again on the same address,
// or forwards again, and closes the connections it left unanswered (pgx's
// cancel requests among them). It fails the test if it cannot listen.
func (p *Proxy) Up() {
	if p.release() == Stopped {
		p.listen()
	}
}

// release forwards again what a stall held back, closes the connections
// left unanswered and returns the mode it ends.
func (p *Proxy) release() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.mode
	p.mode = ""
	p.cond.Broadcast()
	for _, c := range p.ignored {
		c.Close()
	}
	p.ignored = nil
	return m
}

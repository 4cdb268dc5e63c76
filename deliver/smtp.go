package deliver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/internal/addr"
)

// TLSPolicy says when an [SMTPSender] uses STARTTLS (RFC 3207).
type TLSPolicy string

// The TLS policies.
const (
	// TLSOpportunistic uses STARTTLS when the server offers it, and sends
	// in clear text otherwise. It is the zero value's policy.
	TLSOpportunistic TLSPolicy = ""
	// TLSRequired fails the recipients of a server that does not offer
	// STARTTLS (as a soft failure).
	TLSRequired TLSPolicy = "required"
	// TLSNever never uses STARTTLS.
	TLSNever TLSPolicy = "never"
)

// SMTPSender is a [Sender] that delivers over SMTP (RFC 5321) with the
// go-smtp client: it connects, optionally starts TLS and authenticates, then
// sends MAIL, one RCPT per recipient and DATA. Recipients refused at RCPT get
// their own reply; a reply to DATA applies to all accepted recipients.
// A recipient is reported accepted (a nil entry) only after the server
// answered 250 to DATA: when the transaction ends before that (a 421 or a
// lost connection at a later RCPT, a failure during DATA), each recipient
// accepted at RCPT gets the error that ended it, and is retried.
// Errors from the server come back as *smtp.SMTPError, others (connection
// refused, connection lost mid-DATA, deadlines) as they were.
//
// Connections are kept open after a transaction and reused for the same
// destination (RSET after a failed transaction), up to MaxIdle per
// destination and MaxMessages per connection; a server that closes the
// connection or answers 421 loses it. A reused connection that turns out to
// be dead (closed, or answering MAIL with a 421 its server sent when it
// timed the connection out) is replaced once, before any recipient was
// sent.
//
// The deadline of the ctx passed to Send bounds every read and write, and
// cancelling ctx aborts the exchange at once; the connection is then closed.
//
// The zero SMTPSender needs Addr or Route set. An SMTPSender is safe for
// concurrent use by multiple goroutines once its fields are set; call Close
// to close its idle connections.
type SMTPSender struct {
	// Addr is the "host:port" to send all mail to (a relay, a smarthost),
	// when Route is nil.
	Addr string
	// Route, when set, returns the "host:port" to which the mail of a
	// recipient domain goes, for example after an MX lookup with
	// net.Resolver.LookupMX. Recipients are grouped per destination, with
	// one transaction per destination.
	Route func(ctx context.Context, domain string) (addr string, err error)
	// Dial opens connections; nil means a net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)

	// LocalName is the name given in EHLO; "" means "localhost".
	LocalName string
	// TLS says when to use STARTTLS; the zero value uses it when offered.
	TLS TLSPolicy
	// TLSConfig configures STARTTLS; nil means a default configuration
	// with the host of the destination as the server name.
	TLSConfig *tls.Config
	// Auth, when set, returns the SASL client used to authenticate each new
	// connection (RFC 4954), for a submission server or a relay.
	Auth func() sasl.Client

	// MaxIdle is the number of idle connections kept per destination.
	// 0 means 2; -1 means none (a connection per transaction).
	MaxIdle int
	// MaxMessages is the number of transactions made on one connection
	// before it is closed. 0 means 100.
	MaxMessages int
	// IdleTimeout closes idle connections older than this when they would
	// be reused. 0 means 30 seconds.
	IdleTimeout time.Duration
	// CommandTimeout bounds each command when ctx has no earlier deadline.
	// 0 means go-smtp's default (5 minutes).
	CommandTimeout time.Duration

	mu     sync.Mutex
	idle   map[string][]*smtpConn
	noTLS  map[string]bool // destinations that do not offer STARTTLS
	closed bool
}

var _ Sender = (*SMTPSender)(nil)

// smtpConn is a go-smtp client with the ctx-aware connection beneath it.
type smtpConn struct {
	cl    *smtp.Client
	nc    *ctxConn
	n     int       // transactions made
	since time.Time // when it became idle
}

// Send implements [Sender]. It sends msg to each destination of its
// recipients in turn and returns the outcome of each recipient in rcpt;
// its err return is always nil.
func (s *SMTPSender) Send(ctx context.Context, msg *Message) (rcpt []error, err error) {
	rcpt = make([]error, len(msg.To))
	if s.Route == nil {
		idx := make([]int, len(msg.To))
		for i := range idx {
			idx[i] = i
		}
		s.sendTo(ctx, s.Addr, msg, idx, rcpt)
		return rcpt, nil
	}
	type group struct {
		addr string
		idx  []int
	}
	var groups []group
	byDomain := map[string]int{}
	for i, to := range msg.To {
		dom := addr.Domain(to)
		g, ok := byDomain[dom]
		if !ok {
			addr, err := s.Route(ctx, dom)
			if err != nil {
				rcpt[i] = fmt.Errorf("deliver: routing %q: %w", dom, err)
				continue
			}
			g = -1
			for j := range groups {
				if groups[j].addr == addr {
					g = j
				}
			}
			if g < 0 {
				groups = append(groups, group{addr: addr})
				g = len(groups) - 1
			}
			byDomain[dom] = g
		}
		groups[g].idx = append(groups[g].idx, i)
	}
	for _, g := range groups {
		s.sendTo(ctx, g.addr, msg, g.idx, rcpt)
	}
	return rcpt, nil
}

// sendTo runs one transaction with addr for the recipients msg.To[i], i in
// idx, and stores their outcomes in rcpt.
//
// A recipient is accepted (its rcpt entry left nil) only once the server
// answered 250 to the end of DATA. A recipient refused at RCPT keeps its
// own reply; every other one gets the error that ended the transaction,
// whenever it ended: before MAIL, at MAIL, at a later RCPT (a 421, a lost
// connection) or during DATA. No recipient accepted at RCPT is ever
// reported delivered when the transaction did not complete.
func (s *SMTPSender) sendTo(ctx context.Context, addr string, msg *Message, idx []int, rcpt []error) {
	// abort gives err to each recipient without an outcome of its own:
	// the transaction is over, and no DATA was acknowledged.
	abort := func(err error) {
		for _, i := range idx {
			if rcpt[i] == nil {
				rcpt[i] = err
			}
		}
	}
	c, reused, err := s.get(ctx, addr)
	if err != nil {
		abort(err)
		return
	}
	stop := c.nc.bind(ctx)
	opts := &smtp.MailOptions{Size: int64(len(msg.Data)), UTF8: !isASCII(msg.From)}
	for _, i := range idx {
		if !isASCII(msg.To[i]) {
			opts.UTF8 = true // RFC 6531: SMTPUTF8 for internationalised addresses
		}
	}
	err = cmdErr("MAIL", c.cl.Mail(msg.From, opts))
	if err != nil && reused && (!isReply(err) || is421(err)) && ctx.Err() == nil {
		// The server closed the idle connection, silently or with the 421
		// of its idle timeout that now reads as the answer to MAIL (RFC
		// 5321 §3.8; Postfix does so): dial once more. A 421 on the new
		// connection is the server's word.
		stop()
		c.close()
		if c, err = s.dial(ctx, addr); err != nil {
			abort(err)
			return
		}
		stop = c.nc.bind(ctx)
		err = cmdErr("MAIL", c.cl.Mail(msg.From, opts))
	}
	if err != nil {
		abort(err)
		s.done(c, stop(), err, true)
		return
	}
	accepted := 0
	for _, i := range idx {
		if err := cmdErr("RCPT", c.cl.Rcpt(msg.To[i], nil)); err != nil {
			rcpt[i] = err
			if !isReply(err) || is421(err) {
				// The connection is gone (RFC 5321 §3.8 for 421): the
				// recipients accepted so far and those not yet sent are
				// all left without DATA.
				abort(err)
				s.done(c, stop(), err, true)
				return
			}
			continue
		}
		accepted++
	}
	if accepted == 0 {
		s.done(c, stop(), nil, true)
		return
	}
	w, err := c.cl.Data()
	if err == nil {
		_, err = w.Write(msg.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		err = cmdErr("DATA", err)
		abort(err)
	}
	s.done(c, stop(), err, err != nil)
}

// cmdError is an error of the server or the connection during an SMTP
// command; the command sharpens the classification of the reply (a "user
// unknown" after DATA comes from a content filter).
type cmdError struct {
	cmd string
	err error
}

func (e *cmdError) Error() string { return e.cmd + ": " + e.err.Error() }
func (e *cmdError) Unwrap() error { return e.err }

func cmdErr(cmd string, err error) error {
	if err == nil {
		return nil
	}
	return &cmdError{cmd, err}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isReply reports whether err is a reply of the server, after which the
// connection is still usable.
func isReply(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se)
}

// is421 reports whether err is a 421 reply: the server closes the
// connection (RFC 5321 §3.8).
func is421(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se) && se.Code == 421
}

// done returns c to the idle pool after a transaction, or closes it.
// cancelled says that ctx was cancelled during the exchange; reset that the
// transaction must be reset before reuse.
func (s *SMTPSender) done(c *smtpConn, cancelled bool, err error, reset bool) {
	c.n++
	if cancelled || (err != nil && (!isReply(err) || is421(err))) {
		c.close()
		return
	}
	if reset {
		if c.cl.Reset() != nil {
			c.close()
			return
		}
	}
	s.put(c)
}

// get returns an idle connection to addr or dials a new one.
func (s *SMTPSender) get(ctx context.Context, addr string) (c *smtpConn, reused bool, err error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, false, errors.New("deliver: SMTPSender is closed")
	}
	timeout := durOr(s.IdleTimeout, 30*time.Second)
	var stale []*smtpConn
	for l := s.idle[addr]; len(l) > 0 && c == nil; l = s.idle[addr] {
		last := l[len(l)-1]
		s.idle[addr] = l[:len(l)-1]
		if time.Since(last.since) <= timeout {
			c = last
		} else {
			stale = append(stale, last)
		}
	}
	s.mu.Unlock()
	for _, sc := range stale {
		sc.close()
	}
	if c != nil {
		return c, true, nil
	}
	c, err = s.dial(ctx, addr)
	return c, false, err
}

// put keeps c as an idle connection of its destination, or closes it.
func (s *SMTPSender) put(c *smtpConn) {
	maxIdle := s.MaxIdle
	if maxIdle == 0 {
		maxIdle = 2
	}
	maxMsgs := s.MaxMessages
	if maxMsgs <= 0 {
		maxMsgs = 100
	}
	s.mu.Lock()
	if s.closed || c.n >= maxMsgs || len(s.idle[c.nc.addr]) >= maxIdle {
		s.mu.Unlock()
		c.quit()
		return
	}
	if s.idle == nil {
		s.idle = make(map[string][]*smtpConn)
	}
	c.since = time.Now()
	s.idle[c.nc.addr] = append(s.idle[c.nc.addr], c)
	s.mu.Unlock()
}

// dial opens a connection to addr and makes it ready for MAIL: greeting,
// EHLO, STARTTLS and AUTH as configured.
func (s *SMTPSender) dial(ctx context.Context, addr string) (*smtpConn, error) {
	nc, err := s.dialConn(ctx, addr)
	if err != nil {
		return nil, err
	}
	stop := nc.bind(ctx)
	defer stop()
	host, _, _ := net.SplitHostPort(addr)
	s.mu.Lock()
	tryTLS := s.TLS == TLSRequired || (s.TLS == TLSOpportunistic && !s.noTLS[addr])
	s.mu.Unlock()
	var cl *smtp.Client
	if tryTLS {
		cfg := s.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: host}
		} else if cfg.ServerName == "" {
			cfg = cfg.Clone()
			cfg.ServerName = host
		}
		cl, err = smtp.NewClientStartTLS(nc, cfg)
		if err != nil && s.TLS == TLSOpportunistic && !isReply(err) && ctx.Err() == nil && !errors.As(err, new(net.Error)) {
			// STARTTLS is not offered (go-smtp says so with a plain error):
			// remember it and come back in clear text.
			s.mu.Lock()
			if s.noTLS == nil {
				s.noTLS = make(map[string]bool)
			}
			s.noTLS[addr] = true
			s.mu.Unlock()
			return s.dial(ctx, addr)
		}
		if err != nil {
			return nil, cmdErr("STARTTLS", err)
		}
	} else {
		cl = smtp.NewClient(nc)
	}
	if s.CommandTimeout > 0 {
		cl.CommandTimeout = s.CommandTimeout
	}
	name := s.LocalName
	if name == "" {
		name = "localhost"
	}
	if err := cl.Hello(name); err != nil {
		cl.Close()
		return nil, cmdErr("EHLO", err)
	}
	if s.Auth != nil {
		if err := cl.Auth(s.Auth()); err != nil {
			cl.Close()
			return nil, cmdErr("AUTH", err)
		}
	}
	return &smtpConn{cl: cl, nc: nc}, nil
}

func (s *SMTPSender) dialConn(ctx context.Context, addr string) (*ctxConn, error) {
	dial := s.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	conn, err := dial(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &ctxConn{Conn: conn, addr: addr}, nil
}

// Close closes the idle connections (with QUIT) and makes further sends
// fail. Transactions under way finish and close their connections.
func (s *SMTPSender) Close() error {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	s.mu.Unlock()
	for _, l := range idle {
		for _, c := range l {
			c.quit()
		}
	}
	return nil
}

func (c *smtpConn) close() { c.cl.Close() }

func (c *smtpConn) quit() {
	c.nc.SetDeadline(time.Now().Add(5 * time.Second))
	if c.cl.Quit() != nil {
		c.cl.Close()
	}
}

// ctxConn is a net.Conn whose deadlines are bounded by the context of the
// exchange under way: go-smtp sets and clears deadlines around each command,
// and the bound keeps the ctx deadline in force; when ctx is cancelled, every
// read and write fails at once.
type ctxConn struct {
	net.Conn
	addr string

	mu    sync.Mutex
	limit time.Time // the deadline of ctx; zero for none
	dead  bool      // ctx was cancelled
}

// aLongTimeAgo is a deadline in the past: it makes blocked I/O return.
var aLongTimeAgo = time.Unix(1, 0)

// bind bounds the connection by ctx until the returned stop is called; stop
// reports whether ctx was cancelled meanwhile.
func (c *ctxConn) bind(ctx context.Context) (stop func() bool) {
	c.mu.Lock()
	c.limit, _ = ctx.Deadline()
	c.dead = false
	c.Conn.SetDeadline(c.limit)
	c.mu.Unlock()
	unwatch := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		c.dead = true
		c.Conn.SetDeadline(aLongTimeAgo)
		c.mu.Unlock()
	})
	return func() bool {
		fired := !unwatch()
		c.mu.Lock()
		defer c.mu.Unlock()
		c.limit = time.Time{}
		if !fired && !c.dead {
			c.Conn.SetDeadline(time.Time{})
		}
		return fired || c.dead
	}
}

func (c *ctxConn) bound(t time.Time) time.Time {
	if c.dead {
		return aLongTimeAgo
	}
	if !c.limit.IsZero() && (t.IsZero() || c.limit.Before(t)) {
		return c.limit
	}
	return t
}

// SetDeadline implements net.Conn, keeping the bound of the ctx.
func (c *ctxConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetDeadline(c.bound(t))
}

// SetReadDeadline implements net.Conn, keeping the bound of the ctx.
func (c *ctxConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetReadDeadline(c.bound(t))
}

// SetWriteDeadline implements net.Conn, keeping the bound of the ctx.
func (c *ctxConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetWriteDeadline(c.bound(t))
}

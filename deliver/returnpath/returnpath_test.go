package returnpath

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// The return-path domain of the tests, and the bounce address on it.
const (
	rpDomain = "bounces.example.org"
	rpBase   = "b@" + rpDomain
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// dsnMail is an RFC 3464 bounce about rcpt with status and diag.
func dsnMail(rcpt, status, diag string) string {
	return strings.ReplaceAll(`From: MAILER-DAEMON@mx.example.net
To: `+rpBase+`
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; `+rcpt+`
Action: failed
Status: `+status+`
Diagnostic-Code: smtp; `+diag+`

--B
Content-Type: text/rfc822-headers

From: news@example.org
To: `+rcpt+`
Message-ID: <m-1@example.org>
Subject: hello

--B--
`, "\n", "\r\n")
}

const plainMail = "From: reader@example.com\r\nTo: " + rpBase + "\r\nSubject: thanks\r\n\r\nThanks for the newsletter.\r\n"

// events collects the events of a Deliverer.
type events struct {
	mu  sync.Mutex
	evs []deliver.Event
}

func (e *events) add(ev deliver.Event) {
	e.mu.Lock()
	e.evs = append(e.evs, ev)
	e.mu.Unlock()
}

// about returns the events of the reports about rcpt.
func (e *events) about(rcpt string) []deliver.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []deliver.Event
	for _, ev := range e.evs {
		if ev.Rcpt == rcpt && ev.Async { // the reports, not the sends before them
			out = append(out, ev)
		}
	}
	return out
}

func (e *events) len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.evs)
}

// flakyStore is a suppress.Store whose Record fails while down is set; it
// counts the records of failures that went through (not the deliveries of
// the messages the tests send first).
type flakyStore struct {
	suppress.Store
	mu      sync.Mutex
	down    bool
	records int
}

func (f *flakyStore) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	f.mu.Lock()
	down := f.down
	if !down && ev.Outcome != suppress.Delivered {
		f.records++
	}
	f.mu.Unlock()
	if down {
		return suppress.Decision{}, errors.New("store is down")
	}
	return f.Store.Record(ctx, ev, now)
}

func (f *flakyStore) setDown(v bool) {
	f.mu.Lock()
	f.down = v
	f.mu.Unlock()
}

func (f *flakyStore) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.records
}

// fixture is a receiver on loopback in front of a Deliverer.
type fixture struct {
	addr  string
	srv   *Server
	d     *deliver.Deliverer
	store *flakyStore
	evs   *events
}

// start runs a Server with the Backend b (its Deliverer set by start when
// nil) on a loopback port until the test ends; setup adjusts the Server.
func start(t testing.TB, b Backend, setup func(*Server)) *fixture {
	t.Helper()
	f := &fixture{store: &flakyStore{Store: &suppress.Memory{}}, evs: &events{}}
	if b.Deliverer == nil {
		b.Deliverer = &deliver.Deliverer{
			Sender:  deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
			Store:   f.store,
			Now:     func() time.Time { return t0 },
			OnEvent: f.evs.add,
		}
	}
	if b.Domains == nil {
		b.Domains = []string{rpDomain}
	}
	f.d = b.Deliverer
	f.srv = &Server{Backend: b, Hostname: "mx.example.org"}
	if setup != nil {
		setup(f.srv)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve() = %v, want nil after cancel", err)
		}
	})
	return f
}

// sent has the fixture's Deliverer send the message every dsnMail
// reports on (Message-ID m-1@example.org) to rcpts, so that the bounces
// correlate with a message sent to them: by default the Deliverer records
// no report about a message it did not send.
func (f *fixture) sent(t testing.TB, rcpts ...string) {
	t.Helper()
	sendOriginal(t, f.d, rcpts...)
}

// sendOriginal has d send message m-1@example.org to rcpts.
func sendOriginal(t testing.TB, d *deliver.Deliverer, rcpts ...string) {
	t.Helper()
	_, err := d.Deliver(context.Background(), &deliver.Message{
		ID: "m-1@example.org", From: rpBase, To: rcpts,
		Data: []byte("From: news@example.org\r\nMessage-ID: <m-1@example.org>\r\nSubject: hello\r\n\r\nhi\r\n"),
	})
	if err != nil {
		t.Fatalf("Deliver(m-1@example.org to %d recipients) = %v", len(rcpts), err)
	}
}

// send sends data from from to each of to in one transaction and returns
// the first error, a *smtp.SMTPError for a reply.
func send(addr, from string, to []string, data string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return transact(c, from, to, data)
}

func transact(c *smtp.Client, from string, to []string, data string) error {
	if err := c.Mail(from, nil); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(data)); err != nil {
		return err
	}
	return w.Close()
}

// replyCode returns the basic and enhanced code of a reply error, or 0.
func replyCode(err error) (int, smtp.EnhancedCode) {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code, se.EnhancedCode
	}
	return 0, smtp.EnhancedCode{}
}

func TestDSNRecordedWithVERPRecipient(t *testing.T) {
	f := start(t, Backend{}, nil)
	f.sent(t, "alice@example.com")
	// The report names the forwarding target; the VERP return path names
	// the address the message was sent to, which is the one to suppress.
	rp := dsn.EncodeVERP(rpBase, "alice@example.com")
	if err := send(f.addr, "", []string{rp}, dsnMail("alice@forward.example.net", "5.1.1", "550 5.1.1 <alice@forward.example.net>: User unknown")); err != nil {
		t.Fatalf("send(DSN to %s) = %v, want nil", rp, err)
	}
	evs := f.evs.about("alice@example.com")
	if len(evs) != 1 || evs[0].Kind != deliver.Bounced || !evs[0].Async {
		t.Fatalf("events about alice@example.com = %+v, want one async bounced", evs)
	}
	e, ok, err := f.store.Store.(*suppress.Memory).Get(context.Background(), "alice@example.com", suppress.Scope{}, t0)
	if err != nil || !ok {
		t.Fatalf("Get(alice@example.com) = %+v, %v, %v, want an entry", e, ok, err)
	}
	if n := len(f.evs.about("alice@forward.example.net")); n != 0 {
		t.Errorf("events about the forwarding target = %d, want 0", n)
	}
}

func TestSeveralReturnPaths(t *testing.T) {
	f := start(t, Backend{}, nil)
	f.sent(t, "a@example.com", "b@example.net")
	to := []string{dsn.EncodeVERP(rpBase, "a@example.com"), dsn.EncodeVERP(rpBase, "b@example.net")}
	if err := send(f.addr, "", to, dsnMail("x@example.com", "5.1.1", "550 5.1.1 User unknown")); err != nil {
		t.Fatalf("send() = %v", err)
	}
	for _, rcpt := range []string{"a@example.com", "b@example.net"} {
		if evs := f.evs.about(rcpt); len(evs) != 1 || evs[0].Kind != deliver.Bounced {
			t.Errorf("events about %s = %+v, want one bounced", rcpt, evs)
		}
	}
	if n := f.store.count(); n != 2 {
		t.Errorf("Store records = %d, want 2", n)
	}
}

func TestRecipients(t *testing.T) {
	f := start(t, Backend{Domains: []string{"Bounces.Example.ORG", "bücher.example"}}, nil)
	for _, tc := range []struct {
		rcpt string
		code int
		enh  smtp.EnhancedCode
	}{
		{"b@bounces.example.org", 0, smtp.EnhancedCode{}},
		{"b+x=example.com@BOUNCES.example.org", 0, smtp.EnhancedCode{}},
		{"b@xn--bcher-kva.example", 0, smtp.EnhancedCode{}},
		{"postmaster@bounces.example.org", 0, smtp.EnhancedCode{}},
		{"user@example.com", 550, smtp.EnhancedCode{5, 7, 1}},
		{"b@sub.bounces.example.org", 550, smtp.EnhancedCode{5, 7, 1}},
		{"b@bounces.example.org.evil.example", 550, smtp.EnhancedCode{5, 7, 1}},
		{"user@[127.0.0.1]", 550, smtp.EnhancedCode{5, 7, 1}},
		{"nobody", 501, smtp.EnhancedCode{5, 5, 2}}, // go-smtp's own refusal
		{"@bounces.example.org", 501, smtp.EnhancedCode{5, 5, 2}},
	} {
		c, err := smtp.Dial(f.addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Mail("", nil); err != nil {
			t.Fatalf("MAIL FROM:<> = %v, want accepted", err)
		}
		err = c.Rcpt(tc.rcpt, nil)
		if code, enh := replyCode(err); code != tc.code || enh != tc.enh || (tc.code == 0 && err != nil) {
			t.Errorf("RCPT TO:<%s> = %v, want %d %v", tc.rcpt, err, tc.code, tc.enh)
		}
		c.Close()
	}
}

func TestStoreDownAnswers451ThenRecordsOnce(t *testing.T) {
	f := start(t, Backend{}, nil)
	f.sent(t, "carol@example.com")
	rp := dsn.EncodeVERP(rpBase, "carol@example.com")
	mail := dsnMail("carol@example.com", "5.1.1", "550 5.1.1 User unknown")
	f.store.setDown(true)
	err := send(f.addr, "", []string{rp}, mail)
	if code, enh := replyCode(err); code != 451 || enh != (smtp.EnhancedCode{4, 3, 0}) {
		t.Fatalf("send() with the Store down = %v, want 451 4.3.0", err)
	}
	if _, ok, _ := f.store.Store.(*suppress.Memory).Get(context.Background(), "carol@example.com", suppress.Scope{}, t0); ok {
		t.Fatalf("an entry was recorded while the Store was down")
	}
	f.store.setDown(false)
	if err := send(f.addr, "", []string{rp}, mail); err != nil {
		t.Fatalf("retried send() = %v, want nil", err)
	}
	if n := f.store.count(); n != 1 {
		t.Errorf("Store records after the retry = %d, want 1", n)
	}
	if _, ok, _ := f.store.Store.(*suppress.Memory).Get(context.Background(), "carol@example.com", suppress.Scope{}, t0); !ok {
		t.Errorf("no entry for carol@example.com after the retry")
	}
}

func TestOversize(t *testing.T) {
	f := start(t, Backend{MaxMessageBytes: 4096}, nil)
	rp := dsn.EncodeVERP(rpBase, "dave@example.com")
	big := dsnMail("dave@example.com", "5.1.1", "550 5.1.1 User unknown") + strings.Repeat("x", 78) + "\r\n"
	for len(big) <= 4096 {
		big += strings.Repeat("x", 78) + "\r\n"
	}
	// The SIZE parameter refuses at MAIL, and the data itself at its end.
	c, err := smtp.Dial(f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Mail("", &smtp.MailOptions{Size: int64(len(big))})
	if code, _ := replyCode(err); code != 552 {
		t.Errorf("MAIL FROM:<> SIZE=%d = %v, want 552", len(big), err)
	}
	err = send(f.addr, "", []string{rp}, big)
	if code, enh := replyCode(err); code != 552 || enh != (smtp.EnhancedCode{5, 3, 4}) {
		t.Errorf("send(%d bytes) = %v, want 552 5.3.4", len(big), err)
	}
	if f.evs.len() != 0 {
		t.Errorf("an oversize mail was ingested: %d events", f.evs.len())
	}
	// The Backend alone enforces its limit, whatever go-smtp's.
	b := &Backend{Deliverer: f.d, Domains: []string{rpDomain}, MaxMessageBytes: 4096}
	own := smtp.NewServer(b) // MaxMessageBytes 0: no limit of go-smtp's
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go own.Serve(l)
	defer own.Close()
	err = send(l.Addr().String(), "", []string{rp}, big)
	if code, _ := replyCode(err); code != 552 {
		t.Errorf("send(%d bytes) with go-smtp unlimited = %v, want 552", len(big), err)
	}
}

func TestUnhandled(t *testing.T) {
	var mu sync.Mutex
	var got []*Mail
	hookErr := error(nil)
	f := start(t, Backend{Unhandled: func(_ context.Context, m *Mail) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m)
		return hookErr
	}}, nil)
	autoReply := "From: reader@example.com\r\nTo: " + rpBase + "\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nI am away.\r\n"
	for _, tc := range []struct {
		name, data string
		kind       dsn.Kind
		parseErr   bool
	}{
		{"ordinary mail", plainMail, dsn.NotReport, false},
		{"auto-reply", autoReply, dsn.AutoReply, false},
		{"no header", "\x00\x01\x02 not a mail\r\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			got = nil
			mu.Unlock()
			if err := send(f.addr, "reader@example.com", []string{rpBase}, tc.data); err != nil {
				t.Fatalf("send() = %v, want accepted", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 {
				t.Fatalf("Unhandled called %d times, want 1", len(got))
			}
			m := got[0]
			if string(m.Data) != tc.data || m.From != "reader@example.com" || len(m.To) != 1 || m.To[0] != rpBase {
				t.Errorf("Unhandled got From %q To %q Data %q, want %q %q %q", m.From, m.To, m.Data, "reader@example.com", rpBase, tc.data)
			}
			if tc.parseErr {
				if m.Err == nil || m.Report != nil {
					t.Errorf("Unhandled got Report %+v, Err %v, want a parse error", m.Report, m.Err)
				}
			} else if m.Err != nil || m.Report == nil || m.Report.Kind != tc.kind {
				t.Errorf("Unhandled got Report %+v, Err %v, want kind %q", m.Report, m.Err, tc.kind)
			}
		})
	}
	// A failing hook has the mail offered again.
	mu.Lock()
	hookErr = errors.New("disk full")
	mu.Unlock()
	err := send(f.addr, "reader@example.com", []string{rpBase}, plainMail)
	if code, _ := replyCode(err); code != 451 {
		t.Errorf("send() with a failing Unhandled = %v, want 451", err)
	}
	// A bounce does not reach the hook.
	mu.Lock()
	got, hookErr = nil, nil
	mu.Unlock()
	if err := send(f.addr, "", []string{dsn.EncodeVERP(rpBase, "erin@example.com")}, dsnMail("erin@example.com", "5.1.1", "550 5.1.1 User unknown")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 0 {
		t.Errorf("Unhandled called for a bounce")
	}
}

func TestConcurrentSessions(t *testing.T) {
	f := start(t, Backend{}, nil)
	const n = DefaultMaxSessions
	var all []string
	for i := range n {
		all = append(all, fmt.Sprintf("user%d@example.com", i))
	}
	f.sent(t, all...)
	var ready, greeted sync.WaitGroup
	release := make(chan struct{})
	errs := make(chan error, n)
	ready.Add(n)
	greeted.Add(n)
	for i := range n {
		go func() {
			defer ready.Done()
			c, err := smtp.Dial(f.addr)
			if err != nil {
				greeted.Done()
				errs <- err
				return
			}
			defer c.Close()
			err = c.Hello("client.example.net")
			greeted.Done()
			if err != nil {
				errs <- fmt.Errorf("EHLO: %w", err)
				return
			}
			<-release // all n sessions are open at once
			rcpt := fmt.Sprintf("user%d@example.com", i)
			if err := transact(c, "", []string{dsn.EncodeVERP(rpBase, rcpt)}, dsnMail(rcpt, "5.1.1", "550 5.1.1 User unknown")); err != nil {
				errs <- fmt.Errorf("%s: %w", rcpt, err)
			}
		}()
	}
	greeted.Wait()
	// One session more than the limit is turned away at the greeting.
	c, err := smtp.Dial(f.addr)
	if err == nil {
		err = c.Hello("client.example.net")
		c.Close()
	}
	if code, enh := replyCode(err); code != 421 || enh != (smtp.EnhancedCode{4, 7, 0}) {
		t.Errorf("session %d: EHLO = %v, want 421 4.7.0", n+1, err)
	}
	close(release)
	ready.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := f.store.count(); got != n {
		t.Errorf("Store records = %d, want %d", got, n)
	}
}

func TestStartTLS(t *testing.T) {
	cert := selfSigned(t)
	f := start(t, Backend{}, func(s *Server) {
		s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	})
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	c, err := smtp.DialStartTLS(f.addr, &tls.Config{RootCAs: pool, ServerName: "mx.example.org"})
	if err != nil {
		t.Fatalf("DialStartTLS() = %v", err)
	}
	defer c.Close()
	if _, ok := c.TLSConnectionState(); !ok {
		t.Fatalf("no TLS after STARTTLS")
	}
	if err := transact(c, "", []string{dsn.EncodeVERP(rpBase, "frank@example.com")}, dsnMail("frank@example.com", "5.1.1", "550 5.1.1 User unknown")); err != nil {
		t.Fatalf("send over TLS = %v", err)
	}
	if evs := f.evs.about("frank@example.com"); len(evs) != 1 {
		t.Errorf("events about frank@example.com = %+v, want one", evs)
	}
	// Without a TLSConfig, STARTTLS is not offered.
	plain := start(t, Backend{}, nil)
	c2, err := smtp.Dial(plain.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if err := c2.Hello("client.example.net"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c2.Extension("STARTTLS"); ok {
		t.Errorf("STARTTLS offered without a TLSConfig")
	}
}

func TestReadTimeout(t *testing.T) {
	f := start(t, Backend{}, func(s *Server) { s.ReadTimeout = 100 * time.Millisecond })
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	greeting, _ := r.ReadString('\n')
	bye, _ := r.ReadString('\n') // a silent client is sent away
	if !strings.HasPrefix(greeting, "220 ") || !strings.HasPrefix(bye, "421 4.4.2") {
		t.Errorf("silent client read %q then %q, want 220 then 421 4.4.2", greeting, bye)
	}
}

// TestGarbage sends lines that are not SMTP, then checks that the server
// still serves a well-behaved client.
func TestGarbage(t *testing.T) {
	f := start(t, Backend{}, nil)
	inputs := []string{
		"\x00\xff\xfe\r\n",
		strings.Repeat("A", 5000) + "\r\n",
		"EHLO x\r\nMAIL FROM:<<<>>>\r\nRCPT TO:<\x00@bounces.example.org>\r\nDATA\r\n",
		"EHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<b@bounces.example.org>\r\nDATA\r\n\r\n\r\n.\r\n",
		"EHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<b@bounces.example.org>\r\nDATA\r\nContent-Type: multipart/report; boundary=\"\"\r\n\r\n--\r\n--\r\n.\r\nQUIT\r\n",
		"EHLO x\r\nBDAT 99999999999 LAST\r\n",
		"HELO\r\nRCPT TO:<x@y>\r\nDATA\r\n.\r\n",
	}
	for _, in := range inputs {
		conn, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		conn.Write([]byte(in))
		conn.(*net.TCPConn).CloseWrite()
		buf := make([]byte, 4096)
		for {
			if _, err := conn.Read(buf); err != nil {
				break
			}
		}
		conn.Close()
	}
	if err := send(f.addr, "", []string{dsn.EncodeVERP(rpBase, "gina@example.com")}, dsnMail("gina@example.com", "5.1.1", "550 5.1.1 User unknown")); err != nil {
		t.Fatalf("send() after garbage = %v", err)
	}
	if evs := f.evs.about("gina@example.com"); len(evs) != 1 {
		t.Errorf("events about gina@example.com = %+v, want one", evs)
	}
}

func TestServeCancelledBefore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Backend: Backend{Deliverer: &deliver.Deliverer{}, Domains: []string{rpDomain}}}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve(cancelled ctx) = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve(cancelled ctx) did not return")
	}
}

func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mx.example.org"},
		DNSNames: []string{"mx.example.org"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// errReader returns its data, then fails as a broken connection does.
type errReader struct{ data []byte }

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errors.New("connection reset by peer")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadFailure checks that a mail whose data could not be read whole
// gets a 4xx, so the sender tries again, never go-smtp's default 554.
func TestReadFailure(t *testing.T) {
	b := &Backend{Deliverer: &deliver.Deliverer{Store: &suppress.Memory{}}, Domains: []string{rpDomain}}
	sess, err := b.NewSession(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Logout()
	sess.Mail("", nil)
	if err := sess.Rcpt(rpBase, nil); err != nil {
		t.Fatal(err)
	}
	half := dsnMail("a@example.com", "5.1.1", "550 5.1.1 User unknown")[:300]
	err = sess.Data(&errReader{data: []byte(half)})
	if code, _ := replyCode(err); code != 451 {
		t.Errorf("Data(cut mail) = %v, want 451", err)
	}
}

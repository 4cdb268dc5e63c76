package mailbox

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

const (
	testUser = "bounces"
	testPass = "imap-test-password"
)

// server is go-imap's in-memory server on a loopback port.
type server struct {
	addr string
	user *imapmemserver.User
}

type serverOpts struct {
	tls      *tls.Config // STARTTLS when set
	implicit bool        // implicit TLS with tls
	debug    io.Writer   // the server's DebugWriter
}

func newServer(t testing.TB, o serverOpts) *server {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(testUser, testPass)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
		DebugWriter:  o.debug,
	}
	if !o.implicit {
		opts.TLSConfig = o.tls
	}
	srv := imapserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicit {
		ln = tls.NewListener(ln, o.tls)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &server{addr: ln.Addr().String(), user: u}
}

// add appends mails to the mailbox.
func (s *server) add(t testing.TB, mbox string, mails ...string) {
	t.Helper()
	for _, m := range mails {
		if _, err := s.user.Append(mbox, bytes.NewReader([]byte(m)), &imap.AppendOptions{}); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
}

// count returns the number of messages in mbox (0 if it does not exist).
func (s *server) count(t *testing.T, mbox string) int {
	t.Helper()
	st, err := s.user.Status(mbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0
	}
	return int(*st.NumMessages)
}

// bounceMail writes a DSN (RFC 3464) for rcpt, reported by a made-up MTA.
func bounceMail(i int, rcpt, status, diag string) string {
	return strings.ReplaceAll(fmt.Sprintf(`From: MAILER-DAEMON@mx.example.com
To: bounces@example.org
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-%d@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B%d"

--B%d
Content-Type: text/plain

Your message could not be delivered.

--B%d
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; %s
Action: failed
Status: %s
Diagnostic-Code: smtp; %s

--B%d
Content-Type: text/rfc822-headers

From: news@example.org
To: %s
Message-ID: <sent-%d@example.org>
Subject: hello

--B%d--
`, i, i, i, i, rcpt, status, diag, i, rcpt, i, i), "\n", "\r\n")
}

func bounces(from, n int) []string {
	var ms []string
	for i := from; i < from+n; i++ {
		ms = append(ms, bounceMail(i, fmt.Sprintf("user%d@example.net", i), "5.1.1", "550 5.1.1 user unknown"))
	}
	return ms
}

const personalMail = "From: someone@example.net\r\nTo: bounces@example.org\r\nSubject: a question\r\nMessage-ID: <q@example.net>\r\n\r\nHello, is this address read?\r\n"

// counter counts the Bounced events per recipient.
type counter struct {
	mu    sync.Mutex
	n     map[string]int
	total int
	hook  func(total int)
	ch    chan struct{}
}

func newCounter() *counter { return &counter{n: map[string]int{}, ch: make(chan struct{}, 1024)} }

func (c *counter) event(e deliver.Event) {
	if e.Kind != deliver.Bounced || e.Rcpt == "" {
		return
	}
	c.mu.Lock()
	c.n[e.Rcpt]++
	c.total++
	total, hook := c.total, c.hook
	c.mu.Unlock()
	if hook != nil {
		hook(total)
	}
	select {
	case c.ch <- struct{}{}:
	default:
	}
}

// waitFor waits until total reaches n, for at most 20 s.
func (c *counter) waitFor(t *testing.T, n int) {
	t.Helper()
	if !c.reached(n, 20*time.Second) {
		c.mu.Lock()
		defer c.mu.Unlock()
		t.Fatalf("%d bounces counted, want %d", c.total, n)
	}
}

// reached reports whether total reaches n within d.
func (c *counter) reached(n int, d time.Duration) bool {
	deadline := time.After(d)
	for {
		c.mu.Lock()
		total := c.total
		c.mu.Unlock()
		if total >= n {
			return true
		}
		select {
		case <-c.ch:
		case <-deadline:
			return false
		}
	}
}

// exactlyOnce checks that each of the n recipients was counted once.
func (c *counter) exactlyOnce(t *testing.T, n int) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < n; i++ {
		r := fmt.Sprintf("user%d@example.net", i)
		if c.n[r] != 1 {
			t.Errorf("%s counted %d times, want 1", r, c.n[r])
		}
	}
}

// sentMessages is how many of the messages the bounces report on
// (sent-i@example.org to user i) newDeliverer sends first.
const sentMessages = 256

// newDeliverer returns a Deliverer that has sent message sent-i@example.org
// to user i@example.net for each i below sentMessages, so that the bounces
// correlate: by default the Deliverer records no report about a message it
// did not send to the recipient.
func newDeliverer(c *counter, state ...deliver.State) (*deliver.Deliverer, *suppress.Memory) {
	st := &suppress.Memory{}
	d := &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:  st,
	}
	if len(state) > 0 {
		d.State = state[0] // before the first send, which tracks the messages in it
	}
	for i := range sentMessages {
		_, err := d.Deliver(context.Background(), &deliver.Message{
			ID: fmt.Sprintf("sent-%d@example.org", i), From: "bounces@example.org",
			To: []string{fmt.Sprintf("user%d@example.net", i)}, Data: []byte("Subject: hello\r\n\r\nhi\r\n"),
		})
		if err != nil {
			panic(err) // the Deliverer has no Store or State that can fail
		}
	}
	d.OnEvent = c.event
	return d, st
}

func newReader(s *server, d *deliver.Deliverer) *Reader {
	return &Reader{Deliverer: d, Addr: s.addr, Security: Insecure, Username: testUser, Password: testPass, DoneMailbox: "Processed"}
}

func TestRead200(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 200)...)
	c := newCounter()
	d, st := newDeliverer(c)
	r := newReader(s, d)
	n, err := r.Once(context.Background())
	if err != nil {
		t.Fatalf("Once: %v", err)
	}
	if n != 200 {
		t.Errorf("Once = %d, want 200", n)
	}
	if got := s.count(t, "INBOX"); got != 0 {
		t.Errorf("INBOX holds %d mails, want 0", got)
	}
	if got := s.count(t, "Processed"); got != 200 {
		t.Errorf("Processed holds %d mails, want 200", got)
	}
	c.exactlyOnce(t, 200)
	e, ok, err := st.Get(context.Background(), "user7@example.net", suppress.Global, time.Now())
	if err != nil || !ok || e.Reason != bounce.ReasonUserUnknown {
		t.Errorf("store entry of user7 = %+v, %v, %v; want a userunknown entry", e, ok, err)
	}
	// A second pass finds nothing new.
	if n, err := r.Once(context.Background()); n != 0 || err != nil {
		t.Errorf("second Once = %d, %v; want 0, nil", n, err)
	}
}

// cutter closes the connection it dialled when asked to.
type cutter struct {
	mu   sync.Mutex
	conn net.Conn
}

func (c *cutter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	c.mu.Lock()
	c.conn = conn
	c.mu.Unlock()
	return conn, err
}

func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		c.conn.Close()
	}
}

// cutAfter returns a cutter that cuts the connection once c has counted n
// outcomes.
func cutAfter(c *counter, n int) *cutter {
	cu := &cutter{}
	var once sync.Once
	c.hook = func(total int) {
		if total == n {
			once.Do(cu.cut)
		}
	}
	return cu
}

// The connection is cut in the middle of the second batch, after 70
// outcomes were recorded and 50 moved. The same Reader goes on without
// handing over the 20 recorded but not moved again.
func TestCutThenResume(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 200)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	cu := cutAfter(c, 70)
	r := newReader(s, d)
	r.Dial = cu.dial
	if _, err := r.Once(context.Background()); err == nil {
		t.Fatal("Once over a cut connection succeeded")
	}
	if got := s.count(t, "Processed"); got >= 70 {
		t.Fatalf("Processed holds %d mails after the cut, want fewer than 70 (the cut must fall between recording and moving)", got)
	}
	if _, err := r.Once(context.Background()); err != nil {
		t.Fatalf("Once after the cut: %v", err)
	}
	if got := s.count(t, "Processed"); got != 200 {
		t.Errorf("Processed holds %d mails, want 200", got)
	}
	c.exactlyOnce(t, 200)
}

// The connection is cut, and a new Reader (a restarted process) reads the
// mailbox: the mails recorded but not moved are read again, with the same
// Ingest key.
func TestCutThenRestart(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 200)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	cu := cutAfter(c, 70)
	r := newReader(s, d)
	r.Dial = cu.dial
	if _, err := r.Once(context.Background()); err == nil {
		t.Fatal("Once over a cut connection succeeded")
	}
	r2 := newReader(s, d)
	if _, err := r2.Once(context.Background()); err != nil {
		t.Fatalf("Once after restart: %v", err)
	}
	if got := s.count(t, "Processed"); got != 200 {
		t.Errorf("Processed holds %d mails, want 200", got)
	}
	// None lost.
	c.mu.Lock()
	for i := 0; i < 200; i++ {
		if r := fmt.Sprintf("user%d@example.net", i); c.n[r] == 0 {
			t.Errorf("%s never counted", r)
		}
	}
	c.mu.Unlock()
	if !ingestDeduplicates() {
		t.Skip("deliver.Ingest does not deduplicate keys yet; exactly-once across a restart not checked")
	}
	c.exactlyOnce(t, 200)
}

// ingestDeduplicates reports whether deliver.Ingest records a report
// whose Key it saw before only once (the idempotency of Ingest is another
// change in package deliver).
func ingestDeduplicates() bool {
	c := newCounter()
	d, _ := newDeliverer(c)
	rep := &dsn.Report{Kind: dsn.Bounce, Recipients: []dsn.Recipient{{
		FinalRecipient: "probe@example.net", Action: dsn.Failed, Result: bounce.Classify("550 5.1.1 user unknown"),
	}}}
	for range 2 {
		d.Ingest(context.Background(), deliver.Incoming{Report: rep, Key: "probe", Source: "test"})
	}
	return c.total == 1
}

// failStore fails every call.
type failStore struct{ suppress.Memory }

func (*failStore) Record(context.Context, suppress.Event, time.Time) (suppress.Decision, error) {
	return suppress.Decision{}, fmt.Errorf("store down")
}

func TestStoreDownLeavesMail(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 5)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	d.Store = &failStore{}
	r := newReader(s, d)
	if _, err := r.Once(context.Background()); err == nil {
		t.Fatal("Once with the Store down succeeded")
	}
	if got := s.count(t, "INBOX"); got != 5 {
		t.Errorf("INBOX holds %d mails, want all 5 left for a later pass", got)
	}
	d.Store = &suppress.Memory{}
	if n, err := r.Once(context.Background()); err != nil || n != 5 {
		t.Errorf("Once after the Store is back = %d, %v; want 5, nil", n, err)
	}
}

func TestExpungeAndUnhandled(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 3)...)
	s.add(t, "INBOX", personalMail, "not a mail at all")
	c := newCounter()
	d, _ := newDeliverer(c)
	r := newReader(s, d)
	r.DoneMailbox = ""
	if n, err := r.Once(context.Background()); err != nil || n != 3 {
		t.Fatalf("Once = %d, %v; want 3, nil", n, err)
	}
	if got := s.count(t, "INBOX"); got != 2 {
		t.Errorf("INBOX holds %d mails, want the 2 that are not reports", got)
	}
	c.exactlyOnce(t, 3)

	r.UnhandledMailbox = "Unhandled"
	r2 := &Reader{Deliverer: d, Addr: s.addr, Security: Insecure, Username: testUser, Password: testPass, UnhandledMailbox: "Unhandled"}
	if _, err := r2.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.count(t, "Unhandled"); got != 2 {
		t.Errorf("Unhandled holds %d mails, want 2", got)
	}
	if got := s.count(t, "INBOX"); got != 0 {
		t.Errorf("INBOX holds %d mails, want 0", got)
	}
}

// selfSigned returns a server and a client TLS config for 127.0.0.1.
func selfSigned(t *testing.T) (srv, cli *tls.Config) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imap.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	crt, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(crt)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func TestSecurityAndAuth(t *testing.T) {
	srvTLS, cliTLS := selfSigned(t)
	tests := []struct {
		name string
		opts serverOpts
		set  func(r *Reader)
	}{
		{"implicit TLS, LOGIN", serverOpts{tls: srvTLS, implicit: true}, func(r *Reader) { r.Security = ImplicitTLS; r.TLSConfig = cliTLS }},
		{"STARTTLS, LOGIN", serverOpts{tls: srvTLS}, func(r *Reader) { r.Security = StartTLS; r.TLSConfig = cliTLS }},
		{"STARTTLS, SASL PLAIN", serverOpts{tls: srvTLS}, func(r *Reader) {
			r.Security = StartTLS
			r.TLSConfig = cliTLS
			r.Username, r.Password = "", ""
			r.SASL = func() sasl.Client { return sasl.NewPlainClient("", testUser, testPass) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.opts)
			s.add(t, "INBOX", bounces(0, 3)...)
			c := newCounter()
			d, _ := newDeliverer(c)
			r := newReader(s, d)
			tt.set(r)
			if n, err := r.Once(context.Background()); err != nil || n != 3 {
				t.Fatalf("Once = %d, %v; want 3, nil", n, err)
			}
			c.exactlyOnce(t, 3)
		})
	}
	t.Run("untrusted certificate", func(t *testing.T) {
		s := newServer(t, serverOpts{tls: srvTLS, implicit: true})
		c := newCounter()
		d, _ := newDeliverer(c)
		r := newReader(s, d)
		r.Security = ImplicitTLS // system roots: the test certificate is refused
		if _, err := r.Once(context.Background()); err == nil {
			t.Fatal("Once trusted a self-signed certificate")
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		s := newServer(t, serverOpts{})
		c := newCounter()
		d, _ := newDeliverer(c)
		r := newReader(s, d)
		r.Password = "wrong"
		if _, err := r.Once(context.Background()); err == nil || !strings.Contains(err.Error(), "authenticating") {
			t.Fatalf("Once with a wrong password = %v, want an authentication error", err)
		}
	})
}

// idleWatch signals each time the server tells the client it is idling.
type idleWatch struct {
	ch  chan struct{}
	mu  sync.Mutex
	log bytes.Buffer
}

func (w *idleWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.log.Write(p)
	w.mu.Unlock()
	if bytes.Contains(p, []byte("+ idling")) {
		select {
		case w.ch <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

// Run waits with IDLE: the poll interval is an hour, yet new mail is read
// as soon as it arrives.
func TestRunIdle(t *testing.T) {
	idling := &idleWatch{ch: make(chan struct{}, 1)}
	s := newServer(t, serverOpts{debug: idling})
	s.add(t, "INBOX", bounces(0, 2)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	r := newReader(s, d)
	r.PollInterval = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	c.waitFor(t, 2)
	select {
	case <-idling.ch:
	case <-time.After(20 * time.Second):
		t.Fatal("the Reader never went IDLE")
	}
	s.add(t, "INBOX", bounces(2, 3)...)
	if !c.reached(5, 3*time.Second) {
		// QUIRK(imapmemserver): an update that lands between the server's
		// "+ idling" and the start of its wait is only sent with the next
		// one. A mail that is not a report makes the next one.
		s.add(t, "INBOX", personalMail)
	}
	defer func() {
		if t.Failed() {
			idling.mu.Lock()
			t.Log(idling.log.String())
			idling.mu.Unlock()
		}
	}()
	c.waitFor(t, 5)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	c.exactlyOnce(t, 5)
}

func TestRunPoll(t *testing.T) {
	s := newServer(t, serverOpts{})
	c := newCounter()
	d, _ := newDeliverer(c)
	r := newReader(s, d)
	r.Poll = true
	r.PollInterval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	s.add(t, "INBOX", bounces(0, 4)...)
	c.waitFor(t, 4)
	cancel()
	<-done
	c.exactlyOnce(t, 4)
}

// Run survives a connection cut: it reconnects after RetryInterval and
// counts each mail once.
func TestRunReconnects(t *testing.T) {
	s := newServer(t, serverOpts{})
	s.add(t, "INBOX", bounces(0, 120)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	cu := cutAfter(c, 60)
	r := newReader(s, d)
	r.Dial = cu.dial
	r.RetryInterval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	c.waitFor(t, 120)
	cancel()
	<-done
	// Run may have been stopped between recording the last mails and
	// moving them; one more pass moves them without recording them again.
	if _, err := r.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.exactlyOnce(t, 120)
	if got := s.count(t, "Processed"); got != 120 {
		t.Errorf("Processed holds %d mails, want 120", got)
	}
}

// A mailbox recreated under the same name has a new UIDVALIDITY; its UIDs
// start again from 1, and the Reader must not take them for mails it read.
func TestUIDValidityChange(t *testing.T) {
	s := newServer(t, serverOpts{})
	if err := s.user.Create("Bounces", nil); err != nil {
		t.Fatal(err)
	}
	s.add(t, "Bounces", bounces(0, 3)...)
	c := newCounter()
	d, _ := newDeliverer(c)
	r := newReader(s, d)
	r.Mailbox = "Bounces"
	if n, err := r.Once(context.Background()); err != nil || n != 3 {
		t.Fatalf("Once = %d, %v; want 3, nil", n, err)
	}
	if err := s.user.Delete("Bounces"); err != nil {
		t.Fatal(err)
	}
	if err := s.user.Create("Bounces", nil); err != nil {
		t.Fatal(err)
	}
	s.add(t, "Bounces", bounces(3, 2)...)
	if n, err := r.Once(context.Background()); err != nil || n != 2 {
		t.Fatalf("Once after the mailbox was recreated = %d, %v; want 2, nil", n, err)
	}
	c.exactlyOnce(t, 5)
}

// Reports other than bounces (a complaint, an auto-reply) are handled and
// moved too; the complaint is recorded.
func TestOtherReports(t *testing.T) {
	s := newServer(t, serverOpts{})
	for _, f := range []string{"arf-abuse.eml", "autoreply-vacation.eml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "dsn", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		s.add(t, "INBOX", string(b))
	}
	var mu sync.Mutex
	var kinds []deliver.Kind
	d, _ := newDeliverer(newCounter())
	// The message the complaint is about.
	if _, err := d.Deliver(context.Background(), &deliver.Message{ID: "offer-7@example.net", To: []string{"henry@example.com"}, Data: []byte("Subject: offer\r\n\r\nhi\r\n")}); err != nil {
		t.Fatal(err)
	}
	d.OnEvent = func(e deliver.Event) {
		mu.Lock()
		kinds = append(kinds, e.Kind)
		mu.Unlock()
	}
	r := newReader(s, d)
	if n, err := r.Once(context.Background()); err != nil || n != 2 {
		t.Fatalf("Once = %d, %v; want 2, nil", n, err)
	}
	if got := s.count(t, "Processed"); got != 2 {
		t.Errorf("Processed holds %d mails, want 2", got)
	}
	if len(kinds) != 1 || kinds[0] != deliver.Complained {
		t.Errorf("events %v, want [complained]", kinds)
	}
}

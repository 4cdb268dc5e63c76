package returnpath

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// Defaults of the limits of a [Backend].
const (
	DefaultMaxMessageBytes = 10 << 20        // Backend.MaxMessageBytes
	DefaultMaxRecipients   = 100             // Backend.MaxRecipients (RFC 5321 §4.5.3.1.8)
	DefaultTimeout         = 1 * time.Minute // Backend.Timeout
)

// The replies of the receiver that are not go-smtp's own.
var (
	// errRelay refuses a recipient outside the return-path domains.
	errRelay = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Relaying denied: not a return path of this server"}
	// errBadRcpt refuses a recipient that is not an address.
	errBadRcpt = &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 1, 3}, Message: "Bad recipient address syntax"}
	// errTooManyRcpts refuses the recipients past MaxRecipients; RFC 5321
	// §4.5.3.1.10 asks for 452, which makes the client send the rest in
	// another transaction.
	errTooManyRcpts = &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 5, 3}, Message: "Too many recipients"}
	// errTryLater answers a mail whose outcome could not be recorded: the
	// reporting server keeps it and tries again.
	errTryLater = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Cannot record the report now, try again later"}
)

// Backend is a go-smtp [smtp.Backend] that receives the mail sent to the
// return paths of a [deliver.Deliverer]: bounces, delay notices, complaints
// and whatever else comes back. It accepts recipients only in Domains,
// parses each mail with package dsn and hands the report to
// [deliver.Deliverer.Ingest], once per RCPT TO address (the return path,
// which names the recipient when it is a VERP address), with Source
// "smtp".
//
// The reply to DATA is the outcome of recording: 250 once Ingest returned
// without error for every return path, 451 4.3.0 when it failed (the Store
// or the Deliverer's state could not be written, Timeout passed, or
// another node is recording the same report: [deliver.ErrReportInProgress]),
// so that the reporting server keeps the mail and tries again. A mail that is
// not a report Ingest acts on (ordinary mail, an auto-reply, a delivery
// notice, a report naming no recipient) or that cannot be parsed is
// accepted, so that no bounce loop starts, and handed to Unhandled.
//
// The zero Backend refuses every recipient; set Deliverer and Domains. A
// Backend is safe for concurrent use by multiple goroutines once its fields
// are set. [Server] runs one with its limits; to run it in a go-smtp server
// of your own, pass its address to [smtp.NewServer] and set the server's
// MaxMessageBytes and MaxRecipients to the Backend's (the Backend enforces
// them either way; the server advertises them).
type Backend struct {
	// Deliverer receives the reports. Required.
	Deliverer *deliver.Deliverer
	// Domains are the return-path domains: a RCPT TO in any other domain
	// is refused with 550 5.7.1, so that the receiver is never an open
	// relay. Names compare without regard to case, in their ASCII
	// (A-label) form; subdomains are not included.
	Domains []string
	// Parser parses the mail; nil means Deliverer.Parser, and a zero
	// dsn.Parser when that is nil too.
	Parser *dsn.Parser

	// Unhandled, when set, receives each accepted mail that Ingest does
	// not act on, or that cannot be parsed; an error answers 451 4.3.0, so
	// the mail is offered again later. When nil, such a mail is logged
	// with Logger at warning level and dropped.
	Unhandled func(ctx context.Context, m *Mail) error

	// MaxMessageBytes is the largest mail accepted; a larger one gets
	// 552 5.3.4. 0 means [DefaultMaxMessageBytes], -1 no limit.
	MaxMessageBytes int64
	// MaxRecipients is the number of RCPT TO accepted in one mail; the
	// others get 452 4.5.3. 0 means [DefaultMaxRecipients], -1 no limit.
	MaxRecipients int
	// Timeout bounds the handling of one mail after its data arrived:
	// Ingest and Unhandled (the mail is parsed as it arrives, each read
	// bounded by the server's read timeout). 0 means [DefaultTimeout].
	Timeout time.Duration

	// Logger, when set, receives the mail that could not be recorded (with
	// the error that the 451 reply does not show) and the unhandled mail
	// when Unhandled is nil. nil means silent.
	Logger *slog.Logger
}

var _ smtp.Backend = (*Backend)(nil)

// Mail is a mail accepted by a [Backend] that no report was recorded for,
// as given to Backend.Unhandled.
type Mail struct {
	// From is the envelope sender (MAIL FROM); "" for the null reverse
	// path "<>" of bounces.
	From string
	// To are the return paths it was sent to (RCPT TO).
	To []string
	// Data is the mail as received, with CRLF line ends.
	Data []byte
	// Report is the parse of Data; nil when it could not be parsed. Its
	// Kind says what it is ([dsn.NotReport] for ordinary mail).
	Report *dsn.Report
	// Err is the error of the parser, nil when Data was parsed.
	Err error
}

// NewSession implements [smtp.Backend]. It is called by go-smtp at EHLO,
// and fails when Deliverer is nil.
func (b *Backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	if b.Deliverer == nil {
		return nil, errNoDeliverer
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &session{b: b, ctx: ctx, cancel: cancel}, nil
}

// session is one SMTP session. go-smtp calls its methods from the
// goroutine of the connection, except Data for a mail sent with BDAT (RFC
// 3030), which runs in a goroutine of its own while the connection's
// goroutine goes on: a RSET then resets the session, and a new
// transaction may begin, while that Data is still returning. So the
// envelope is guarded by mu, and Data works on a copy of it.
type session struct {
	b      *Backend
	ctx    context.Context // cancelled when the connection closes
	cancel context.CancelFunc

	mu   sync.Mutex
	from string
	to   []string
}

func (s *session) Reset() {
	s.mu.Lock()
	s.from, s.to = "", nil
	s.mu.Unlock()
}

// envelope returns a copy of the envelope of the transaction.
func (s *session) envelope() (from string, to []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.from, slices.Clone(s.to)
}

func (s *session) Logout() error {
	s.cancel()
	return nil
}

// Mail accepts any reverse path, the null one "<>" of bounces included.
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.mu.Lock()
	s.from, s.to = from, nil
	s.mu.Unlock()
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.b.MaxRecipients; n >= 0 && len(s.to) >= orDefault(n, DefaultMaxRecipients) {
		return errTooManyRcpts
	}
	// go-smtp refuses a path without a domain, so the bare "postmaster"
	// of RFC 5321 §4.5.1 never comes here; "postmaster@" a return-path
	// domain does, and is accepted (and goes to Unhandled).
	at := strings.LastIndexByte(to, '@')
	if at <= 0 {
		return errBadRcpt
	}
	if !s.b.ours(to[at+1:]) {
		return errRelay
	}
	s.to = append(s.to, to)
	return nil
}

// ours reports whether domain is one of the return-path domains.
func (b *Backend) ours(domain string) bool {
	d, err := addr.ToASCII(domain)
	if err != nil {
		return false
	}
	for _, rd := range b.Domains {
		if a, err := addr.ToASCII(rd); err == nil && a == d {
			return true
		}
	}
	return false
}

func (s *session) Data(r io.Reader) error {
	b := s.b
	from, to := s.envelope()

	src := io.Reader(r)
	if n := b.MaxMessageBytes; n >= 0 {
		src = &limitReader{r: r, n: orDefault(n, DefaultMaxMessageBytes)}
	}
	var raw *bytes.Buffer
	if b.Unhandled != nil {
		raw = new(bytes.Buffer)
		src = io.TeeReader(src, raw)
	}
	p := b.Parser
	if p == nil {
		p = b.Deliverer.Parser
	}
	if p == nil {
		p = &dsn.Parser{}
	}
	rep, perr := p.Parse(src)
	// The parser stops once it has what it needs: read the rest, to
	// enforce the size limit and to keep the whole mail for Unhandled.
	if _, err := io.Copy(io.Discard, src); err != nil {
		if errors.Is(err, errTooLarge) || errors.Is(err, smtp.ErrDataTooLarge) {
			return smtp.ErrDataTooLarge
		}
		// The connection failed, most likely; if it did not, a 4xx has
		// the mail sent again, where go-smtp's default 554 would lose it.
		b.log(s.ctx, slog.LevelWarn, "returnpath: reading a mail failed", &Mail{From: from, To: to}, err)
		return errReadFailed
	}

	// Timeout counts from here, once the data arrived: a mail slow to
	// arrive (ReadTimeout bounds each read) must not leave it no time,
	// which would answer it 451 each time it is offered.
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(s.ctx, timeout)
	defer cancel()

	m := &Mail{From: from, To: to, Report: rep, Err: perr}
	if raw != nil {
		m.Data = raw.Bytes()
	}
	if perr != nil {
		return s.unhandled(ctx, m)
	}
	// Ingest decides what it acts on: it gives no result for a kind of
	// mail it does not act on, nor for a report that names no recipient.
	recorded := false
	for _, rp := range to {
		res, err := b.Deliverer.Ingest(ctx, deliver.Incoming{Report: rep, ReturnPath: rp, Source: "smtp"})
		if errors.Is(err, deliver.ErrReportInProgress) {
			// Expected when a remote MTA retries on another MX while
			// this one still records: it comes back and finds it done.
			b.log(ctx, slog.LevelInfo, "returnpath: another node is recording this report; answered 451", m, err)
			return errTryLater
		}
		if err != nil {
			b.log(ctx, slog.LevelError, "returnpath: cannot record a report; answered 451", m, err)
			return errTryLater
		}
		recorded = recorded || len(res) > 0
	}
	if !recorded {
		return s.unhandled(ctx, m)
	}
	return nil
}

// unhandled hands m to Backend.Unhandled, or logs it.
func (s *session) unhandled(ctx context.Context, m *Mail) error {
	b := s.b
	if b.Unhandled == nil {
		b.log(ctx, slog.LevelWarn, "returnpath: accepted a mail that is not a report; set Backend.Unhandled to keep it", m, m.Err)
		return nil
	}
	if err := b.Unhandled(ctx, m); err != nil {
		b.log(ctx, slog.LevelError, "returnpath: Unhandled failed; answered 451", m, err)
		return errTryLater
	}
	return nil
}

func (b *Backend) log(ctx context.Context, level slog.Level, msg string, m *Mail, err error) {
	if b.Logger == nil {
		return
	}
	attrs := []slog.Attr{slog.String("from", m.From), slog.Any("to", m.To)}
	if m.Report != nil {
		attrs = append(attrs, slog.String("kind", string(m.Report.Kind)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	b.Logger.LogAttrs(ctx, level, msg, attrs...)
}

// errReadFailed answers a mail whose data could not be read whole.
var errReadFailed = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Error reading the message, try again later"}

var errNoDeliverer = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 5}, Message: "returnpath: Backend.Deliverer is nil"}

// errTooLarge is the error of a limitReader past its limit.
var errTooLarge = errors.New("returnpath: mail exceeds MaxMessageBytes")

// limitReader reads at most n bytes from r, then fails with errTooLarge
// when more remain.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// One byte more tells a mail of exactly the limit from a longer one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func orDefault[T ~int | ~int64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

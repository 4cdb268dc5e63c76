package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
)

// Security is how the connection to the IMAP server is protected, as a
// word for configuration files. The zero value is [ImplicitTLS].
type Security string

// The security modes.
const (
	ImplicitTLS Security = ""         // TLS from the first byte (port 993)
	StartTLS    Security = "starttls" // STARTTLS before authenticating (port 143)
	Insecure    Security = "insecure" // no TLS: loopback and tests only
)

// Defaults of the Reader's limits.
const (
	DefaultPollInterval   = time.Minute
	DefaultRetryInterval  = 30 * time.Second
	DefaultMaxBytes       = 10 << 20
	DefaultBatch          = 50
	DefaultMailbox        = "INBOX"
	defaultDialTimeout    = 30 * time.Second
	maxPendingPerValidity = 1 << 16
)

// Reader reads the bounce mails of an IMAP mailbox, hands each to the
// Deliverer and marks it done only once its outcome is recorded: moved to
// DoneMailbox, or flagged \Deleted and expunged. It waits for new mail with
// IDLE where the server has it (RFC 2177, or IMAP4rev2), and polls every
// PollInterval otherwise.
//
// Mails are found by UID within the mailbox's UIDVALIDITY (RFC 3501
// §2.3.1.1), so that a mail whose outcome was recorded but whose move
// failed (the connection dropped in between) is not handed over again by
// the same Reader, and each is handed to [deliver.Deliverer.Ingest] with a
// key made of the mailbox, its UIDVALIDITY and its UID: a Reader that
// restarts and reads such a mail again hands over the same key, and
// Ingest records it once.
//
// A mail that is not a report (a person's reply) or that cannot be parsed
// is never deleted: it is moved to UnhandledMailbox when that is set, and
// otherwise left where it is, read once per run of the Reader.
//
// Configure a Reader through its fields, then call [Reader.Run] (the loop)
// or [Reader.Once] (one pass). A Reader is safe for concurrent use by
// multiple goroutines, but its passes do not overlap: a second Run or
// Once waits for the first to end.
type Reader struct {
	// Deliverer records the outcomes. Required.
	Deliverer *deliver.Deliverer

	// Addr is the server's host:port. Required.
	Addr string
	// Security selects implicit TLS (the zero value), STARTTLS or none.
	Security Security
	// TLSConfig configures TLS; nil means the defaults with ServerName
	// taken from Addr.
	TLSConfig *tls.Config
	// Dial opens the connection; nil means a net.Dialer with a 30 s
	// timeout.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)

	// Username and Password log in with LOGIN, unless SASL is set.
	Username, Password string
	// SASL, when set, returns the SASL client to AUTHENTICATE with (RFC
	// 4959), e.g. sasl.NewPlainClient or an OAUTHBEARER client.
	SASL func() sasl.Client

	// Mailbox is the mailbox read; "" means INBOX.
	Mailbox string
	// DoneMailbox is where handled mails are moved (created when
	// missing); "" means they are flagged \Deleted and expunged.
	DoneMailbox string
	// UnhandledMailbox, when set, is where mails that are not reports or
	// cannot be parsed are moved; "" leaves them in Mailbox.
	UnhandledMailbox string

	// PollInterval is the time between two looks at the mailbox when the
	// server has no IDLE (or Poll is set), and the longest IDLE before the
	// Reader looks anyway, in case the server missed a notification; 0
	// means DefaultPollInterval.
	PollInterval time.Duration
	// Poll makes the Reader poll even when the server has IDLE.
	Poll bool
	// RetryInterval is the wait after a failed pass (connection lost,
	// Store down) before the next; 0 means DefaultRetryInterval.
	RetryInterval time.Duration
	// MaxBytes caps the bytes fetched of one mail (0 means
	// DefaultMaxBytes): a longer mail is parsed from its beginning, which
	// holds the report.
	MaxBytes int64
	// Batch is the number of mails fetched per command; 0 means
	// DefaultBatch.
	Batch int

	// Logger, when set, receives the errors of Run, which has no caller to
	// return them to, and the mails left unhandled. nil means silent.
	Logger *slog.Logger

	run sync.Mutex // serialises passes; guards the fields below

	validity uint32
	next     imap.UID              // the UIDs below next were read in this validity
	pending  map[imap.UID]struct{} // recorded, not yet marked done
}

// Once connects, hands every mail of the mailbox that was not handled yet
// to the Deliverer, marks the handled ones done and logs out. It returns
// the number of reports handled in this pass (including those recorded
// by an earlier pass whose marking failed), and the first error: of the
// connection, of the server, or of Ingest (the mails not yet recorded then
// stay in the mailbox for the next pass). Cancelling ctx closes the
// connection.
func (r *Reader) Once(ctx context.Context) (int, error) {
	r.run.Lock()
	defer r.run.Unlock()
	c, _, err := r.connect(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	n, err := r.pass(ctx, c)
	if err != nil {
		return n, err
	}
	c.Logout().Wait() // the work is done; a failed LOGOUT changes nothing
	return n, nil
}

// Run reads the mailbox until ctx is cancelled: a pass over the mailbox,
// then IDLE until new mail arrives (or PollInterval when polling), and
// again. A failed pass is logged and tried again after RetryInterval, on a
// new connection if the old one broke. Run returns ctx's error.
func (r *Reader) Run(ctx context.Context) error {
	r.run.Lock()
	defer r.run.Unlock()
	for ctx.Err() == nil {
		err := r.session(ctx)
		if ctx.Err() != nil {
			break
		}
		if err != nil && r.Logger != nil {
			r.Logger.Warn("mailbox: pass failed", slog.String("addr", r.Addr), slog.String("mailbox", r.mailbox()), slog.String("err", err.Error()))
		}
		wait(ctx, durationOr(r.RetryInterval, DefaultRetryInterval))
	}
	return ctx.Err()
}

// session runs passes on one connection until it fails.
func (r *Reader) session(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	c, idle, err := r.connect(ctx, wake)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	for {
		if _, err := r.pass(ctx, c); err != nil {
			return err
		}
		if idle && !r.Poll {
			if err := waitIdle(ctx, c, wake, durationOr(r.PollInterval, DefaultPollInterval)); err != nil {
				return err
			}
			continue
		}
		if !wait(ctx, durationOr(r.PollInterval, DefaultPollInterval)) {
			return ctx.Err()
		}
	}
}

// waitIdle runs IDLE until the server reports new mail, max passes or ctx
// ends.
func waitIdle(ctx context.Context, c *imapclient.Client, wake <-chan struct{}, max time.Duration) error {
	// Some servers send the updates of the last command only after the
	// next one, and IDLE does not flush them: NOOP does.
	if err := c.Noop().Wait(); err != nil {
		return fmt.Errorf("mailbox: NOOP: %w", err)
	}
	select {
	case <-wake:
		return nil
	default:
	}
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("mailbox: IDLE: %w", err)
	}
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-wake:
	case <-t.C:
	case <-ctx.Done():
	case <-c.Closed():
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("mailbox: ending IDLE: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("mailbox: IDLE: %w", err)
	}
	return ctx.Err()
}

func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func durationOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (r *Reader) mailbox() string {
	if r.Mailbox == "" {
		return DefaultMailbox
	}
	return r.Mailbox
}

// connect dials, secures, authenticates and selects the mailbox. wake, when
// not nil, receives a value when the server reports more messages. idle
// tells whether the server has IDLE.
func (r *Reader) connect(ctx context.Context, wake chan<- struct{}) (c *imapclient.Client, idle bool, err error) {
	if r.Deliverer == nil {
		return nil, false, errors.New("mailbox: no Deliverer")
	}
	if r.DoneMailbox == r.mailbox() || r.UnhandledMailbox == r.mailbox() {
		return nil, false, fmt.Errorf("mailbox: DoneMailbox and UnhandledMailbox must differ from Mailbox %q", r.mailbox())
	}
	dial := r.Dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: defaultDialTimeout}).DialContext
	}
	conn, err := dial(ctx, "tcp", r.Addr)
	if err != nil {
		return nil, false, fmt.Errorf("mailbox: dialing %s: %w", r.Addr, err)
	}
	cfg := r.TLSConfig.Clone()
	if cfg == nil {
		cfg = &tls.Config{}
	}
	if cfg.ServerName == "" {
		host, _, _ := net.SplitHostPort(r.Addr)
		cfg.ServerName = host
	}
	opts := &imapclient.Options{TLSConfig: cfg}
	if wake != nil {
		// Any EXISTS wakes the Reader: a spurious wake costs one SEARCH.
		opts.UnilateralDataHandler = &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case wake <- struct{}{}:
					default:
					}
				}
			},
		}
	}
	// The client takes no context: closing the connection aborts what it
	// is doing when ctx ends.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	switch r.Security {
	case ImplicitTLS:
		c = imapclient.New(tls.Client(conn, cfg), opts)
	case StartTLS:
		c, err = imapclient.NewStartTLS(conn, opts)
		if err != nil {
			conn.Close()
			return nil, false, fmt.Errorf("mailbox: STARTTLS with %s: %w", r.Addr, err)
		}
	case Insecure:
		c = imapclient.New(conn, opts)
	default:
		conn.Close()
		return nil, false, fmt.Errorf("mailbox: unknown Security %q", r.Security)
	}
	fail := func(what string, err error) (*imapclient.Client, bool, error) {
		c.Close()
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, false, fmt.Errorf("mailbox: %s on %s: %w", what, r.Addr, err)
	}
	if err := c.WaitGreeting(); err != nil {
		return fail("greeting", err)
	}
	if r.SASL != nil {
		err = c.Authenticate(r.SASL())
	} else {
		err = c.Login(r.Username, r.Password).Wait()
	}
	if err != nil {
		return fail("authenticating", err)
	}
	for _, mb := range []string{r.DoneMailbox, r.UnhandledMailbox} {
		if mb != "" {
			// An existing mailbox answers NO; a real failure shows at the
			// first MOVE.
			c.Create(mb, nil).Wait()
		}
	}
	sel, err := c.Select(r.mailbox(), nil).Wait()
	if err != nil {
		return fail("selecting "+strconv.Quote(r.mailbox()), err)
	}
	if sel.UIDValidity != r.validity {
		r.validity, r.next, r.pending = sel.UIDValidity, 0, nil
	}
	return c, c.Caps().Has(imap.CapIdle), nil
}

// pass hands the mails not yet handled to the Deliverer and marks them.
func (r *Reader) pass(ctx context.Context, c *imapclient.Client) (int, error) {
	data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("mailbox: searching %q: %w", r.mailbox(), err)
	}
	var todo []imap.UID
	for _, u := range data.AllUIDs() {
		if _, p := r.pending[u]; u >= r.next || p {
			todo = append(todo, u)
		}
	}
	slices.Sort(todo)
	batch := r.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	total := 0
	for len(todo) > 0 && ctx.Err() == nil {
		n := min(batch, len(todo))
		done, err := r.batch(ctx, c, todo[:n])
		total += done
		if err != nil {
			return total, err
		}
		todo = todo[n:]
	}
	return total, ctx.Err()
}

// batch fetches, hands over and marks the mails uids (ascending).
//
// Verdicts count only once the FETCH completed: a mail whose body was cut
// by a broken connection is neither handed over nor taken for ordinary
// mail, and the UIDs of the batch are not passed over.
func (r *Reader) batch(ctx context.Context, c *imapclient.Client, uids []imap.UID) (int, error) {
	size := r.MaxBytes
	if size <= 0 {
		size = DefaultMaxBytes
	}
	sect := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: size}}
	cmd := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sect}})
	var done, unhandled imap.UIDSet
	var doneList []imap.UID
	var stopErr error // an Ingest or read failure: hand nothing more over
	var last imap.UID // the highest UID given a verdict before stopErr
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		var uid imap.UID
		for {
			item := msg.Next()
			if item == nil {
				break
			}
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				uid = it.UID
			case imapclient.FetchItemDataBodySection:
				if it.Literal == nil || uid == 0 || stopErr != nil {
					continue
				}
				if _, p := r.pending[uid]; p {
					done.AddNum(uid) // recorded earlier; only the move failed
					doneList = append(doneList, uid)
					last = uid
					continue
				}
				ok, err := r.handle(ctx, uid, it.Literal)
				var re *readError
				if errors.As(err, &re) {
					// The connection broke. go-imap would read the
					// literal again to discard it, racing with its own
					// reader: drop the connection instead of draining.
					c.Close()
					return len(doneList), err
				}
				switch {
				case err != nil:
					stopErr = err
				case ok:
					done.AddNum(uid)
					doneList = append(doneList, uid)
					r.addPending(uid)
					last = uid
				default:
					unhandled.AddNum(uid)
					last = uid
				}
			}
		}
	}
	if err := cmd.Close(); err != nil {
		// The recorded mails stay pending: the next pass marks them.
		return len(doneList), errors.Join(stopErr, fmt.Errorf("mailbox: fetching from %q: %w", r.mailbox(), err))
	}
	if last >= r.next {
		r.next = last + 1
	}
	if len(doneList) > 0 {
		if err := r.markDone(c, done); err != nil {
			return len(doneList), errors.Join(stopErr, err)
		}
		r.donePending(doneList)
	}
	if stopErr != nil {
		return len(doneList), stopErr
	}
	if r.UnhandledMailbox != "" && len(unhandled) > 0 {
		if _, err := c.Move(unhandled, r.UnhandledMailbox).Wait(); err != nil {
			return len(doneList), fmt.Errorf("mailbox: moving unhandled mail to %q: %w", r.UnhandledMailbox, err)
		}
	}
	return len(doneList), nil
}

// readTracker makes the first error of a literal sticky and remembers it
// unless it is io.EOF. The client's reading goroutine takes the connection
// back as soon as the literal returned an error: the literal must not be
// read again after that.
type readTracker struct {
	r    io.Reader
	err  error // the first error other than io.EOF
	done error // the first error
}

func (t *readTracker) Read(p []byte) (int, error) {
	if t.done != nil {
		return 0, t.done
	}
	n, err := t.r.Read(p)
	if err != nil {
		t.done = err
		if err != io.EOF {
			t.err = err
		}
	}
	return n, err
}

// readError is a failure to read a mail's body: the connection broke.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// handle parses one mail and hands its report to the Deliverer. ok is
// false for a mail that is not a report or cannot be parsed. A mail whose
// body could not be read in full is an error, not handed over.
func (r *Reader) handle(ctx context.Context, uid imap.UID, body io.Reader) (ok bool, err error) {
	p := r.Deliverer.Parser
	if p == nil {
		p = &dsn.Parser{}
	}
	tr := &readTracker{r: body}
	rep, perr := p.Parse(tr)
	io.Copy(io.Discard, tr)
	if tr.err != nil {
		return false, &readError{fmt.Errorf("mailbox: reading mail %d of %q: %w", uid, r.mailbox(), tr.err)}
	}
	if perr != nil || rep.Kind == dsn.NotReport {
		if r.Logger != nil {
			msg := "not a report"
			if perr != nil {
				msg = perr.Error()
			}
			r.Logger.Info("mailbox: mail left unhandled", slog.String("mailbox", r.mailbox()), slog.Uint64("uid", uint64(uid)), slog.String("why", msg))
		}
		return false, nil
	}
	key := "imap:" + r.Username + "@" + r.Addr + "/" + r.mailbox() + "/" + strconv.FormatUint(uint64(r.validity), 10) + "/" + strconv.FormatUint(uint64(uid), 10)
	if _, err := r.Deliverer.Ingest(ctx, deliver.Incoming{Report: rep, ReturnPath: rep.ReturnPath, Key: key, Source: "imap"}); err != nil {
		return false, fmt.Errorf("mailbox: mail %d of %q: %w", uid, r.mailbox(), err)
	}
	return true, nil
}

// markDone moves the mails to DoneMailbox, or flags and expunges them.
func (r *Reader) markDone(c *imapclient.Client, uids imap.UIDSet) error {
	if r.DoneMailbox != "" {
		if _, err := c.Move(uids, r.DoneMailbox).Wait(); err != nil {
			return fmt.Errorf("mailbox: moving handled mail to %q: %w", r.DoneMailbox, err)
		}
		return nil
	}
	if err := c.Store(uids, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		return fmt.Errorf("mailbox: flagging handled mail: %w", err)
	}
	var exp *imapclient.ExpungeCommand
	if c.Caps().Has(imap.CapUIDPlus) {
		exp = c.UIDExpunge(uids)
	} else {
		exp = c.Expunge()
	}
	if err := exp.Close(); err != nil {
		return fmt.Errorf("mailbox: expunging handled mail: %w", err)
	}
	return nil
}

func (r *Reader) addPending(uid imap.UID) {
	if r.pending == nil {
		r.pending = make(map[imap.UID]struct{})
	}
	if len(r.pending) < maxPendingPerValidity {
		r.pending[uid] = struct{}{}
	}
}

func (r *Reader) donePending(uids []imap.UID) {
	for _, u := range uids {
		delete(r.pending, u)
	}
}

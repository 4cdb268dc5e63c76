package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/statepolicy"
)

// DB is what a State needs of its client: *pgxpool.Pool, *pgx.Conn and
// pgx.Tx all implement it.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// State is a [deliver.State] in PostgreSQL, shared by every Deliverer
// whose State uses the same database and Table. Create it with [New] or as
// a struct literal with DB set, and set the fields before the first call.
// The tables and functions must exist: run [State.CreateSchema] once (it
// is idempotent), or apply [Schema] with a migration tool.
//
// A State is safe for concurrent use by multiple goroutines, and any
// number of processes may share the tables.
type State struct {
	// DB is the client. Required. Use a pool: a single *pgx.Conn does not
	// reconnect after an outage.
	DB DB
	// Table is the name the tables and functions start with, optionally
	// qualified by its schema: pgx.Identifier{"mail", "state"} makes
	// mail.state_campaign, mail.state_gate and so on. Nil means
	// DefaultTable in the search_path. Names are quoted, so they are
	// case-sensitive.
	Table pgx.Identifier
	// IdleFor is how long an active campaign's guard state is kept
	// without a Settle; 0 means DefaultIdleFor, -1 forever. Paused and
	// cancelled campaigns are kept until Forget.
	IdleFor time.Duration
	// Now returns the current time, by which Sent, SentTo and Handled
	// judge expiry, and from which GateSettle keeps the Op of a
	// settlement for deliver.OpFor (from its Now when that is later);
	// nil means time.Now.
	Now func() time.Time

	once    sync.Once
	initErr error
	table   pgx.Identifier
	q       queries
}

// DefaultIdleFor is how long an active campaign is kept without a Settle
// when State.IdleFor is 0.
const DefaultIdleFor = 30 * 24 * time.Hour

// New returns a State that uses db with the default names.
func New(db DB) *State { return &State{DB: db} }

var (
	_ deliver.State         = (*State)(nil)
	_ deliver.GateSettler   = (*State)(nil)
	_ deliver.ReportClaimer = (*State)(nil)
)

func (s *State) init() error {
	s.once.Do(func() {
		if s.DB == nil {
			s.initErr = errors.New("pgstate: State.DB is nil")
			return
		}
		s.table = s.Table
		if len(s.table) == 0 {
			s.table = pgx.Identifier{DefaultTable}
		}
		for _, part := range s.table {
			if part == "" || strings.IndexByte(part, 0) >= 0 {
				s.initErr = fmt.Errorf("pgstate: invalid table name %q", []string(s.table))
				return
			}
		}
		s.q = newQueries(s.table)
	})
	return s.initErr
}

func (s *State) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// CreateSchema creates the tables and functions of s unless they exist (it
// replaces the functions), in one transaction that holds an advisory lock,
// so that processes starting together do not race. The schema named in
// Table must exist.
func (s *State) CreateSchema(ctx context.Context) error {
	if err := s.init(); err != nil {
		return err
	}
	// Without arguments, pgx sends this with the simple protocol: the
	// statements run as one implicit transaction.
	sql := `SELECT pg_advisory_xact_lock(hashtext('bouncekit_state ' || ` + quoteLiteral(s.table.Sanitize()) + `));
` + s.q.schema
	if _, err := s.DB.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgstate: create schema %s: %w", s.table.Sanitize(), err)
	}
	return nil
}

func quoteLiteral(v string) string { return `'` + strings.ReplaceAll(v, `'`, `''`) + `'` }

// stats is a campaign's row as the functions return it.
type stats struct {
	state       pgtype.Text
	pausedUntil pgtype.Timestamptz
	pauses      pgtype.Int4
	w           [3]pgtype.Int8
	all         [3]pgtype.Int8
}

func (c *stats) dest() []any {
	return []any{&c.state, &c.pausedUntil, &c.pauses, &c.w[0], &c.w[1], &c.w[2], &c.all[0], &c.all[1], &c.all[2]}
}

func (c *stats) stats() deliver.CampaignStats {
	var st deliver.CampaignStats
	if !c.state.Valid {
		return st
	}
	st.State = deliver.CampaignState(c.state.String)
	if c.pausedUntil.Valid {
		st.PausedUntil = c.pausedUntil.Time
	}
	st.Pauses = int(c.pauses.Int32)
	st.Window.Attempted, st.Window.Bounced, st.Window.Complained = int(c.w[0].Int64), int(c.w[1].Int64), int(c.w[2].Int64)
	st.Attempted, st.Bounced, st.Complained = int(c.all[0].Int64), int(c.all[1].Int64), int(c.all[2].Int64)
	return st
}

// Gate implements [deliver.State.Gate] with one statement, a call of the
// gate function: it resumes the campaign whose pause is over, and locks
// and takes the tokens of the throttled domains among the request's (in
// name order). A request whose domains are not throttled only reads.
func (s *State) Gate(ctx context.Context, req deliver.GateRequest) (deliver.GateResult, error) {
	if err := s.init(); err != nil {
		return deliver.GateResult{}, err
	}
	res := deliver.GateResult{Allowed: make([]bool, len(req.Domains)), RetryAt: make([]time.Time, len(req.Domains))}
	if req.Campaign == "" && (len(req.Domains) == 0 || req.Throttle.Disabled) {
		for i := range res.Allowed {
			res.Allowed[i] = true
		}
		return res, nil
	}
	var c stats
	var allowed []bool
	var retry []pgtype.Timestamptz
	domains := req.Domains
	if domains == nil {
		domains = []string{}
	}
	err := s.DB.QueryRow(ctx, s.q.gate, req.Campaign, domains, req.Guard.Disabled, req.Throttle.Disabled, req.Now).
		Scan(append(c.dest(), &res.Resumed, &allowed, &retry)...)
	if err != nil {
		return deliver.GateResult{}, fmt.Errorf("pgstate: gate campaign %q: %w", req.Campaign, err)
	}
	if len(allowed) != len(req.Domains) || len(retry) != len(req.Domains) {
		return deliver.GateResult{}, fmt.Errorf("pgstate: gate campaign %q: %d answers for %d domains", req.Campaign, len(allowed), len(req.Domains))
	}
	res.Campaign = c.stats()
	copy(res.Allowed, allowed)
	for i, r := range retry {
		if r.Valid {
			res.RetryAt[i] = r.Time
		}
	}
	return res, nil
}

// Settle implements [deliver.State.Settle] with one statement, a call of
// the settle function, which runs as one transaction: the report's key is
// inserted first (a duplicate stops there), then the message is tracked,
// the domains relieved and struck, and the campaign counted and judged
// last, so that its row, which every Settle of the campaign locks, is held
// for the shortest time. Each tracked message and each report deletes up
// to 16 expired rows of its table.
//
// A request with an Op is settled through the gate_settle function, as
// [State.GateSettle] does, so that its Op is applied once.
func (s *State) Settle(ctx context.Context, req deliver.SettleRequest) (deliver.SettleResult, error) {
	if err := s.init(); err != nil {
		return deliver.SettleResult{}, err
	}
	if req.Op != "" {
		sr, _, err := s.GateSettle(ctx, []deliver.SettleRequest{req}, deliver.GateRequest{})
		if err != nil {
			return deliver.SettleResult{}, err
		}
		return sr[0], nil
	}
	g := statepolicy.GuardOf(req.Guard)
	th := statepolicy.ThrottleOf(req.Throttle)
	var tr deliver.SentMessage
	var trackUntil time.Time
	if req.Track != nil {
		tr = *req.Track
		trackUntil = req.Now.Add(statepolicy.Or(req.TrackFor, deliver.DefaultTrackFor))
	}
	if tr.Rcpts == nil {
		tr.Rcpts = []string{}
	}
	reportUntil := req.Now.Add(statepolicy.Or(req.ReportFor, deliver.DefaultTrackFor))
	var c stats
	var res deliver.SettleResult
	var changed string
	err := s.DB.QueryRow(ctx, s.q.settle,
		req.Campaign, req.Attempted, req.Bounced, req.Complained,
		nonNil(req.Strike), nonNil(req.Relieve),
		tr.ID, tr.Campaign, tr.Scope.Tenant, tr.Scope.List, tr.Rcpts, tr.Sent, trackUntil,
		req.Report, reportUntil,
		g.Disabled, g.BounceRate, g.ComplaintRate, g.MinSample, g.Pause.Seconds(), g.MaxPauses,
		th.Disabled, th.Pause.Seconds(), th.MaxPause.Seconds(), th.Rate,
		s.idle(), req.Now,
	).Scan(append(c.dest(), &changed, &res.Duplicate)...)
	if err != nil {
		return deliver.SettleResult{}, fmt.Errorf("pgstate: settle campaign %q: %w", req.Campaign, err)
	}
	res.Campaign = c.stats()
	res.Changed = deliver.CampaignState(changed)
	return res, nil
}

// pending is one settlement of GateSettle, in the JSON that the
// gate_settle function reads (one object per settlement, in an array).
type pending struct {
	Campaign      string   `json:"c,omitempty"`
	Attempted     int      `json:"a,omitempty"`
	Bounced       int      `json:"b,omitempty"`
	Complained    int      `json:"k,omitempty"`
	Strike        []string `json:"s,omitempty"`
	Relieve       []string `json:"r,omitempty"`
	TrackID       string   `json:"ti,omitempty"`
	TrackCampaign string   `json:"tc,omitempty"`
	TrackTenant   string   `json:"tt,omitempty"`
	TrackList     string   `json:"tl,omitempty"`
	TrackRcpts    []string `json:"tr,omitempty"`
	TrackSent     *string  `json:"ts,omitempty"`
	TrackUntil    *string  `json:"tu,omitempty"`
	Report        string   `json:"rp,omitempty"`
	ReportUntil   *string  `json:"ru,omitempty"`
	GuardOff      bool     `json:"gd,omitempty"`
	BounceRate    float64  `json:"br"`
	ComplaintRate float64  `json:"cr"`
	MinSample     int      `json:"ms"`
	Pause         float64  `json:"gp"` // seconds
	MaxPauses     int      `json:"mp"`
	ThrottleOff   bool     `json:"td,omitempty"`
	TPause        float64  `json:"tp"` // seconds
	TMaxPause     float64  `json:"tm"` // seconds
	TRate         float64  `json:"rt"`
	Op            string   `json:"op,omitempty"`
	OpUntil       *string  `json:"ou,omitempty"`
	Now           *string  `json:"now"`
}

// pgTime writes t as PostgreSQL reads a timestamptz, to the microsecond
// (truncated, as pgx's binary encoding does); nil for the zero time.
func pgTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := t.UTC().Format("2006-01-02T15:04:05.999999Z07:00")
	return &v
}

// newPending returns req as GateSettle sends it at now (by the State's
// clock).
func newPending(req deliver.SettleRequest, now time.Time) pending {
	g := statepolicy.GuardOf(req.Guard)
	th := statepolicy.ThrottleOf(req.Throttle)
	p := pending{
		Campaign: req.Campaign, Attempted: req.Attempted, Bounced: req.Bounced, Complained: req.Complained,
		Strike: req.Strike, Relieve: req.Relieve,
		GuardOff: g.Disabled, BounceRate: g.BounceRate, ComplaintRate: g.ComplaintRate, MinSample: g.MinSample,
		Pause: g.Pause.Seconds(), MaxPauses: g.MaxPauses,
		ThrottleOff: th.Disabled, TPause: th.Pause.Seconds(), TMaxPause: th.MaxPause.Seconds(), TRate: th.Rate,
		Now: pgTime(req.Now),
	}
	if m := req.Track; m != nil {
		p.TrackID, p.TrackCampaign, p.TrackTenant, p.TrackList, p.TrackRcpts = m.ID, m.Campaign, m.Scope.Tenant, m.Scope.List, m.Rcpts
		p.TrackSent = pgTime(m.Sent)
		p.TrackUntil = pgTime(req.Now.Add(statepolicy.Or(req.TrackFor, deliver.DefaultTrackFor)))
	}
	if req.Report != "" {
		p.Report = req.Report
		p.ReportUntil = pgTime(req.Now.Add(statepolicy.Or(req.ReportFor, deliver.DefaultTrackFor)))
	}
	if req.Op != "" {
		// The Op is kept for OpFor from its application (the call), or
		// from req.Now when it is later: a settlement deferred for longer
		// than OpFor (its Now is its send's) is remembered as long as one
		// applied at once.
		applied := req.Now
		if now.After(applied) {
			applied = now
		}
		p.Op, p.OpUntil = req.Op, pgTime(applied.Add(deliver.OpFor))
	}
	return p
}

// deadlockTries is how many times GateSettle runs its statement when the
// server cancels it to break a deadlock.
const deadlockTries = 3

// GateSettle implements [deliver.GateSettler] with one statement, a call
// of the gate_settle function, one transaction: it locks the throttled
// domains of all the settlements and of the gate in name order, then
// their campaigns in name order, applies the settlements as the settle
// function does, in the order given (one whose Op was applied before is
// skipped, and answers with the change it made then), and then gates as
// the gate function does, after them. A new domain struck, or a new
// campaign, takes its lock later; when that makes a deadlock with another transaction, which
// the server breaks by cancelling one of them after its deadlock_timeout,
// the cancelled statement is run again, up to 3 times. With no
// settlement, it is Gate.
func (s *State) GateSettle(ctx context.Context, pend []deliver.SettleRequest, req deliver.GateRequest) ([]deliver.SettleResult, deliver.GateResult, error) {
	if err := s.init(); err != nil {
		return nil, deliver.GateResult{}, err
	}
	gate := req.Campaign != "" || (len(req.Domains) > 0 && !req.Throttle.Disabled)
	if len(pend) == 0 {
		if !gate && len(req.Domains) == 0 {
			return nil, deliver.GateResult{}, nil
		}
		g, err := s.Gate(ctx, req)
		return nil, g, err
	}
	// The settlements go in the order given; the function locks their
	// campaigns in name order first.
	ps := make([]pending, len(pend))
	var lock []string // the domains whose rows are locked first
	now := s.now()
	for i := range pend {
		ps[i] = newPending(pend[i], now)
		lock = append(lock, pend[i].Strike...)
		lock = append(lock, pend[i].Relieve...)
	}
	if gate && !req.Throttle.Disabled {
		lock = append(lock, req.Domains...)
	}
	slices.Sort(lock)
	lock = slices.Compact(lock)
	if lock == nil {
		lock = []string{}
	}
	js, err := json.Marshal(ps)
	if err != nil {
		return nil, deliver.GateResult{}, fmt.Errorf("pgstate: gate and settle: %w", err)
	}
	domains := req.Domains
	if domains == nil {
		domains = []string{}
	}
	var (
		c        stats
		resumed  bool
		allowed  []bool
		retry    []pgtype.Timestamptz
		sState   []pgtype.Text
		sPaused  []pgtype.Timestamptz
		sPauses  []pgtype.Int4
		sCounts  []pgtype.Int8
		sChanged []string
		sDup     []bool
	)
	for try := 1; ; try++ {
		err = s.DB.QueryRow(ctx, s.q.gateSettle, js, lock, s.idle(), gate, req.Campaign, domains, req.Guard.Disabled, req.Throttle.Disabled, req.Now).
			Scan(append(c.dest(), &resumed, &allowed, &retry, &sState, &sPaused, &sPauses, &sCounts, &sChanged, &sDup)...)
		var pe *pgconn.PgError
		if err == nil || try == deadlockTries || !errors.As(err, &pe) || pe.Code != "40P01" {
			break
		}
	}
	if err != nil {
		return nil, deliver.GateResult{}, fmt.Errorf("pgstate: %d settlements and gate of campaign %q: %w", len(pend), req.Campaign, err)
	}
	n := len(pend)
	if len(sState) != n || len(sPaused) != n || len(sPauses) != n || len(sCounts) != 6*n || len(sChanged) != n || len(sDup) != n {
		return nil, deliver.GateResult{}, fmt.Errorf("pgstate: %d settlements and gate of campaign %q: answers for %d settlements", n, req.Campaign, len(sState))
	}
	out := make([]deliver.SettleResult, n)
	for i := range out {
		st := stats{state: sState[i], pausedUntil: sPaused[i], pauses: sPauses[i]}
		copy(st.w[:], sCounts[6*i:6*i+3])
		copy(st.all[:], sCounts[6*i+3:6*i+6])
		out[i] = deliver.SettleResult{Campaign: st.stats(), Changed: deliver.CampaignState(sChanged[i]), Duplicate: sDup[i]}
	}
	g := deliver.GateResult{Allowed: make([]bool, len(req.Domains)), RetryAt: make([]time.Time, len(req.Domains))}
	if !gate {
		for i := range g.Allowed {
			g.Allowed[i] = true
		}
		return out, g, nil
	}
	if len(allowed) != len(req.Domains) || len(retry) != len(req.Domains) {
		return nil, deliver.GateResult{}, fmt.Errorf("pgstate: gate campaign %q: %d answers for %d domains", req.Campaign, len(allowed), len(req.Domains))
	}
	g.Campaign, g.Resumed = c.stats(), resumed
	copy(g.Allowed, allowed)
	for i, r := range retry {
		if r.Valid {
			g.RetryAt[i] = r.Time
		}
	}
	return out, g, nil
}

// idle returns IdleFor in seconds, 0 for forever.
func (s *State) idle() float64 {
	switch {
	case s.IdleFor == 0:
		return DefaultIdleFor.Seconds()
	case s.IdleFor < 0:
		return 0
	}
	return s.IdleFor.Seconds()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Sent implements [deliver.State.Sent] with one SELECT by primary key.
func (s *State) Sent(ctx context.Context, id string) (deliver.SentMessage, bool, error) {
	if err := s.init(); err != nil {
		return deliver.SentMessage{}, false, err
	}
	m := deliver.SentMessage{ID: id}
	err := s.DB.QueryRow(ctx, s.q.sent, id, s.now()).Scan(&m.Campaign, &m.Scope.Tenant, &m.Scope.List, &m.Rcpts, &m.Sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return deliver.SentMessage{}, false, nil
	}
	if err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("pgstate: sent %q: %w", id, err)
	}
	return m, true, nil
}

// SentTo implements [deliver.State.SentTo] with one SELECT through the
// GIN index of the recipients: the live message sent last to rcpt.
func (s *State) SentTo(ctx context.Context, rcpt string) (deliver.SentMessage, bool, error) {
	if err := s.init(); err != nil {
		return deliver.SentMessage{}, false, err
	}
	var m deliver.SentMessage
	err := s.DB.QueryRow(ctx, s.q.sentTo, rcpt, s.now()).Scan(&m.ID, &m.Campaign, &m.Scope.Tenant, &m.Scope.List, &m.Rcpts, &m.Sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return deliver.SentMessage{}, false, nil
	}
	if err != nil {
		return deliver.SentMessage{}, false, fmt.Errorf("pgstate: sent to %q: %w", rcpt, err)
	}
	return m, true, nil
}

// Handled implements [deliver.State.Handled] with one SELECT by primary
// key.
func (s *State) Handled(ctx context.Context, key string) (bool, error) {
	if err := s.init(); err != nil {
		return false, err
	}
	var ok bool
	if err := s.DB.QueryRow(ctx, s.q.handled, key, s.now()).Scan(&ok); err != nil {
		return false, fmt.Errorf("pgstate: handled %q: %w", key, err)
	}
	return ok, nil
}

// Claim implements [deliver.ReportClaimer] with one statement on the
// claim table: INSERT … ON CONFLICT (key) DO UPDATE WHERE the claim there
// ended at now or is holder's, of a row that ends at now + ttl, unless the
// report is in the handled table and has not expired. A claim refused
// inserts nothing. The same statement deletes up to 16 other claims that
// ended. Times are the request's: a claim ends by the clock of the
// callers, never the server's.
func (s *State) Claim(ctx context.Context, key, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if err := s.init(); err != nil {
		return false, err
	}
	var ok bool
	err := s.DB.QueryRow(ctx, s.q.claim, key, holder, now.Add(ttl), now).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pgstate: claim report %q: %w", key, err)
	}
	return ok, nil
}

// Release implements [deliver.ReportClaimer] with one DELETE by primary
// key and holder.
func (s *State) Release(ctx context.Context, key, holder string) error {
	if err := s.init(); err != nil {
		return err
	}
	if _, err := s.DB.Exec(ctx, s.q.release, key, holder); err != nil {
		return fmt.Errorf("pgstate: release report %q: %w", key, err)
	}
	return nil
}

// Campaign implements [deliver.State.Campaign] with one SELECT by primary
// key. A paused campaign whose pause is over reads paused until a Gate
// resumes it.
func (s *State) Campaign(ctx context.Context, name string) (deliver.CampaignStats, bool, error) {
	if err := s.init(); err != nil {
		return deliver.CampaignStats{}, false, err
	}
	var c stats
	err := s.DB.QueryRow(ctx, s.q.campaign, name).Scan(c.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return deliver.CampaignStats{}, false, nil
	}
	if err != nil {
		return deliver.CampaignStats{}, false, fmt.Errorf("pgstate: campaign %q: %w", name, err)
	}
	return c.stats(), true, nil
}

// Forget implements [deliver.State.Forget] with one DELETE.
func (s *State) Forget(ctx context.Context, name string) error {
	if err := s.init(); err != nil {
		return err
	}
	if _, err := s.DB.Exec(ctx, s.q.forget, name); err != nil {
		return fmt.Errorf("pgstate: forget %q: %w", name, err)
	}
	return nil
}

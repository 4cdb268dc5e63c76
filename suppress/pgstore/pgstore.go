package pgstore

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// DB is what a Store needs of its client: *pgxpool.Pool, *pgx.Conn and
// pgx.Tx all implement it. A Store used with a pgx.Tx works inside that
// transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store is a suppression list in one PostgreSQL table. Create it with [New]
// or as a struct literal with DB set, and set the fields before the first
// call. The table must exist: run [Store.CreateSchema] once (it is
// idempotent), or apply [Schema] with a migration tool. It implements
// [suppress.Store], [suppress.Getter], [suppress.Adder] and
// [suppress.Lister].
//
// Each change is one SQL statement (see the package doc). A Store is safe for concurrent use by
// multiple goroutines, and any number of processes may share the table, as
// long as they use the same Policy.
type Store struct {
	// DB is the client. Required.
	DB DB
	// Table is the table, optionally qualified by its schema:
	// pgx.Identifier{"mail", "suppressions"}. Nil means DefaultTable in the
	// search_path. Names are quoted, so they are case-sensitive.
	Table pgx.Identifier
	// Policy is the lease schedule, soft-bounce rule and normalisation.
	// Every process sharing a table must use the same Policy.
	Policy suppress.Policy

	once    sync.Once
	initErr error
	p       suppress.Policy
	steps   []time.Duration
	table   pgx.Identifier
	q       queries
}

// New returns a Store that uses db with the default table and policy.
func New(db DB) *Store { return &Store{DB: db} }

var (
	_ suppress.Store  = (*Store)(nil)
	_ suppress.Getter = (*Store)(nil)
	_ suppress.Adder  = (*Store)(nil)
	_ suppress.Lister = (*Store)(nil)
)

func (s *Store) init() error {
	s.once.Do(func() {
		if s.DB == nil {
			s.initErr = errors.New("pgstore: Store.DB is nil")
			return
		}
		s.table = s.Table
		if len(s.table) == 0 {
			s.table = pgx.Identifier{DefaultTable}
		}
		for _, part := range s.table {
			if part == "" || strings.IndexByte(part, 0) >= 0 {
				s.initErr = fmt.Errorf("pgstore: invalid table name %q", []string(s.table))
				return
			}
		}
		s.p = s.Policy.WithDefaults()
		s.steps = s.p.Lease.Steps
		s.q = newQueries(s.table)
	})
	return s.initErr
}

// CreateSchema creates the table of s unless it exists, in one
// transaction that holds an advisory lock, so that processes starting
// together do not race. The schema named in Table must exist. It never
// alters an existing table.
func (s *Store) CreateSchema(ctx context.Context) error {
	if err := s.init(); err != nil {
		return err
	}
	// Without arguments, pgx sends this with the simple protocol: the
	// statements run as one implicit transaction.
	sql := `SELECT pg_advisory_xact_lock(hashtext('bouncekit_suppress ' || ` + quoteLiteral(s.table.Sanitize()) + `));
` + schemaSQL(s.table)
	if _, err := s.DB.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgstore: create table %s: %w", s.table.Sanitize(), err)
	}
	return nil
}

func quoteLiteral(v string) string { return `'` + strings.ReplaceAll(v, `'`, `''`) + `'` }

func (s *Store) prepare(addr string, sc suppress.Scope) (string, error) {
	if err := s.init(); err != nil {
		return "", err
	}
	n, err := s.p.Normalize(addr)
	if err != nil {
		return "", err
	}
	if err := sc.Validate(); err != nil {
		return "", err
	}
	return n, nil
}

// seconds drops the fraction of a second: the stores keep whole seconds.
func seconds(t time.Time) time.Time { return time.Unix(t.Unix(), 0).UTC() }

// row is an entry as a statement returns it: entryCols.
type row struct {
	kind     pgtype.Text
	reason   string
	since    pgtype.Timestamptz
	until    pgtype.Timestamptz
	step     int32
	attempts int64
}

func (r *row) dest() []any {
	return []any{&r.kind, &r.reason, &r.since, &r.until, &r.step, &r.attempts}
}

// decision returns the state of r at now: allowed unless r holds an entry
// in force.
func (r *row) decision(addr string, sc suppress.Scope, now time.Time) suppress.Decision {
	if !r.kind.Valid || r.until.Valid && !r.until.Time.After(now) {
		return suppress.Decision{Allowed: true}
	}
	return suppress.Decision{Entry: r.entry(addr, sc)}
}

func (r *row) entry(addr string, sc suppress.Scope) suppress.Entry {
	e := suppress.Entry{
		Addr: addr, Scope: sc, Kind: suppress.Kind(r.kind.String), Reason: bounce.Reason(r.reason),
		Step: int(r.step), Attempts: int(r.attempts),
	}
	if r.since.Valid {
		e.Since = r.since.Time.UTC()
	}
	if r.until.Valid {
		e.Until = r.until.Time.UTC()
	}
	return e
}

// Allow implements [suppress.Store.Allow]. It first reads whether any
// scope the check consults has an entry in force: for most addresses there
// is none, and the check is this one SELECT, which writes nothing. When
// there is one, a single UPDATE … RETURNING locks the entries of those
// scopes, counts the attempt on each and moves a lease to its next step;
// its answer is the decision (allowed if the entries ended meanwhile).
func (s *Store) Allow(ctx context.Context, addr string, sc suppress.Scope, now time.Time) (suppress.Decision, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return suppress.Decision{}, err
	}
	now = seconds(now)
	var found bool
	err = s.DB.QueryRow(ctx, s.q.check, n, sc.Tenant, sc.List, now).Scan(&found)
	if errors.Is(err, pgx.ErrNoRows) {
		return suppress.Decision{Allowed: true}, nil
	}
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("pgstore: allow %s: %w", n, err)
	}
	var r row
	var hit suppress.Scope
	dest := append([]any{&hit.Tenant, &hit.List}, r.dest()...)
	err = s.DB.QueryRow(ctx, s.q.allow, n, sc.Tenant, sc.List, now, s.steps).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return suppress.Decision{Allowed: true}, nil
	}
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("pgstore: allow %s: %w", n, err)
	}
	return suppress.Decision{Entry: r.entry(n, hit)}, nil
}

// Record implements [suppress.Store.Record] with one statement: an upsert
// (INSERT … ON CONFLICT DO UPDATE) for bounces and the permanent outcomes,
// an UPDATE for deliveries, and a SELECT for results that change nothing.
func (s *Store) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	if err := ev.Validate(); err != nil {
		return suppress.Decision{}, err
	}
	n, err := s.prepare(ev.Addr, ev.Scope)
	if err != nil {
		return suppress.Decision{}, err
	}
	now = seconds(now)
	key := []any{n, ev.Scope.Tenant, ev.Scope.List}
	var sql string
	var args []any
	switch ev.Outcome {
	case suppress.Bounced:
		switch {
		case ev.Result.Category == bounce.Hard:
			sql = s.q.bounce
			args = append(key, now, s.steps, s.p.SoftWindow, 1, string(suppress.Bounce), string(ev.Result.Reason))
		case ev.Result.Category == bounce.Soft && s.p.SoftLimit > 0:
			sql = s.q.bounce
			args = append(key, now, s.steps, s.p.SoftWindow, s.p.SoftLimit, string(suppress.SoftBounce), string(ev.Result.Reason))
		default:
			// Spam, no category, or soft bounces that never count:
			// nothing changes.
			sql, args = s.q.get, append(key, now)
		}
	case suppress.Delivered:
		sql, args = s.q.delivered, key
	case suppress.Complained, suppress.Unsubscribed, suppress.Suppressed:
		kind, reason := suppress.Manual, ev.Result.Reason
		switch ev.Outcome {
		case suppress.Complained:
			kind = suppress.Complaint
			if reason == "" {
				reason = bounce.ReasonFeedback
			}
		case suppress.Unsubscribed:
			kind = suppress.Unsubscribe
		}
		sql = s.q.permanent
		args = append(key, now, string(kind), string(reason), s.p.SoftWindow)
	}
	var r row
	err = s.DB.QueryRow(ctx, sql, args...).Scan(r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return suppress.Decision{Allowed: true}, nil
	}
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("pgstore: record %s %s: %w", ev.Outcome, n, err)
	}
	return r.decision(n, ev.Scope, now), nil
}

// Remove implements [suppress.Store.Remove]. It reports whether the row
// held an entry; Remove takes no time, so an ended lease that no sweep has
// deleted yet counts.
func (s *Store) Remove(ctx context.Context, addr string, sc suppress.Scope) (bool, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return false, err
	}
	var count int64
	if err := s.DB.QueryRow(ctx, s.q.remove, n, sc.Tenant, sc.List).Scan(&count); err != nil {
		return false, fmt.Errorf("pgstore: remove %s: %w", n, err)
	}
	return count > 0, nil
}

// Get implements [suppress.Getter].
func (s *Store) Get(ctx context.Context, addr string, sc suppress.Scope, now time.Time) (suppress.Entry, bool, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return suppress.Entry{}, false, err
	}
	var r row
	err = s.DB.QueryRow(ctx, s.q.get, n, sc.Tenant, sc.List, seconds(now)).Scan(r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return suppress.Entry{}, false, nil
	}
	if err != nil {
		return suppress.Entry{}, false, fmt.Errorf("pgstore: get %s: %w", n, err)
	}
	return r.entry(n, sc), true, nil
}

// Add implements [suppress.Adder]. It keeps the soft-bounce count of the
// address.
func (s *Store) Add(ctx context.Context, e suppress.Entry, now time.Time) error {
	n, err := s.prepare(e.Addr, e.Scope)
	if err != nil {
		return err
	}
	if !e.Kind.Valid() {
		return fmt.Errorf("pgstore: add %s: invalid kind %q", n, e.Kind)
	}
	now = seconds(now)
	since := seconds(e.Since)
	if e.Since.IsZero() {
		since = now
	}
	var until *time.Time
	if !e.Until.IsZero() {
		u := seconds(e.Until)
		if !u.After(now) {
			return nil
		}
		until = &u
	}
	step := max(0, min(e.Step, len(s.steps)-1))
	_, err = s.DB.Exec(ctx, s.q.add, n, e.Scope.Tenant, e.Scope.List, now, string(e.Kind), string(e.Reason),
		since, until, step, max(0, e.Attempts), s.p.SoftWindow)
	if err != nil {
		return fmt.Errorf("pgstore: add %s: %w", n, err)
	}
	return nil
}

// List implements [suppress.Lister] in the order of the primary key
// (address, tenant, list). The cursor is the key of the last entry
// returned, so a page costs one index range scan however deep it is.
func (s *Store) List(ctx context.Context, cursor string, limit int, now time.Time) ([]suppress.Entry, string, error) {
	if err := s.init(); err != nil {
		return nil, "", err
	}
	if limit <= 0 {
		limit = 100
	}
	var after [3]string
	if cursor != "" {
		var ok bool
		if after, ok = decodeCursor(cursor); !ok {
			return nil, "", fmt.Errorf("pgstore: invalid list cursor %q", cursor)
		}
	}
	var (
		addrs, tenants, lists, kinds, reasons []string
		sinces, untils                        []pgtype.Timestamptz
		steps                                 []int32
		attempts                              []int64
	)
	err := s.DB.QueryRow(ctx, s.q.list, after[0], after[1], after[2], seconds(now), limit).
		Scan(&addrs, &tenants, &lists, &kinds, &reasons, &sinces, &untils, &steps, &attempts)
	if err != nil {
		return nil, "", fmt.Errorf("pgstore: list: %w", err)
	}
	out := make([]suppress.Entry, len(addrs))
	for i := range addrs {
		r := row{
			kind: pgtype.Text{String: kinds[i], Valid: true}, reason: reasons[i],
			since: sinces[i], until: untils[i],
			step: steps[i], attempts: attempts[i],
		}
		out[i] = r.entry(addrs[i], suppress.Scope{Tenant: tenants[i], List: lists[i]})
	}
	if len(out) < limit {
		return out, "", nil
	}
	last := out[len(out)-1]
	return out, encodeCursor(last.Addr, last.Scope.Tenant, last.Scope.List), nil
}

// encodeCursor joins a key with NULs, which no address or scope contains.
func encodeCursor(addr, tenant, list string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(addr + "\x00" + tenant + "\x00" + list))
}

func decodeCursor(c string) (k [3]string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return k, false
	}
	parts := strings.Split(string(b), "\x00")
	if len(parts) != 3 || parts[0] == "" {
		return k, false
	}
	return [3]string{parts[0], parts[1], parts[2]}, true
}

// sweepBatch is the number of rows one statement of Sweep deletes.
const sweepBatch = 1000

// Sweep deletes the rows that are dead at now: ended leases and soft-bounce
// runs past the window, which every other method already ignores. It
// deletes in batches of short transactions, skips rows that other calls
// hold locked, and returns how many rows it deleted. Run it now and then
// (hourly, say) from one process; it is safe to run from several.
func (s *Store) Sweep(ctx context.Context, now time.Time) (int64, error) {
	if err := s.init(); err != nil {
		return 0, err
	}
	now = seconds(now)
	var total int64
	for {
		tag, err := s.DB.Exec(ctx, s.q.sweep, now, s.p.SoftWindow, sweepBatch)
		if err != nil {
			return total, fmt.Errorf("pgstore: sweep: %w", err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < sweepBatch {
			return total, nil
		}
	}
}

package pgqueue

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/suppress"
)

// DB is what a Queue needs of PostgreSQL. *pgxpool.Pool, *pgx.Conn and
// pgx.Tx satisfy it; use a pool when several goroutines share the Queue.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Queue is a [deliver.Queue] in PostgreSQL, shared by every process that
// uses the same tables. Create it with [New] or as a struct literal with DB
// set, and create its tables once with [Queue.CreateSchema] (or [Schema]);
// New never migrates.
//
// Schedule, Claim and Done are one statement each (Done sometimes two, and
// Schedule two for a mix of claimed and new items), so a process that dies
// between them leaves the queue consistent: an item it claimed comes back
// to the other processes when its claim lease ends. Each claim has a random
// token that only its holder can complete or reschedule the item with.
// Times are those the caller passes (the Deliverer's clock), not the
// server's: the sending nodes' clocks should agree to well within the lease.
//
// A Queue is safe for concurrent use by multiple goroutines and processes.
type Queue struct {
	// DB is the database. Required.
	DB DB
	// Table names the recipients' table (pgx.Identifier{"schema", "name"}
	// or {"name"}); nil means DefaultTable in the search_path. The
	// messages' table has the same name with "_message" appended.
	Table pgx.Identifier

	once    sync.Once
	initErr error
	q       queries
}

var _ deliver.Queue = (*Queue)(nil)

// New returns a Queue on db with the default table names.
func New(db DB) *Queue { return &Queue{DB: db} }

func (q *Queue) init() error {
	q.once.Do(func() {
		if q.DB == nil {
			q.initErr = errors.New("pgqueue: Queue.DB is nil")
			return
		}
		t := q.Table
		if len(t) == 0 {
			t = pgx.Identifier{DefaultTable}
		}
		for _, p := range t {
			if p == "" {
				q.initErr = fmt.Errorf("pgqueue: invalid Table %q", []string(t))
				return
			}
		}
		q.q = newQueries(t)
	})
	return q.initErr
}

// CreateSchema creates the Queue's tables and index if they do not exist.
func (q *Queue) CreateSchema(ctx context.Context) error {
	if err := q.init(); err != nil {
		return err
	}
	if _, err := q.DB.Exec(ctx, q.q.schema); err != nil {
		return fmt.Errorf("pgqueue: creating schema: %w", err)
	}
	return nil
}

// Schedule implements [deliver.Queue]: it inserts each item, or replaces the
// item of the same message and recipient, releasing its claim. An item with
// a Token (from [Queue.Claim]) only replaces the stored one whose current
// claim has that Token; when some are not (another worker claimed them
// since, or they were scheduled anew or done), Schedule writes the others
// and returns an error that wraps [deliver.ErrClaimLost].
//
// The items of one message are written by one statement (two when some
// have a Token and some not). A message is stored the first time one of its
// recipients is scheduled; later items of the same Msg.ID keep that copy of
// From, Campaign, Scope and Data, so message IDs must be unique. Items
// without a Msg or with an empty Msg.ID are refused.
func (q *Queue) Schedule(ctx context.Context, items ...deliver.Item) error {
	if err := q.init(); err != nil {
		return err
	}
	type batch struct {
		msg     *deliver.Message
		index   map[string]int
		rcpts   []string
		attempt []int32
		queued  []*time.Time
		due     []time.Time
		tokens  []string
	}
	var order []string
	batches := make(map[string]*batch)
	for i, it := range items {
		if it.Msg == nil {
			return fmt.Errorf("pgqueue: item %d (<%s>) has no message", i, it.Rcpt)
		}
		if it.Msg.ID == "" {
			return fmt.Errorf("pgqueue: item %d (<%s>): message has no ID", i, it.Rcpt)
		}
		// The items with a Token are batched apart from the others, under
		// a key that no message ID can have.
		key := it.Msg.ID
		if it.Token != "" {
			key = "\x00" + key
		}
		b := batches[key]
		if b == nil {
			b = &batch{msg: it.Msg, index: make(map[string]int)}
			batches[key] = b
			order = append(order, key)
		}
		var queued *time.Time
		if !it.Queued.IsZero() {
			t := it.Queued
			queued = &t
		}
		if j, ok := b.index[it.Rcpt]; ok {
			// The same key twice in one call: the last one wins, as if
			// scheduled one after the other.
			b.attempt[j], b.queued[j], b.due[j], b.tokens[j] = int32(it.Attempt), queued, it.Due, it.Token
			continue
		}
		b.index[it.Rcpt] = len(b.rcpts)
		b.rcpts = append(b.rcpts, it.Rcpt)
		b.attempt = append(b.attempt, int32(it.Attempt))
		b.queued = append(b.queued, queued)
		b.due = append(b.due, it.Due)
		b.tokens = append(b.tokens, it.Token)
	}
	lost := 0
	for _, key := range order {
		b := batches[key]
		m := b.msg
		id := m.ID
		if key != id {
			n, err := q.reschedule(ctx, id, b.rcpts, b.attempt, b.queued, b.due, b.tokens)
			if err != nil {
				return err
			}
			lost += len(b.rcpts) - n
			continue
		}
		data := m.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := q.DB.Exec(ctx, q.q.schedule, id, b.rcpts, b.attempt, b.queued, b.due,
			m.From, m.Campaign, m.Scope.Tenant, m.Scope.List, data); err != nil {
			return fmt.Errorf("pgqueue: scheduling %d recipients of message %q: %w", len(b.rcpts), id, err)
		}
	}
	if lost > 0 {
		return fmt.Errorf("pgqueue: scheduling %d of %d items: %w", lost, len(items), deliver.ErrClaimLost)
	}
	return nil
}

// reschedule replaces the claimed recipients of message id whose claim is
// current, and returns how many it replaced.
func (q *Queue) reschedule(ctx context.Context, id string, rcpts []string, attempt []int32, queued []*time.Time, due []time.Time, tokens []string) (int, error) {
	rows, err := q.DB.Query(ctx, q.q.reschedule, id, rcpts, attempt, queued, due, tokens)
	if err != nil {
		return 0, fmt.Errorf("pgqueue: rescheduling %d recipients of message %q: %w", len(rcpts), id, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pgqueue: rescheduling %d recipients of message %q: %w", len(rcpts), id, err)
	}
	return n, nil
}

// Claim implements [deliver.Queue]: it takes up to max items whose due time
// is not after now and that no unexpired claim holds, in the order of their
// due time, and claims them until now+lease, in one statement. Concurrent
// claims, from this process or others, skip the rows another claim is
// taking (FOR UPDATE SKIP LOCKED) instead of waiting for them, so no item
// is returned twice before its lease ends. The items carry the Token of
// the claim, 128 random bits. The items of one message share one
// *deliver.Message. max <= 0 returns nothing.
func (q *Queue) Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]deliver.Item, error) {
	if err := q.init(); err != nil {
		return nil, err
	}
	if max <= 0 {
		return nil, nil
	}
	token := rand.Text()
	rows, err := q.DB.Query(ctx, q.q.claim, now, now.Add(lease), max, token)
	if err != nil {
		return nil, fmt.Errorf("pgqueue: claiming: %w", err)
	}
	defer rows.Close()
	var out []deliver.Item
	msgs := make(map[string]*deliver.Message)
	for rows.Next() {
		var (
			it                               deliver.Item
			id, from, campaign, tenant, list string
			queued                           *time.Time
			attempt                          int32
			data                             []byte
		)
		if err := rows.Scan(&id, &it.Rcpt, &attempt, &queued, &it.Due, &from, &campaign, &tenant, &list, &data); err != nil {
			return nil, fmt.Errorf("pgqueue: claiming: %w", err)
		}
		m := msgs[id]
		if m == nil {
			m = &deliver.Message{ID: id, From: from, Campaign: campaign, Scope: suppress.Scope{Tenant: tenant, List: list}}
			msgs[id] = m
		}
		if data != nil {
			m.Data = data
		}
		it.Msg, it.Attempt, it.Token = m, int(attempt), token
		if queued != nil {
			it.Queued = *queued
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgqueue: claiming: %w", err)
	}
	return out, nil
}

// Done implements [deliver.Queue]: it deletes the item of it.Msg.ID and
// it.Rcpt, and the stored message once no recipient of it is left.
// Completing an item that is not there (done already, never scheduled)
// does nothing and returns nil. With it.Token set, the item is deleted only
// if its current claim has that Token: when another worker claimed it
// since its lease ran out, or it was scheduled anew, it is left alone and
// the error wraps [deliver.ErrClaimLost].
func (q *Queue) Done(ctx context.Context, it deliver.Item) error {
	if err := q.init(); err != nil {
		return err
	}
	if it.Msg == nil {
		return fmt.Errorf("pgqueue: completing <%s>: item has no message", it.Rcpt)
	}
	msgID, rcpt := it.Msg.ID, it.Rcpt
	var (
		pending          *int
		deleted, present bool
	)
	err := q.DB.QueryRow(ctx, q.q.done, msgID, rcpt, it.Token).Scan(&pending, &deleted, &present)
	if err != nil {
		return fmt.Errorf("pgqueue: completing <%s> of message %q: %w", rcpt, msgID, err)
	}
	if !deleted {
		if present && it.Token != "" {
			return fmt.Errorf("pgqueue: completing <%s> of message %q: %w", rcpt, msgID, deliver.ErrClaimLost)
		}
		return nil
	}
	if pending != nil && *pending > 0 {
		return nil
	}
	if _, err := q.DB.Exec(ctx, q.q.gc, msgID); err != nil {
		// The recipient is done; the message row stays, with no
		// recipient, until Sweep.
		return fmt.Errorf("pgqueue: deleting message %q: %w", msgID, err)
	}
	return nil
}

// Sweep deletes the stored messages that no recipient waits for and
// returns how many it deleted. Done deletes a message with its last
// recipient, so only a failure between the two statements of Done (the
// process died, the connection broke) leaves such a message behind; call
// Sweep now and then (daily, say) to reclaim the space. It is safe to run
// while other processes use the queue.
func (q *Queue) Sweep(ctx context.Context) (int64, error) {
	if err := q.init(); err != nil {
		return 0, err
	}
	tag, err := q.DB.Exec(ctx, q.q.sweep)
	if err != nil {
		return 0, fmt.Errorf("pgqueue: sweeping: %w", err)
	}
	return tag.RowsAffected(), nil
}

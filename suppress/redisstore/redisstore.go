package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// DefaultPrefix is the key prefix when Store.Prefix is empty.
const DefaultPrefix = "bouncekit:suppress:"

// Store is a suppression list in Redis. Create it with [New] or as a struct
// literal with Client set; set the fields before the first call. It
// implements [suppress.Store], [suppress.Getter], [suppress.Adder] and
// [suppress.Lister].
//
// A Store is safe for concurrent use by multiple goroutines.
type Store struct {
	// Client is the Redis client. Required.
	Client redis.UniversalClient
	// Prefix starts every key; "" means DefaultPrefix. It must not contain
	// '{' or '}', which would change the hash tag.
	Prefix string
	// Policy is the lease schedule, soft-bounce rule and normalisation.
	// Every process sharing a Prefix must use the same Policy.
	Policy suppress.Policy

	once    sync.Once
	initErr error
	prefix  string
	p       suppress.Policy
	steps   []any // lease steps in seconds, as script arguments
	window  int64
	allow   *redis.Script
	record  *redis.Script
	add     *redis.Script
	remove  *redis.Script
	opBase  string       // random, unique to this Store: the start of its operation ids
	opSeq   atomic.Int64 // the rest of the next operation id
}

// New returns a Store that uses c with the default prefix and policy.
func New(c redis.UniversalClient) *Store { return &Store{Client: c} }

var (
	_ suppress.Store  = (*Store)(nil)
	_ suppress.Getter = (*Store)(nil)
	_ suppress.Adder  = (*Store)(nil)
	_ suppress.Lister = (*Store)(nil)
)

func (s *Store) init() error {
	s.once.Do(func() {
		if s.Client == nil {
			s.initErr = errors.New("redisstore: Store.Client is nil")
			return
		}
		s.prefix = s.Prefix
		if s.prefix == "" {
			s.prefix = DefaultPrefix
		}
		if strings.ContainsAny(s.prefix, "{}") {
			s.initErr = fmt.Errorf("redisstore: Prefix %q contains '{' or '}'", s.prefix)
			return
		}
		s.p = s.Policy.WithDefaults()
		for _, d := range s.p.Lease.Steps {
			s.steps = append(s.steps, int64(d/time.Second))
		}
		s.window = int64(s.p.SoftWindow / time.Second)
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			s.initErr = fmt.Errorf("redisstore: operation ids: %w", err)
			return
		}
		s.opBase = hex.EncodeToString(b[:])
		s.allow = redis.NewScript(allowLua)
		s.record = redis.NewScript(recordLua)
		s.add = redis.NewScript(addLua)
		s.remove = redis.NewScript(removeLua)
	})
	return s.initErr
}

// key returns the key of addr in scope.
func (s *Store) key(addr string, sc suppress.Scope) string {
	var b strings.Builder
	b.Grow(len(s.prefix) + len(addr) + len(sc.Tenant) + len(sc.List) + 12)
	b.WriteString(s.prefix)
	b.WriteByte('{')
	b.WriteString(addr)
	b.WriteByte('}')
	switch {
	case sc.IsGlobal():
	case sc.List == "":
		b.WriteString(":t:")
		b.WriteString(sc.Tenant)
	default:
		b.WriteString(":l:")
		b.WriteString(strconv.Itoa(len(sc.Tenant)))
		b.WriteByte(':')
		b.WriteString(sc.Tenant)
		b.WriteByte(':')
		b.WriteString(sc.List)
	}
	return b.String()
}

// opKey returns a new operation key for a call about addr: the last key of
// the allow, record and remove scripts, so that a retry of the same
// command (the same arguments) is recognised. It carries addr's hash tag,
// so it is in the slot of the address's other keys, and starts with
// "<prefix>~op", which List's pattern "<prefix>{*" does not match.
func (s *Store) opKey(addr string) string {
	return s.prefix + "~op{" + addr + "}:" + s.opBase + ":" + strconv.FormatInt(s.opSeq.Add(1), 36)
}

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

// Allow implements [suppress.Store.Allow] with one script that reads the
// keys of every scope the check consults and counts the attempt.
func (s *Store) Allow(ctx context.Context, addr string, sc suppress.Scope, now time.Time) (suppress.Decision, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return suppress.Decision{}, err
	}
	scopes := make([]suppress.Scope, 1, 3)
	if sc.Tenant != "" {
		scopes = append(scopes, suppress.Scope{Tenant: sc.Tenant})
	}
	if sc.List != "" {
		scopes = append(scopes, sc)
	}
	keys := make([]string, len(scopes), len(scopes)+1)
	for i, x := range scopes {
		keys[i] = s.key(n, x)
	}
	keys = append(keys, s.opKey(n))
	args := make([]any, 0, 2+len(s.steps))
	args = append(args, now.Unix(), s.window)
	args = append(args, s.steps...)
	res, err := s.allow.Run(ctx, s.Client, keys, args...).Slice()
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("redisstore: allow %s: %w", n, err)
	}
	if len(res) == 0 {
		return suppress.Decision{}, fmt.Errorf("redisstore: allow %s: empty script reply", n)
	}
	i, err := toInt(res[0])
	if err != nil || i < 0 || int(i) > len(scopes) {
		return suppress.Decision{}, fmt.Errorf("redisstore: allow %s: bad script reply %v", n, res)
	}
	if i == 0 {
		return suppress.Decision{Allowed: true}, nil
	}
	e, err := entryOf(n, scopes[i-1], res[1:])
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("redisstore: allow %s: %w", n, err)
	}
	return suppress.Decision{Entry: e}, nil
}

// Record implements [suppress.Store.Record] with one script.
func (s *Store) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	if err := ev.Validate(); err != nil {
		return suppress.Decision{}, err
	}
	n, err := s.prepare(ev.Addr, ev.Scope)
	if err != nil {
		return suppress.Decision{}, err
	}
	op, kind, reason := "", "", string(ev.Result.Reason)
	switch ev.Outcome {
	case suppress.Bounced:
		switch ev.Result.Category {
		case bounce.Hard:
			op = "hard"
		case bounce.Soft:
			op = "soft"
		default:
			op = "none"
		}
	case suppress.Delivered:
		op = "deliv"
	case suppress.Complained:
		op, kind = "perm", string(suppress.Complaint)
		if reason == "" {
			reason = string(bounce.ReasonFeedback)
		}
	case suppress.Unsubscribed:
		op, kind = "perm", string(suppress.Unsubscribe)
	case suppress.Suppressed:
		op, kind = "perm", string(suppress.Manual)
	}
	args := make([]any, 0, 9+len(s.steps))
	args = append(args, now.Unix(), s.window, s.p.SoftLimit, op, kind, reason, n, ev.Scope.Tenant, ev.Scope.List)
	args = append(args, s.steps...)
	res, err := s.record.Run(ctx, s.Client, []string{s.key(n, ev.Scope), s.opKey(n)}, args...).Slice()
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("redisstore: record %s %s: %w", ev.Outcome, n, err)
	}
	if len(res) == 0 {
		return suppress.Decision{Allowed: true}, nil
	}
	e, err := entryOf(n, ev.Scope, res)
	if err != nil {
		return suppress.Decision{}, fmt.Errorf("redisstore: record %s %s: %w", ev.Outcome, n, err)
	}
	return suppress.Decision{Entry: e}, nil
}

// Remove implements [suppress.Store.Remove].
func (s *Store) Remove(ctx context.Context, addr string, sc suppress.Scope) (bool, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return false, err
	}
	v, err := s.remove.Run(ctx, s.Client, []string{s.key(n, sc), s.opKey(n)}).Int64()
	if err != nil {
		return false, fmt.Errorf("redisstore: remove %s: %w", n, err)
	}
	return v == 1, nil
}

// Get implements [suppress.Getter] with one HMGET.
func (s *Store) Get(ctx context.Context, addr string, sc suppress.Scope, now time.Time) (suppress.Entry, bool, error) {
	n, err := s.prepare(addr, sc)
	if err != nil {
		return suppress.Entry{}, false, err
	}
	vals, err := s.Client.HMGet(ctx, s.key(n, sc), "k", "r", "s", "u", "p", "a").Result()
	if err != nil {
		return suppress.Entry{}, false, fmt.Errorf("redisstore: get %s: %w", n, err)
	}
	return s.live(n, sc, vals, now)
}

// live converts the fields k r s u p a of a hash to an entry unless it is
// absent or has expired at now.
func (s *Store) live(addr string, sc suppress.Scope, vals []any, now time.Time) (suppress.Entry, bool, error) {
	if len(vals) < 6 || vals[0] == nil {
		return suppress.Entry{}, false, nil
	}
	e, err := entryOf(addr, sc, vals)
	if err != nil {
		return suppress.Entry{}, false, fmt.Errorf("redisstore: get %s: %w", addr, err)
	}
	if !e.Until.IsZero() && !now.Before(e.Until) {
		return suppress.Entry{}, false, nil
	}
	return e, true, nil
}

// Add implements [suppress.Adder] with one script.
func (s *Store) Add(ctx context.Context, e suppress.Entry, now time.Time) error {
	n, err := s.prepare(e.Addr, e.Scope)
	if err != nil {
		return err
	}
	if !e.Kind.Valid() {
		return fmt.Errorf("redisstore: add %s: invalid kind %q", n, e.Kind)
	}
	since, until := e.Since.Unix(), int64(0)
	if e.Since.IsZero() {
		since = now.Unix()
	}
	if !e.Until.IsZero() {
		until = e.Until.Unix()
		if until <= now.Unix() {
			return nil
		}
	}
	step := max(0, min(e.Step, len(s.steps)-1))
	args := []any{now.Unix(), s.window, string(e.Kind), string(e.Reason), since, until, step, max(0, e.Attempts),
		n, e.Scope.Tenant, e.Scope.List}
	if err := s.add.Run(ctx, s.Client, []string{s.key(n, e.Scope)}, args...).Err(); err != nil {
		return fmt.Errorf("redisstore: add %s: %w", n, err)
	}
	return nil
}

// List implements [suppress.Lister] with SCAN over the keys of Prefix, on
// each master of a Cluster (or shard of a Ring) in turn, in the order of
// their addresses. The cursor holds the node, SCAN's cursor and how many
// keys of that batch were already returned. An entry may be returned twice
// if Redis resizes its keyspace meanwhile; a change of the Cluster's
// masters while listing may skip or repeat entries.
func (s *Store) List(ctx context.Context, cursor string, limit int, now time.Time) ([]suppress.Entry, string, error) {
	if err := s.init(); err != nil {
		return nil, "", err
	}
	if limit <= 0 {
		limit = 100
	}
	// A cursor is "node/scan/seen": the node being scanned, the SCAN
	// cursor of the batch being read, and the hashes of the keys of that
	// batch already returned. Resuming re-reads the batch from the same
	// SCAN cursor and skips the keys already returned: a batch read again
	// need not hold the same keys (the server may be rehashing its table
	// while others write), but SCAN still returns from that cursor every
	// key not yet visited, so nothing is lost by counting positions.
	var node int
	var scan uint64
	seen := map[uint64]bool{}
	if cursor != "" {
		parts := strings.Split(cursor, "/")
		var err0, err1 error
		ok := len(parts) == 3
		if ok {
			node, err0 = strconv.Atoi(parts[0])
			scan, err1 = strconv.ParseUint(parts[1], 10, 64)
			ok = err0 == nil && err1 == nil && node >= 0
		}
		if ok && parts[2] != "" {
			for _, h := range strings.Split(parts[2], ".") {
				v, err := strconv.ParseUint(h, 16, 64)
				if err != nil || len(seen) >= maxCursorSeen {
					ok = false
					break
				}
				seen[v] = true
			}
		}
		if !ok {
			return nil, "", fmt.Errorf("redisstore: invalid list cursor %q", cursor)
		}
	}
	nodes, err := s.nodes(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("redisstore: list: %w", err)
	}
	match := globEscape(s.prefix) + "{*"
	var out []suppress.Entry
	for node < len(nodes) {
		c := nodes[node]
		keys, next, err := c.Scan(ctx, scan, match, int64(max(limit, 100))).Result()
		if err != nil {
			return nil, "", fmt.Errorf("redisstore: list: %w", err)
		}
		kept := keys[:0]
		for _, k := range keys {
			if !seen[keyHash(k)] {
				kept = append(kept, k)
			}
		}
		keys = kept
		cmds := make([]*redis.SliceCmd, len(keys))
		if len(keys) > 0 {
			_, err = c.Pipelined(ctx, func(p redis.Pipeliner) error {
				for i, k := range keys {
					cmds[i] = p.HMGet(ctx, k, "k", "r", "s", "u", "p", "a", "e", "t", "l")
				}
				return nil
			})
			if err != nil {
				return nil, "", fmt.Errorf("redisstore: list: %w", err)
			}
		}
		for i, cmd := range cmds {
			seen[keyHash(keys[i])] = true
			vals := cmd.Val()
			if len(vals) != 9 {
				continue
			}
			a, _ := vals[6].(string)
			t, _ := vals[7].(string)
			l, _ := vals[8].(string)
			e, ok, err := s.live(a, suppress.Scope{Tenant: t, List: l}, vals[:6], now)
			if err != nil {
				return nil, "", err
			}
			if ok {
				out = append(out, e)
			}
			if len(out) == limit {
				n, sc := node, scan
				var hs []string
				if i+1 == len(keys) {
					sc = next
					if next == 0 {
						n, sc = n+1, 0
					}
				} else {
					for h := range seen {
						hs = append(hs, strconv.FormatUint(h, 16))
					}
				}
				if n >= len(nodes) {
					return out, "", nil
				}
				return out, fmt.Sprintf("%d/%d/%s", n, sc, strings.Join(hs, ".")), nil
			}
		}
		scan = next
		clear(seen)
		if next == 0 {
			node++
		}
	}
	return out, "", nil
}

// maxCursorSeen bounds the key hashes a list cursor may carry: a SCAN batch
// holds about COUNT keys (at most 1000 here, as limit is taken as COUNT);
// a cursor with more was not made by List.
const maxCursorSeen = 1 << 14

// keyHash is the 64-bit FNV-1a hash of a key, as a list cursor names the
// keys of a batch it has returned.
func keyHash(k string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(k))
	return h.Sum64()
}

// nodes returns the clients to SCAN: the masters of a Cluster or the shards
// of a Ring, ordered by address, or the client itself.
func (s *Store) nodes(ctx context.Context) ([]redis.Cmdable, error) {
	var (
		mu    sync.Mutex
		found = map[string]*redis.Client{}
		err   error
	)
	collect := func(_ context.Context, c *redis.Client) error {
		mu.Lock()
		found[c.Options().Addr] = c
		mu.Unlock()
		return nil
	}
	switch c := s.Client.(type) {
	case *redis.ClusterClient:
		err = c.ForEachMaster(ctx, collect)
	case *redis.Ring:
		err = c.ForEachShard(ctx, collect)
	default:
		return []redis.Cmdable{s.Client}, nil
	}
	if err != nil {
		return nil, err
	}
	addrs := make([]string, 0, len(found))
	for a := range found {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	out := make([]redis.Cmdable, len(addrs))
	for i, a := range addrs {
		out[i] = found[a]
	}
	return out, nil
}

// globEscape escapes the glob characters of SCAN MATCH.
func globEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// entryOf converts the script or HMGET values k r s u p a.
func entryOf(addr string, sc suppress.Scope, v []any) (suppress.Entry, error) {
	if len(v) < 6 {
		return suppress.Entry{}, fmt.Errorf("short reply %v", v)
	}
	k, _ := v[0].(string)
	r, _ := v[1].(string)
	var n [4]int64
	for i := range n {
		x, err := toInt(v[2+i])
		if err != nil {
			return suppress.Entry{}, err
		}
		n[i] = x
	}
	e := suppress.Entry{
		Addr: addr, Scope: sc, Kind: suppress.Kind(k), Reason: bounce.Reason(r),
		Since: time.Unix(n[0], 0).UTC(), Step: int(n[2]), Attempts: int(n[3]),
	}
	if n[1] != 0 {
		e.Until = time.Unix(n[1], 0).UTC()
	}
	return e, nil
}

func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case string:
		if x == "" {
			return 0, nil
		}
		f, err := strconv.ParseFloat(x, 64) // Lua may store 1.7e+09
		if err != nil {
			return 0, fmt.Errorf("bad number %q", x)
		}
		return int64(f), nil
	case nil:
		return 0, nil
	}
	return 0, fmt.Errorf("bad number %v (%T)", v, v)
}

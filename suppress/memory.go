package suppress

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// Memory is a [Store] kept in memory: a power-of-two number of shards chosen
// by a hash of the address, each a mutex and a map from address to a small
// fixed-size entry, plus a small Bloom filter that lets the check of an
// address on no list skip the lock. Expired leases are removed lazily when the address is
// next touched, by a small sample taken whenever an address is added, and by
// [Memory.Sweep]; no goroutine is started. [Memory.Save] and [Memory.Load]
// keep the list across restarts.
//
// Each entry takes 24 bytes plus the map's overhead and a copy of the
// address (see BenchmarkMemoryFootprint). To stay that small, Memory keeps
// times as 32-bit Unix seconds (until the year 2106), at most 256 lease
// steps and at most 255 distinct reasons; further reasons are kept as
// bounce.ReasonUndefined.
//
// The zero value is ready to use with the default [Policy]. Set the fields
// before the first call; they must not change afterwards.
//
// Memory is safe for concurrent use by multiple goroutines. It never blocks
// on I/O, so its Store methods ignore ctx. It also implements [Getter],
// [Adder] and [Lister].
type Memory struct {
	// Policy is the lease schedule, soft-bounce rule and normalisation.
	Policy Policy
	// Shards is the number of shards, rounded up to a power of two.
	// 0 means 128.
	Shards int

	once      sync.Once
	reasonsMu sync.Mutex // serialises additions to reasons
	reasons   atomic.Pointer[reasonTable]
	p         Policy
	steps     []int64 // lease steps in seconds
	window    int64   // soft-bounce window in seconds
	seed      maphash.Seed
	mask      uint64
	shards    []shard
}

var (
	_ Store  = (*Memory)(nil)
	_ Getter = (*Memory)(nil)
	_ Adder  = (*Memory)(nil)
	_ Lister = (*Memory)(nil)
)

type shard struct {
	// filter answers "surely not here" for most addresses without the
	// lock: the check of an address that is on no list writes nothing.
	filter atomic.Pointer[bloom]
	_      [56]byte // keep the read-mostly filter off the mutex's cache line

	mu     sync.Mutex
	global map[string]entry    // entries of the global scope, by address
	scoped map[scopedKey]entry // entries of other scopes
	stale  int                 // keys deleted since the filter was built
	_      [32]byte
}

// bloom is a blocked Bloom filter of the addresses in a shard: two bits in
// one 64-bit word per address, taken from the address's maphash. Bits are
// set with atomic OR under the shard's lock and read without it; a filter
// is replaced, never cleared, when it fills up or has too many stale bits.
type bloom []atomic.Uint64

func bloomBits(h uint64) uint64 { return 1<<(h>>52&63) | 1<<(h>>58) }

func (b bloom) word(h uint64) *atomic.Uint64 { return &b[(h>>32)&uint64(len(b)-1)] }

// mayHave reports whether an address with hash h may be in the shard.
func (b bloom) mayHave(h uint64) bool {
	bits := bloomBits(h)
	return b.word(h).Load()&bits == bits
}

func (b bloom) add(h uint64) { b.word(h).Or(bloomBits(h)) }

// rebuild replaces the filter of s by one sized for its keys: 16 to 32
// bits per key. Called with s.mu held.
func (m *Memory) rebuild(s *shard) {
	live := len(s.global) + len(s.scoped)
	n := 1 << bits.Len(uint(max(8, live/4)-1))
	b := make(bloom, n)
	for a := range s.global {
		b.add(maphash.String(m.seed, a))
	}
	for k := range s.scoped {
		b.add(maphash.String(m.seed, k.addr))
	}
	s.filter.Store(&b)
	s.stale = 0
}

// added sets the filter bits of a new key, growing the filter when it holds
// more than 8 keys per word. Called with s.mu held.
func (m *Memory) added(s *shard, addr string) {
	f := *s.filter.Load()
	f.add(maphash.String(m.seed, addr))
	if len(s.global)+len(s.scoped) > 8*len(f) {
		m.rebuild(s)
	}
}

// deleted counts n deleted keys and rebuilds the filter once the stale bits
// outnumber the live keys. Called with s.mu held.
func (m *Memory) deleted(s *shard, n int) {
	s.stale += n
	if s.stale > len(s.global)+len(s.scoped)+64 {
		m.rebuild(s)
	}
}

type scopedKey struct {
	scope Scope
	addr  string
}

// entry is the state of one address in one scope: 24 bytes. Times are
// unsigned 32-bit Unix seconds, good until 2106.
type entry struct {
	since     uint32
	until     uint32 // end of a lease; 0 for a permanent entry
	softSince uint32 // first soft bounce of the current run
	attempts  uint32
	soft      uint16 // consecutive soft bounces
	kind      uint8  // kindNone when the entry only counts soft bounces
	step      uint8
	reason    uint8 // index into Memory.reasons
}

// u32 clamps a Unix time to the range of entry times.
func u32(t int64) uint32 { return uint32(max(0, min(t, math.MaxUint32))) }

// reasonTable interns the reasons of a Memory: entries hold a one-byte
// index. It is immutable; adding a reason replaces it.
type reasonTable struct {
	list []bounce.Reason
	idx  map[bounce.Reason]uint8
}

// maxReasons bounds the distinct reasons a Memory keeps; more are stored as
// bounce.ReasonUndefined.
const maxReasons = 255

// intern returns the index of r, adding it if needed.
func (m *Memory) intern(r bounce.Reason) uint8 {
	tab := m.reasons.Load()
	if i, ok := tab.idx[r]; ok {
		return i
	}
	m.reasonsMu.Lock()
	defer m.reasonsMu.Unlock()
	tab = m.reasons.Load()
	if i, ok := tab.idx[r]; ok {
		return i
	}
	if len(tab.list) >= maxReasons {
		return tab.idx[bounce.ReasonUndefined]
	}
	next := &reasonTable{list: slices.Clip(append(tab.list, bounce.Reason(strings.Clone(string(r))))), idx: make(map[bounce.Reason]uint8, len(tab.idx)+1)}
	for k, v := range tab.idx {
		next.idx[k] = v
	}
	i := uint8(len(next.list) - 1)
	next.idx[next.list[i]] = i
	m.reasons.Store(next)
	return i
}

func (m *Memory) reason(i uint8) bounce.Reason {
	if l := m.reasons.Load().list; int(i) < len(l) {
		return l[i]
	}
	return bounce.ReasonUndefined
}

const kindNone = 0

// kinds maps entry.kind to its Kind.
var kinds = [...]Kind{kindNone: "", 1: Bounce, 2: SoftBounce, 3: Complaint, 4: Unsubscribe, 5: Manual}

func kindCode(k Kind) uint8 {
	for i, v := range kinds {
		if i != kindNone && v == k {
			return uint8(i)
		}
	}
	return kindNone
}

func (m *Memory) init() {
	m.once.Do(func() {
		m.p = m.Policy.WithDefaults()
		m.steps = make([]int64, len(m.p.Lease.Steps))
		for i, d := range m.p.Lease.Steps {
			m.steps[i] = int64(d / time.Second)
		}
		if len(m.steps) > math.MaxUint8+1 {
			m.steps = m.steps[:math.MaxUint8+1]
		}
		m.window = int64(m.p.SoftWindow / time.Second)
		m.reasons.Store(&reasonTable{
			list: []bounce.Reason{"", bounce.ReasonUndefined},
			idx:  map[bounce.Reason]uint8{"": 0, bounce.ReasonUndefined: 1},
		})
		n := m.Shards
		if n <= 0 {
			n = 128
		}
		n = 1 << bits.Len(uint(n-1))
		m.seed = maphash.MakeSeed()
		m.mask = uint64(n - 1)
		m.shards = make([]shard, n)
		for i := range m.shards {
			m.shards[i].global = make(map[string]entry)
			m.shards[i].scoped = make(map[scopedKey]entry)
			m.rebuild(&m.shards[i])
		}
	})
}

func (m *Memory) shard(addr string) *shard {
	return &m.shards[maphash.String(m.seed, addr)&m.mask]
}

// settle ends an expired lease and an expired soft-bounce run of e at t and
// reports whether anything is left of e.
func (m *Memory) settle(e *entry, t int64) bool {
	if e.kind != kindNone && e.until != 0 && t >= int64(e.until) {
		e.kind, e.reason, e.since, e.until, e.step, e.attempts = kindNone, 0, 0, 0, 0, 0
	}
	if e.soft != 0 && t-int64(e.softSince) >= m.window {
		e.soft, e.softSince = 0, 0
	}
	return e.kind != kindNone || e.soft != 0
}

// attempt counts a send attempt on e, which must be settled, and reports
// whether e suppresses it.
func (m *Memory) attempt(e *entry, t int64) bool {
	if e.kind == kindNone {
		return false
	}
	if e.attempts < math.MaxUint32 {
		e.attempts++
	}
	if e.until != 0 {
		if int(e.step) < len(m.steps)-1 {
			e.step++
		}
		e.until = u32(t + m.steps[e.step])
	}
	return true
}

// hard applies a hard bounce (or its soft-bounce equivalent) to the settled e.
func (m *Memory) hard(e *entry, t int64, k uint8, r uint8) {
	e.soft, e.softSince = 0, 0
	switch {
	case e.kind != kindNone && e.until == 0:
		// Permanent entries stay as they are.
	case e.kind != kindNone:
		// During a lease: keep the step, and at least its length from now.
		e.until = max(e.until, u32(t+m.steps[e.step]))
	default:
		*e = entry{kind: k, reason: r, since: u32(t), until: u32(t + m.steps[0])}
	}
}

// permanent makes the settled e a permanent entry of kind k unless it is
// one already.
func permanent(e *entry, t int64, k uint8, r uint8) {
	if e.kind != kindNone && e.until == 0 {
		return
	}
	*e = entry{kind: k, reason: r, since: u32(t)}
}

func (m *Memory) apply(e *entry, ev *Event, t int64) {
	switch ev.Outcome {
	case Bounced:
		switch ev.Result.Category {
		case bounce.Hard:
			m.hard(e, t, kindCode(Bounce), m.intern(ev.Result.Reason))
		case bounce.Soft:
			if m.p.SoftLimit <= 0 {
				return
			}
			if e.soft == 0 {
				e.softSince = u32(t)
			}
			e.soft = min(e.soft+1, math.MaxUint16)
			if int(e.soft) >= m.p.SoftLimit {
				m.hard(e, t, kindCode(SoftBounce), m.intern(ev.Result.Reason))
			}
		}
	case Delivered:
		e.soft, e.softSince = 0, 0
	case Complained:
		r := ev.Result.Reason
		if r == "" {
			r = bounce.ReasonFeedback
		}
		permanent(e, t, kindCode(Complaint), m.intern(r))
	case Unsubscribed:
		permanent(e, t, kindCode(Unsubscribe), m.intern(ev.Result.Reason))
	case Suppressed:
		permanent(e, t, kindCode(Manual), m.intern(ev.Result.Reason))
	}
}

func (m *Memory) toEntry(addr string, scope Scope, e *entry) Entry {
	out := Entry{
		Addr:     addr,
		Scope:    scope,
		Kind:     kinds[e.kind],
		Reason:   m.reason(e.reason),
		Since:    time.Unix(int64(e.since), 0).UTC(),
		Step:     int(e.step),
		Attempts: int(e.attempts),
	}
	if e.until != 0 {
		out.Until = time.Unix(int64(e.until), 0).UTC()
	}
	return out
}

// get returns the entry of addr in scope. Called with s.mu held.
func (s *shard) get(scope Scope, addr string) (entry, bool) {
	if scope.IsGlobal() {
		e, ok := s.global[addr]
		return e, ok
	}
	e, ok := s.scoped[scopedKey{scope, addr}]
	return e, ok
}

// put stores or, when alive is false, deletes the entry of addr in scope.
// A new key triggers a small sweep of the map it goes to. Called with s.mu
// held.
func (m *Memory) put(s *shard, scope Scope, addr string, e entry, existed, alive bool, t int64) {
	global := scope.IsGlobal()
	switch {
	case alive && !existed:
		// The key outlives the call: do not keep the caller's buffer alive.
		addr = strings.Clone(addr)
		if global {
			m.deleted(s, sweepSample(m, s.global, t))
			s.global[addr] = e
		} else {
			m.deleted(s, sweepSample(m, s.scoped, t))
			s.scoped[scopedKey{Scope{strings.Clone(scope.Tenant), strings.Clone(scope.List)}, addr}] = e
		}
		m.added(s, addr)
	case alive && global:
		s.global[addr] = e
	case alive:
		s.scoped[scopedKey{scope, addr}] = e
	case existed:
		if global {
			delete(s.global, addr)
		} else {
			delete(s.scoped, scopedKey{scope, addr})
		}
		m.deleted(s, 1)
	}
}

// sweepSample looks at a few entries of mp, starting at the random place
// where map iteration starts, and deletes those that have expired: the
// amortised part of expiry. It returns how many it deleted.
func sweepSample[K comparable](m *Memory, mp map[K]entry, t int64) (deleted int) {
	n := 0
	for k, e := range mp {
		if !m.settle(&e, t) {
			delete(mp, k)
			deleted++
		}
		if n++; n == 3 {
			break
		}
	}
	return deleted
}

func (m *Memory) prepare(addr string, scope Scope) (string, error) {
	m.init()
	n, err := m.p.Normalize(addr)
	if err != nil {
		return "", err
	}
	if !scope.IsGlobal() {
		if err := scope.Validate(); err != nil {
			return "", err
		}
	}
	return n, nil
}

// Allow implements [Store.Allow]. For an address already in normal form it
// does not allocate, and for an address on no list it usually takes no lock:
// a per-shard Bloom filter answers first.
func (m *Memory) Allow(_ context.Context, addr string, scope Scope, now time.Time) (Decision, error) {
	n, err := m.prepare(addr, scope)
	if err != nil {
		return Decision{}, err
	}
	h := maphash.String(m.seed, n)
	s := &m.shards[h&m.mask]
	if !(*s.filter.Load()).mayHave(h) {
		return Decision{Allowed: true}, nil
	}
	t := now.Unix()
	d := Decision{Allowed: true}
	s.mu.Lock()
	if e, ok := s.global[n]; ok && e.kind != kindNone { // a soft-bounce count alone needs nothing
		alive := m.settle(&e, t)
		if m.attempt(&e, t) {
			d = Decision{Entry: m.toEntry(n, Global, &e)}
		}
		m.put(s, Global, n, e, true, alive, t)
	}
	if len(s.scoped) != 0 && !scope.IsGlobal() {
		if scope.Tenant != "" {
			m.allowScoped(s, &d, Scope{Tenant: scope.Tenant}, n, t)
		}
		if scope.List != "" {
			m.allowScoped(s, &d, scope, n, t)
		}
	}
	s.mu.Unlock()
	return d, nil
}

// allowScoped is Allow for one non-global scope. Called with s.mu held.
func (m *Memory) allowScoped(s *shard, d *Decision, scope Scope, addr string, t int64) {
	k := scopedKey{scope, addr}
	e, ok := s.scoped[k]
	if !ok || e.kind == kindNone {
		return
	}
	alive := m.settle(&e, t)
	if m.attempt(&e, t) && d.Allowed {
		*d = Decision{Entry: m.toEntry(addr, scope, &e)}
	}
	if alive {
		s.scoped[k] = e
	} else {
		delete(s.scoped, k)
		m.deleted(s, 1)
	}
}

// Record implements [Store.Record].
func (m *Memory) Record(_ context.Context, ev Event, now time.Time) (Decision, error) {
	if err := ev.Validate(); err != nil {
		return Decision{}, err
	}
	n, err := m.prepare(ev.Addr, ev.Scope)
	if err != nil {
		return Decision{}, err
	}
	t := now.Unix()
	s := m.shard(n)
	s.mu.Lock()
	e, existed := s.get(ev.Scope, n)
	m.settle(&e, t)
	m.apply(&e, &ev, t)
	alive := e.kind != kindNone || e.soft != 0
	m.put(s, ev.Scope, n, e, existed, alive, t)
	s.mu.Unlock()
	if e.kind == kindNone {
		return Decision{Allowed: true}, nil
	}
	return Decision{Entry: m.toEntry(n, ev.Scope, &e)}, nil
}

// Remove implements [Store.Remove]. It reports whether an entry was removed;
// a soft-bounce count alone is removed silently. Remove takes no time, so a
// lease that has ended but was not yet expired lazily counts as an entry.
func (m *Memory) Remove(_ context.Context, addr string, scope Scope) (bool, error) {
	n, err := m.prepare(addr, scope)
	if err != nil {
		return false, err
	}
	s := m.shard(n)
	s.mu.Lock()
	e, ok := s.get(scope, n)
	if ok {
		m.put(s, scope, n, entry{}, true, false, 0)
	}
	s.mu.Unlock()
	return ok && e.kind != kindNone, nil
}

// Get implements [Getter].
func (m *Memory) Get(_ context.Context, addr string, scope Scope, now time.Time) (Entry, bool, error) {
	n, err := m.prepare(addr, scope)
	if err != nil {
		return Entry{}, false, err
	}
	s := m.shard(n)
	s.mu.Lock()
	e, ok := s.get(scope, n)
	s.mu.Unlock()
	if !ok {
		return Entry{}, false, nil
	}
	m.settle(&e, now.Unix())
	if e.kind == kindNone {
		return Entry{}, false, nil
	}
	return m.toEntry(n, scope, &e), true, nil
}

// Add implements [Adder]. It keeps the soft-bounce count of the address.
func (m *Memory) Add(_ context.Context, en Entry, now time.Time) error {
	n, err := m.prepare(en.Addr, en.Scope)
	if err != nil {
		return err
	}
	k := kindCode(en.Kind)
	if k == kindNone {
		return fmt.Errorf("suppress: add %s: invalid kind %q", n, en.Kind)
	}
	t := now.Unix()
	ne := entry{kind: k, reason: m.intern(en.Reason), since: u32(en.Since.Unix()), step: uint8(max(0, min(en.Step, len(m.steps)-1)))}
	if en.Since.IsZero() {
		ne.since = u32(t)
	}
	if !en.Until.IsZero() {
		if en.Until.Unix() <= t {
			return nil
		}
		ne.until = u32(en.Until.Unix())
	}
	ne.attempts = uint32(max(0, min(en.Attempts, math.MaxUint32)))
	s := m.shard(n)
	s.mu.Lock()
	old, existed := s.get(en.Scope, n)
	if existed && m.settle(&old, t) {
		ne.soft, ne.softSince = old.soft, old.softSince
	}
	m.put(s, en.Scope, n, ne, existed, true, t)
	s.mu.Unlock()
	return nil
}

// Sweep removes every expired entry and returns how many it removed. Expiry
// also happens lazily, so calling Sweep only bounds memory sooner.
func (m *Memory) Sweep(now time.Time) int {
	m.init()
	t := now.Unix()
	removed := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n := 0
		for k, e := range s.global {
			if !m.settle(&e, t) {
				delete(s.global, k)
				n++
			}
		}
		for k, e := range s.scoped {
			if !m.settle(&e, t) {
				delete(s.scoped, k)
				n++
			}
		}
		if s.stale+n > 0 {
			m.rebuild(s)
		}
		s.mu.Unlock()
		removed += n
	}
	return removed
}

// Len returns the number of records held, including expired leases not yet
// swept and addresses that only have a soft-bounce count.
func (m *Memory) Len() int {
	m.init()
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n += len(s.global) + len(s.scoped)
		s.mu.Unlock()
	}
	return n
}

// listKey orders the entries of one shard for List.
type listKey struct {
	addr, tenant, list string
}

func (a listKey) compare(b listKey) int {
	if c := strings.Compare(a.addr, b.addr); c != 0 {
		return c
	}
	if c := strings.Compare(a.tenant, b.tenant); c != 0 {
		return c
	}
	return strings.Compare(a.list, b.list)
}

func encodeCursor(shard int, k listKey) string {
	b := binary.AppendUvarint(nil, uint64(shard))
	b = append(b, k.addr...)
	b = append(b, 0)
	b = append(b, k.tenant...)
	b = append(b, 0)
	b = append(b, k.list...)
	return base64.RawURLEncoding.EncodeToString(b)
}

var errCursor = errors.New("suppress: invalid list cursor")

func decodeCursor(c string) (shard int, k listKey, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, k, errCursor
	}
	v, n := binary.Uvarint(b)
	if n <= 0 || v > math.MaxInt32 {
		return 0, k, errCursor
	}
	parts := strings.Split(string(b[n:]), "\x00")
	if len(parts) != 3 {
		return 0, k, errCursor
	}
	return int(v), listKey{parts[0], parts[1], parts[2]}, nil
}

// List implements [Lister]. The order is by shard, then by address, tenant
// and list.
func (m *Memory) List(ctx context.Context, cursor string, limit int, now time.Time) ([]Entry, string, error) {
	m.init()
	if limit <= 0 {
		limit = 100
	}
	start, after, hasAfter := 0, listKey{}, false
	if cursor != "" {
		var err error
		start, after, err = decodeCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		hasAfter = true
	}
	t := now.Unix()
	type item struct {
		k listKey
		e entry
	}
	var out []Entry
	var items []item
	for si := start; si < len(m.shards); si++ {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		items = items[:0]
		s := &m.shards[si]
		s.mu.Lock()
		for a, e := range s.global {
			k := listKey{addr: a}
			if hasAfter && si == start && k.compare(after) <= 0 {
				continue
			}
			if m.settle(&e, t) && e.kind != kindNone {
				items = append(items, item{k, e})
			}
		}
		for sk, e := range s.scoped {
			k := listKey{sk.addr, sk.scope.Tenant, sk.scope.List}
			if hasAfter && si == start && k.compare(after) <= 0 {
				continue
			}
			if m.settle(&e, t) && e.kind != kindNone {
				items = append(items, item{k, e})
			}
		}
		s.mu.Unlock()
		slices.SortFunc(items, func(a, b item) int { return a.k.compare(b.k) })
		for _, it := range items {
			out = append(out, m.toEntry(it.k.addr, Scope{Tenant: it.k.tenant, List: it.k.list}, &it.e))
			if len(out) == limit {
				return out, encodeCursor(si, it.k), nil
			}
		}
	}
	return out, "", nil
}

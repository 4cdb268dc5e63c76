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
// by a hash of the address. Each shard has a mutex that serialises changes,
// an open-addressing table of records that is read without the lock, and a
// small Bloom filter in front of the table, so that the check of an address
// on no list reads one word. The check of a suppressed address takes no lock
// either: the lease's end and the attempt count are one 64-bit word of the
// record, advanced by compare-and-swap, and only a record that changes in
// other ways (a lease that has ended, a new kind) is rewritten under the
// lock. Expired leases are removed lazily when the address is next touched,
// by a small sample taken whenever an address is added, and by
// [Memory.Sweep]; no goroutine is started. [Memory.Save] and [Memory.Load]
// keep the list across restarts.
//
// Each entry takes about 100 bytes (a 64-byte record, its share of the table
// and of the filter) plus a copy of the address (see
// BenchmarkMemoryFootprint). To stay that small, Memory keeps times as
// 32-bit Unix seconds (until the year 2106) and uses only the first 256
// lease steps. It counts at most 2^31-1 attempts per entry: later attempts
// are still suppressed and still advance a lease, but Entry.Attempts stays
// at 2^31-1. It keeps at most 255 distinct reasons; further reasons are kept
// as bounce.ReasonUndefined.
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
	// 0 or less means 128.
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
	// filter and table are read without the lock. They share a cache
	// line that only a rebuild writes, away from the mutex, so that
	// checks on two cores do not pass the line back and forth.
	filter atomic.Pointer[bloom]
	table  atomic.Pointer[table]
	_      [48]byte

	mu    sync.Mutex
	gen   atomic.Uint64 // odd while a change is made under mu; see lock
	live  int           // records in the table
	used  int           // slots of the table in use: records and tombstones
	stale int           // records deleted since the filter was built
	_     [24]byte
}

// lock takes s.mu for a change. Together with unlock it advances s.gen
// twice, as a sequence lock: a check that consults several scopes reads
// their records one after the other without the lock, and when it finds
// the address allowed it must know that no change came between its reads
// (an entry added to one scope after it was read and another removed
// before it was read would leave the address allowed although an entry
// suppressed it at every moment).
func (s *shard) lock() {
	s.mu.Lock()
	s.gen.Add(1)
}

// unlock ends a change begun with lock.
func (s *shard) unlock() {
	s.gen.Add(1)
	s.mu.Unlock()
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

// rebuildFilter replaces the filter of s by one sized for its records: 16
// to 32 bits per record. Called with s.mu held.
func (s *shard) rebuildFilter() {
	n := 1 << bits.Len(uint(max(8, s.live/4)-1))
	b := make(bloom, n)
	tab := s.table.Load()
	for i := range tab.slots {
		if sl := &tab.slots[i]; live(sl.p.Load()) {
			b.add(sl.hash)
		}
	}
	s.filter.Store(&b)
	s.stale = 0
}

// added sets the filter bits of a new record, growing the filter when it
// holds more than 8 records per word. Called with s.mu held.
func (s *shard) added(h uint64) {
	f := *s.filter.Load()
	f.add(h)
	if s.live > 8*len(f) {
		s.rebuildFilter()
	}
}

// tidy rebuilds the filter once its stale bits outnumber the live records.
// Called with s.mu held.
func (s *shard) tidy() {
	if s.stale > s.live+64 {
		s.rebuildFilter()
	}
}

// table is an open-addressing hash table of the records of a shard, probed
// linearly from the hash of the address; the records of one address in
// several scopes share its probe sequence. Slots are filled under the
// shard's lock and read without it. A slot is never reused: a deleted
// record leaves a tombstone until the table is rebuilt, which keeps a slot's
// hash fixed once its record is visible. At most 3/4 of the slots are used,
// so a probe always ends at an empty slot.
type table struct {
	slots []slot
}

type slot struct {
	hash uint64 // keyHash of the record; written before p is first set
	p    atomic.Pointer[node]
}

// scopedBit marks the hash of a record in a scope other than the global
// one, so that the check of the global scope skips the address's other
// records without touching them. Neither the probe start nor the filter
// uses the bit.
const scopedBit = 1 << 31

// keyHash returns the hash a slot holds for the record of an address with
// hash h in scope.
func keyHash(h uint64, scope Scope) uint64 {
	if scope.IsGlobal() {
		return h
	}
	return h ^ scopedBit
}

// tomb marks the slot of a deleted record.
var tomb = new(node)

func live(n *node) bool { return n != nil && n != tomb }

// find returns the slot and the record of addr in scope, or nils. It may be
// called without the shard's lock.
func (t *table) find(h uint64, scope Scope, addr string) (*slot, *node) {
	mask := uint64(len(t.slots) - 1)
	kh := keyHash(h, scope)
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		n := sl.p.Load()
		if n == nil {
			return nil, nil
		}
		if n != tomb && sl.hash == kh && n.addr == addr && n.in(scope) {
			return sl, n
		}
	}
}

// put stores n in the first empty slot of its probe sequence. Called with
// the shard's lock held, or before t is published.
func (t *table) put(h uint64, n *node) {
	mask := uint64(len(t.slots) - 1)
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		if sl := &t.slots[i]; sl.p.Load() == nil {
			sl.hash = h
			sl.p.Store(n)
			return
		}
	}
}

// insert adds the record n of a new key, whose keyHash is h. Called with
// s.mu held.
func (s *shard) insert(h uint64, n *node) {
	tab := s.table.Load()
	if 4*(s.used+1) > 3*len(tab.slots) {
		tab = s.rebuildTable(s.live + 1)
	}
	tab.put(h, n)
	s.used++
	s.live++
}

// rebuildTable replaces the table of s by one without tombstones that has
// room for n records at half load, and returns it. Readers still probing
// the old table find the same nodes there. Called with s.mu held.
func (s *shard) rebuildTable(n int) *table {
	tab := &table{slots: make([]slot, 1<<bits.Len(uint(max(8, 2*n)-1)))}
	if old := s.table.Load(); old != nil {
		for i := range old.slots {
			if sl := &old.slots[i]; live(sl.p.Load()) {
				tab.put(sl.hash, sl.p.Load())
			}
		}
	}
	s.table.Store(tab)
	s.used = s.live
	return tab
}

// drop deletes the record at sl, whose node the caller has frozen. Called
// with s.mu held.
func (s *shard) drop(sl *slot) {
	sl.p.Store(tomb)
	s.live--
	s.stale++
}

// node is the record of one address in one scope: 64 bytes with the
// allocator's rounding. Allow reads nodes without the shard's lock, so a
// node's fields other than state, soft and softSince are set before the
// node is published and never change: a change to them publishes a new
// node in the same slot. state changes by compare-and-swap; soft and
// softSince are read and written only with the lock held.
//
// A node whose state has the frozen bit is being changed under the lock or
// has been deleted or replaced: Allow then takes the lock and looks again.
type node struct {
	state  atomic.Uint64 // lease end (Unix seconds, 0 if permanent) << 32 | frozen | attempts
	addr   string
	scope  *Scope // nil for the global scope
	since  uint32
	att0   uint32 // attempts when the lease was at step0: each later attempt is a step
	kind   uint8  // kindNone when the record only counts soft bounces
	step0  uint8
	reason uint8 // index into Memory.reasons

	soft      uint16 // consecutive soft bounces
	softSince uint32 // first soft bounce of the current run
}

const (
	// frozen in a node's state makes Allow's compare-and-swap fail.
	frozen = 1 << 31
	// maxAttempts is the most attempts an entry counts.
	maxAttempts = frozen - 1
)

func pack(until, attempts uint32) uint64 { return uint64(until)<<32 | uint64(attempts) }

func (n *node) in(s Scope) bool {
	if n.scope == nil {
		return s.IsGlobal()
	}
	return *n.scope == s
}

// freeze sets the frozen bit of n, which must not be set, and returns the
// state before. Called with the shard's lock held.
func (n *node) freeze() uint64 { return n.state.Or(frozen) }

func newNode(addr string, scope *Scope, e *entry) *node {
	n := &node{addr: addr, scope: scope, since: e.since, att0: e.attempts, kind: e.kind, step0: e.step, reason: e.reason, soft: e.soft, softSince: e.softSince}
	n.state.Store(pack(e.until, e.attempts))
	return n
}

// view returns the entry n holds in state st, without the soft-bounce
// count. It may be called without the shard's lock.
func (m *Memory) view(n *node, st uint64) entry {
	e := entry{since: n.since, until: uint32(st >> 32), attempts: uint32(st) & maxAttempts, kind: n.kind, step: n.step0, reason: n.reason}
	if e.until != 0 {
		e.step = uint8(m.stepAt(n, e.attempts))
	}
	return e
}

// stepAt returns the lease step of the leased record n once it has counted
// att attempts: one step further for each attempt after att0, up to the
// last step.
func (m *Memory) stepAt(n *node, att uint32) int {
	return min(int(n.step0)+int(att-min(att, n.att0)), len(m.steps)-1)
}

// read is view with the soft-bounce count. Called with the shard's lock
// held.
func (m *Memory) read(n *node, st uint64) entry {
	e := m.view(n, st)
	e.soft, e.softSince = n.soft, n.softSince
	return e
}

// fits reports whether n holds e after a change of its state (and soft
// count) alone.
func (m *Memory) fits(n *node, e *entry) bool {
	if e.until != 0 && e.attempts < n.att0 {
		return false
	}
	v := m.view(n, pack(e.until, e.attempts))
	v.soft, v.softSince = e.soft, e.softSince
	return v == *e
}

// restore stores e, which must be alive, in the record n at sl, which the
// caller has frozen: in n itself, which this unfreezes, or in a new node
// that replaces n, which stays frozen. Called with the shard's lock held.
func (m *Memory) restore(sl *slot, n *node, e *entry) {
	if m.fits(n, e) {
		n.soft, n.softSince = e.soft, e.softSince
		n.state.Store(pack(e.until, e.attempts))
		return
	}
	sl.p.Store(newNode(n.addr, n.scope, e))
}

// commit stores e as the record of addr in scope, deleting the record when
// nothing is left of e. sl and n are the record found, which the caller has
// frozen, or nils. Called with s.mu held.
func (m *Memory) commit(s *shard, sl *slot, n *node, h uint64, scope Scope, addr string, e *entry, t int64) {
	alive := e.kind != kindNone || e.soft != 0
	switch {
	case n != nil && alive:
		m.restore(sl, n, e)
	case n != nil:
		s.drop(sl)
		s.tidy()
	case alive:
		m.sweepSample(s, h, t)
		var sc *Scope
		if !scope.IsGlobal() {
			sc = &Scope{strings.Clone(scope.Tenant), strings.Clone(scope.List)}
		}
		// The key outlives the call: do not keep the caller's buffer alive.
		s.insert(keyHash(h, scope), newNode(strings.Clone(addr), sc, e))
		s.added(h)
	}
}

// expire ends an expired lease and soft-bounce run of the record n at sl,
// deleting the record when nothing is left, and reports whether it did.
// It does not tidy the filter. Called with s.mu held.
func (m *Memory) expire(s *shard, sl *slot, n *node, t int64) bool {
	e := m.read(n, n.state.Load())
	if c := e; !m.settle(&c, t) || c != e {
		e = m.read(n, n.freeze())
		if !m.settle(&e, t) {
			s.drop(sl)
			return true
		}
		m.restore(sl, n, &e)
	}
	return false
}

// sweepSample looks at a few records from a place of the table chosen by
// h, the hash of a new key, and deletes those that have expired: the
// amortised part of expiry. Called with s.mu held.
func (m *Memory) sweepSample(s *shard, h uint64, t int64) {
	tab := s.table.Load()
	mask := uint64(len(tab.slots) - 1)
	i, seen := h>>8, 0
	for j := 0; j < 32 && seen < 3; j++ {
		sl := &tab.slots[(i+uint64(j))&mask]
		if n := sl.p.Load(); live(n) {
			seen++
			m.expire(s, sl, n, t)
		}
	}
	s.tidy()
}

// entry is the state of one address in one scope, as the functions below
// change it. Times are unsigned 32-bit Unix seconds, good until 2106.
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
			m.shards[i].rebuildTable(0)
			m.shards[i].rebuildFilter()
		}
	})
}

// locate returns the hash of addr and its shard.
func (m *Memory) locate(addr string) (uint64, *shard) {
	h := maphash.String(m.seed, addr)
	return h, &m.shards[h&m.mask]
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
	if e.attempts < maxAttempts {
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

// advance is attempt on the record n in state st, without the lock: it
// returns the state after the attempt, or false when only the locked path
// may make the change (n is frozen, or its lease has ended or counted
// maxAttempts).
func (m *Memory) advance(n *node, st uint64, t int64) (uint64, bool) {
	until, att := uint32(st>>32), uint32(st)
	switch {
	case att&frozen != 0:
		return 0, false
	case until == 0: // permanent: only the count changes
		if att < maxAttempts {
			st++
		}
		return st, true
	case t >= int64(until) || att >= maxAttempts:
		return 0, false
	}
	att++
	return pack(u32(t+m.steps[m.stepAt(n, att)]), att), true
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
	var out Entry
	m.fill(&out, addr, scope, e)
	return out
}

// fill sets *out, which must be zero, to the Entry of e.
func (m *Memory) fill(out *Entry, addr string, scope Scope, e *entry) {
	out.Addr = addr
	out.Scope = scope
	out.Kind = kinds[e.kind]
	out.Reason = m.reason(e.reason)
	out.Since = time.Unix(int64(e.since), 0).UTC()
	out.Step = int(e.step)
	out.Attempts = int(e.attempts)
	if e.until != 0 {
		out.Until = time.Unix(int64(e.until), 0).UTC()
	}
}

func (n *node) scopeOf() Scope {
	if n.scope == nil {
		return Global
	}
	return *n.scope
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
// does not allocate and, unless a lease has ended, takes no lock: a
// per-shard Bloom filter answers first for an address on no list, and the
// attempt on a suppressed address is counted by compare-and-swap.
//
// Records hold addresses in normal form, and normalising is idempotent, so
// an input that matches a record exactly is in normal form: Allow looks the
// input up before it normalises it, and a suppressed address in normal
// form is never normalised.
func (m *Memory) Allow(_ context.Context, addr string, scope Scope, now time.Time) (Decision, error) {
	m.init()
	if !scope.IsGlobal() && scope.Validate() != nil {
		_, err := m.prepare(addr, scope) // the address's error first
		return Decision{}, err
	}
	t := now.Unix()
	h, s := m.locate(addr)
	if (*s.filter.Load()).mayHave(h) {
		if d, found := m.allow(s, h, scope, addr, t); found {
			return d, nil
		}
	}
	n, err := m.p.Normalize(addr)
	if err != nil {
		return Decision{}, err
	}
	if n != addr { // the input was not in normal form: look its normal form up
		if h, s = m.locate(n); (*s.filter.Load()).mayHave(h) {
			d, _ := m.allow(s, h, scope, n, t)
			return d, nil
		}
	}
	return Decision{Allowed: true}, nil
}

// allow is Allow for an address that may be on a list. It reports whether
// addr has a record in any scope it checked.
//
// The check of each scope is atomic, but several scopes are read one after
// the other. A suppressed answer holds as it is: one record suppressed the
// address when its attempt was counted. An allowed answer of several scopes
// holds only if no change was made in between, which s.gen tells; otherwise
// the scopes are read again. That is safe because an allowed check counted
// no attempt.
func (m *Memory) allow(s *shard, h uint64, scope Scope, addr string, t int64) (Decision, bool) {
	if scope.IsGlobal() {
		d := Decision{Allowed: true}
		return d, m.check(s, h, Global, addr, t, &d)
	}
	for {
		g := s.gen.Load()
		d := Decision{Allowed: true}
		found := m.check(s, h, Global, addr, t, &d)
		if scope.Tenant != "" {
			found = m.check(s, h, Scope{Tenant: scope.Tenant}, addr, t, &d) || found
		}
		if scope.List != "" {
			found = m.check(s, h, scope, addr, t, &d) || found
		}
		if !d.Allowed || g&1 == 0 && s.gen.Load() == g {
			return d, found
		}
		if g&1 != 0 { // a change was under way: wait for it to end
			s.mu.Lock()
			s.mu.Unlock()
		}
	}
}

// check is Allow for one scope: it counts the attempt on the record of
// addr in scope, if there is one, and sets *d to the record if *d is still
// allowed. It reports whether there is a record.
func (m *Memory) check(s *shard, h uint64, scope Scope, addr string, t int64, d *Decision) bool {
	tab := s.table.Load()
	mask := uint64(len(tab.slots) - 1)
	kh := keyHash(h, scope)
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		sl := &tab.slots[i]
		n := sl.p.Load()
		if n == nil {
			return false
		}
		if n == tomb || sl.hash != kh {
			continue
		}
		// The hash matches, so this is very likely the record: Add(0)
		// takes its cache line for writing at once, where a plain load
		// would fetch it shared, and the compare-and-swap fetch it again
		// from a core that counted an attempt in between.
		st := n.state.Add(0)
		if n.addr != addr || !n.in(scope) {
			continue
		}
		if n.kind == kindNone { // a soft-bounce count alone needs nothing
			return true
		}
		for {
			next, ok := m.advance(n, st, t)
			if !ok {
				m.checkLocked(s, h, scope, addr, t, d)
				return true
			}
			if next == st || n.state.CompareAndSwap(st, next) {
				if d.Allowed {
					e := m.view(n, next)
					d.Allowed = false
					m.fill(&d.Entry, addr, scope, &e)
				}
				return true
			}
			st = n.state.Load()
		}
	}
}

// checkLocked is check with the lock held: it ends an expired lease.
func (m *Memory) checkLocked(s *shard, h uint64, scope Scope, addr string, t int64, d *Decision) {
	s.lock()
	defer s.unlock()
	sl, n := s.table.Load().find(h, scope, addr)
	if n == nil || n.kind == kindNone {
		return
	}
	e := m.read(n, n.freeze())
	m.settle(&e, t)
	if m.attempt(&e, t) && d.Allowed {
		*d = Decision{Entry: m.toEntry(addr, scope, &e)}
	}
	m.commit(s, sl, n, h, scope, addr, &e, t)
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
	h, s := m.locate(n)
	s.lock()
	sl, nd := s.table.Load().find(h, ev.Scope, n)
	var e entry
	if nd != nil {
		e = m.read(nd, nd.freeze())
	}
	m.settle(&e, t)
	m.apply(&e, &ev, t)
	m.commit(s, sl, nd, h, ev.Scope, n, &e, t)
	s.unlock()
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
	h, s := m.locate(n)
	s.lock()
	defer s.unlock()
	sl, nd := s.table.Load().find(h, scope, n)
	if nd == nil {
		return false, nil
	}
	nd.freeze()
	s.drop(sl)
	s.tidy()
	return nd.kind != kindNone, nil
}

// Get implements [Getter].
func (m *Memory) Get(_ context.Context, addr string, scope Scope, now time.Time) (Entry, bool, error) {
	n, err := m.prepare(addr, scope)
	if err != nil {
		return Entry{}, false, err
	}
	h, s := m.locate(n)
	s.mu.Lock()
	_, nd := s.table.Load().find(h, scope, n)
	var e entry
	if nd != nil {
		e = m.read(nd, nd.state.Load())
	}
	s.mu.Unlock()
	if nd == nil {
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
	ne.attempts = uint32(max(0, min(en.Attempts, maxAttempts)))
	h, s := m.locate(n)
	s.lock()
	sl, nd := s.table.Load().find(h, en.Scope, n)
	if nd != nil {
		if old := m.read(nd, nd.freeze()); m.settle(&old, t) {
			ne.soft, ne.softSince = old.soft, old.softSince
		}
	}
	m.commit(s, sl, nd, h, en.Scope, n, &ne, t)
	s.unlock()
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
		s.lock()
		tab := s.table.Load()
		for j := range tab.slots {
			if sl := &tab.slots[j]; live(sl.p.Load()) && m.expire(s, sl, sl.p.Load(), t) {
				removed++
			}
		}
		if s.used != s.live {
			s.rebuildTable(s.live)
		}
		if s.stale != 0 {
			s.rebuildFilter()
		}
		s.unlock()
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
		n += s.live
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
		tab := s.table.Load()
		for j := range tab.slots {
			n := tab.slots[j].p.Load()
			if !live(n) {
				continue
			}
			k := listKey{addr: n.addr}
			if n.scope != nil {
				k.tenant, k.list = n.scope.Tenant, n.scope.List
			}
			if hasAfter && si == start && k.compare(after) <= 0 {
				continue
			}
			if e := m.read(n, n.state.Load()); m.settle(&e, t) && e.kind != kindNone {
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

package bounce

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// textRule is one built-in text rule: when pat occurs in a reply's text, the
// reply has the reason. Patterns are lowercase; ASCII letters in the text are
// folded to lower case, and runs of white space count as one space. A '*'
// splits a pattern into parts that must occur in that order, each within
// maxGap bytes of the end of the one before. A space at the start or end of a
// pattern also matches the start or end of the text.
type textRule struct {
	pat    string
	reason Reason
	kind   ruleKind
	// soft marks a condition that the text itself calls temporary ("the
	// account is temporarily suspended"): the failure is Soft whatever
	// its code.
	soft bool
	// grey marks a phrase of greylisting (RFC 6647); see Result.Greylisted.
	grey bool
}

type ruleKind uint8

// ruleMeta is a rule's kind and a small number for its reason.
type ruleMeta struct {
	kind   ruleKind
	reason uint8
	grey   bool // the rule is a greylisting phrase
	// provider marks a receiver's own documented code or phrase (see
	// documentedRules), which byCommand does not read as a filter's words
	// after DATA.
	provider bool
}

const (
	strong   ruleKind = iota // beats the enhanced status code
	weak                     // used only when the codes say nothing specific
	veto                     // a match disables the later rules of the same reason (see hits.best)
	fallback                 // used only when there is no status code, or a vague one
	// deferral marks a request to come back later ("please try again
	// later") that names no cause. It decides only when no other rule
	// matched and the status code names no cause either: a 4xx is then a
	// deliberate deferral, usually greylisting, and a 5xx is retried as
	// the text asks.
	deferral
)

// hotDepth is the depth of the trie down to which states are numbered
// breadth-first, see compile.
const hotDepth = 3

// maxGap bounds the distance between the parts of a multi-part pattern, so
// that "mailbox*full" does not pair words from unrelated sentences.
const maxGap = 48

// matcher is an Aho–Corasick automaton over all the parts of all the rules,
// compiled into a DFA with one row per state and one column per byte class.
// It is built once and never changed afterwards.
type matcher struct {
	rules []textRule
	// meta is what the choice among hits reads of each rule, four bytes a
	// rule rather than a whole textRule.
	meta []ruleMeta

	cls   [256]uint8 // byte -> class; ASCII upper case folded; white space -> spaceCls
	ncls  int        // byte classes in use, at most rowLen
	delta []uint32   // state<<rowShift | class -> next state<<rowShift
	// The numbering of the states is chosen for the memory caches (see
	// compile): the shallow states, which most bytes of a text visit, come
	// first and share few pages, and the states along one pattern are
	// neighbours. The states with outputs come last, from firstOut on, so
	// that the scan loop tests st >= firstOut instead of unpacking a flag
	// from each transition. The scan holds a state as the offset of its
	// row, state<<rowShift, as the table does: the step from one byte to
	// the next is then a load and an OR, with no shift on the chain of
	// dependent loads (the table takes 3 MB instead of 1.5 MB; the scan
	// took 9–16% less time in BenchmarkScan). firstOut is such an offset
	// too.
	firstOut int
	outAt    []uint32 // (state-firstOut)>>rowShift -> first output in outs; the next entry ends it
	outs     []uint32 // rule, part, number of parts and part length, see pack

	// wide are the rules with non-ASCII bytes (other scripts, typographic
	// apostrophes): they stay out of the automaton, which keeps it small,
	// and are looked for only in texts that have non-ASCII bytes.
	wide []wideRule
	// The wide rules are found by the first three bytes of their first
	// part (ASCII case folded, see gramKey): wideKeys holds those keys,
	// sorted, and the wide rules of wideKeys[k] are
	// wideOf[wideFrom[k]:wideFrom[k+1]]. wideBits has the bit of each
	// key's gramBit set, so that most positions of a text are passed
	// over without a search. wideShort are the wide rules whose first
	// part is shorter than three bytes, looked for as a whole.
	wideKeys  []uint32
	wideFrom  []int32
	wideOf    []int32
	wideShort []int32
	wideBits  [1 << 10]uint64
}

type wideRule struct {
	parts []string
	rule  int32
}

const spaceCls = 1

// Rows of the automaton have a power-of-two length, so that finding a row
// takes a shift; byte classes must fit in a row.
const (
	rowShift = 6
	rowLen   = 1 << rowShift
)

// builtin is the matcher of the built-in rules, built on first use.
// The rules of providerRules, which come in builtinRules right after
// senderVetoes, are marked as a receiver's documented ones (see
// documentedRules).
var builtin = sync.OnceValue(func() *matcher {
	m := compile(builtinRules)
	documentedRules(m, len(senderVetoes), len(providerRules))
	return m
})

// documentedRules marks the n rules of m from from on, the providers' own,
// as documented, unless the general rules after them read the rule's own
// words as the same reason: such a phrase ("user does not exist",
// "mailbox not found") is the general words a provider also writes, not
// its code, and keeps no meaning of its own after DATA.
func documentedRules(m *matcher, from, n int) {
	for i := from; i < from+n; i++ {
		var h hits
		m.scan(strings.ReplaceAll(m.rules[i].pat, "*", " "), &h)
		general := false
		for _, ri := range h.rule[:h.n] {
			if int(ri) >= from+n && m.meta[ri].reason == m.meta[i].reason && m.meta[ri].kind != veto {
				general = true
				break
			}
		}
		m.meta[i].provider = !general
	}
}

// compile builds the matcher of rules. It panics on a rule set that cannot be
// represented, which the tests rule out for the built-in set.
func compile(rules []textRule) *matcher {
	m := &matcher{rules: rules, meta: make([]ruleMeta, len(rules))}
	reasons := map[Reason]uint8{}
	for ri, r := range rules {
		id, ok := reasons[r.reason]
		if !ok {
			if len(reasons) == 255 {
				panic("bounce: too many reasons")
			}
			id = uint8(len(reasons))
			reasons[r.reason] = id
		}
		m.meta[ri] = ruleMeta{kind: r.kind, reason: id, grey: r.grey}
	}

	// Byte classes: 0 for bytes that occur in no pattern, 1 for white space,
	// then one per other byte that occurs.
	m.ncls = 2
	for ri, r := range rules {
		if isWide(r.pat) {
			m.wide = append(m.wide, wideRule{strings.Split(r.pat, "*"), int32(ri)})
			continue
		}
		if strings.Contains(r.pat, "'") {
			// QUIRK: Exchange and Gmail write typographic apostrophes
			// (U+2019, sometimes U+2018).
			for _, q := range []string{"\u2019", "\u2018"} {
				m.wide = append(m.wide, wideRule{strings.Split(strings.ReplaceAll(r.pat, "'", q), "*"), int32(ri)})
			}
		}
		for i := 0; i < len(r.pat); i++ {
			b := r.pat[i]
			if b == '*' || b == ' ' {
				continue
			}
			if 'A' <= b && b <= 'Z' {
				panic(fmt.Sprintf("bounce: rule %q is not lowercase", r.pat))
			}
			if m.cls[b] == 0 {
				m.cls[b] = uint8(m.ncls)
				m.ncls++
				if m.ncls > rowLen {
					panic("bounce: too many byte classes")
				}
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.cls[b] = m.cls[b+'a'-'A']
	}
	for _, b := range []byte{' ', '\t', '\r', '\n', '\v', '\f'} {
		m.cls[b] = spaceCls
	}

	// The trie of all parts.
	type edge struct {
		c uint8
		n int32
	}
	type node struct {
		kids []edge
		outs []uint32
	}
	nodes := []node{{}}
	endsInSpace := []bool{false}
	depth := []int{0}
	child := func(s int32, c uint8) (int32, bool) {
		for _, e := range nodes[s].kids {
			if e.c == c {
				return e.n, true
			}
		}
		return 0, false
	}
	for ri, r := range rules {
		ps := strings.Split(r.pat, "*")
		if isWide(r.pat) {
			continue
		}
		if len(ps) > 7 || ri >= 1<<18 {
			panic(fmt.Sprintf("bounce: rule %q has too many parts", r.pat))
		}
		for pi, p := range ps {
			if p == "" {
				panic(fmt.Sprintf("bounce: rule %q has an empty part", r.pat))
			}
			s := int32(0)
			for i := 0; i < len(p); i++ {
				c := m.cls[p[i]]
				n, ok := child(s, c)
				if !ok {
					n = int32(len(nodes))
					nodes = append(nodes, node{})
					endsInSpace = append(endsInSpace, c == spaceCls)
					depth = append(depth, depth[s]+1)
					nodes[s].kids = append(nodes[s].kids, edge{c, n})
				}
				s = n
			}
			nodes[s].outs = append(nodes[s].outs, pack(ri, pi, len(ps), len(p)))
		}
	}
	if len(nodes) > 1<<16 {
		panic("bounce: too many automaton states")
	}

	// Breadth-first: each state's DFA row is its failure state's row with
	// its own edges written over it; the failure of a child on c is where
	// the parent's failure state goes on c. Outputs are inherited along
	// failure links.
	delta := make([]uint16, len(nodes)<<rowShift)
	fail := make([]int32, len(nodes))
	queue := make([]int32, 1, len(nodes))
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		row := delta[int(s)<<rowShift : int(s+1)<<rowShift]
		if s != 0 {
			f := fail[s]
			copy(row, delta[int(f)<<rowShift:int(f+1)<<rowShift])
			nodes[s].outs = append(nodes[s].outs, nodes[f].outs...)
		}
		for _, e := range nodes[s].kids {
			if s != 0 {
				fail[e.n] = int32(row[e.c])
			}
			row[e.c] = uint16(e.n)
			queue = append(queue, e.n)
		}
		if endsInSpace[s] {
			// Runs of white space read as one space: a state just
			// after a space stays where it is on more space.
			row[spaceCls] = uint16(s)
		}
	}
	// Renumber. The shallow states, which most bytes of a text visit,
	// come first, breadth-first; the deeper ones follow depth-first, so
	// that the states along one pattern are neighbours; the states with
	// outputs come last. The root stays 0. A 90-byte reply then read
	// rows on about 20 pages of the table instead of 50 (with two-byte
	// entries; 29 pages with the four-byte ones of now), and the scan
	// took 10–20% less time than with all states breadth-first.
	visit := make([]int32, 0, len(nodes))
	for _, s := range queue {
		if depth[s] <= hotDepth {
			visit = append(visit, s)
		}
	}
	var stack []int32
	for _, s := range queue {
		if depth[s] == hotDepth {
			stack = append(stack[:0], s)
			for len(stack) > 0 {
				t := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if t != s {
					visit = append(visit, t)
				}
				for k := len(nodes[t].kids) - 1; k >= 0; k-- {
					stack = append(stack, nodes[t].kids[k].n)
				}
			}
		}
	}
	order := make([]int32, 0, len(nodes))
	for _, s := range visit {
		if len(nodes[s].outs) == 0 {
			order = append(order, s)
		}
	}
	nPlain := len(order)
	for _, s := range visit {
		if len(nodes[s].outs) > 0 {
			order = append(order, s)
		}
	}
	if len(order) != len(nodes) {
		panic("bounce: automaton states lost in renumbering")
	}
	id := make([]uint16, len(nodes))
	for n, s := range order {
		id[s] = uint16(n)
	}
	m.firstOut = nPlain << rowShift
	m.delta = make([]uint32, len(delta))
	m.outAt = make([]uint32, 0, len(order)-nPlain+1)
	for n, s := range order {
		row := delta[int(s)<<rowShift : int(s+1)<<rowShift]
		for c, next := range row {
			m.delta[n<<rowShift|c] = uint32(id[next]) << rowShift
		}
		if n >= nPlain {
			m.outAt = append(m.outAt, uint32(len(m.outs)))
			m.outs = append(m.outs, nodes[s].outs...)
		}
	}
	m.outAt = append(m.outAt, uint32(len(m.outs)))
	m.indexWide()
	return m
}

// indexWide builds the index of the wide rules by the first three bytes
// of their first part.
func (m *matcher) indexWide() {
	byKey := map[uint32][]int32{}
	for i, w := range m.wide {
		p := w.parts[0]
		if len(p) < 3 {
			m.wideShort = append(m.wideShort, int32(i))
			continue
		}
		k := gramKey(p[0], p[1], p[2])
		byKey[k] = append(byKey[k], int32(i))
	}
	for k := range byKey {
		m.wideKeys = append(m.wideKeys, k)
	}
	slices.Sort(m.wideKeys)
	for _, k := range m.wideKeys {
		m.wideFrom = append(m.wideFrom, int32(len(m.wideOf)))
		m.wideOf = append(m.wideOf, byKey[k]...)
		b := gramBit(k)
		m.wideBits[b>>6] |= 1 << (b & 63)
	}
	m.wideFrom = append(m.wideFrom, int32(len(m.wideOf)))
}

// gramKey is the key of three bytes, ASCII case folded.
func gramKey(a, b, c byte) uint32 {
	return uint32(lower(a))<<16 | uint32(lower(b))<<8 | uint32(lower(c))
}

// gramBit hashes a key to one of the 1<<16 bits of matcher.wideBits.
func gramBit(k uint32) uint32 { return (k * 0x9e3779b1) >> 16 }

// pack stores a rule index, a part index, the rule's number of parts and
// the part's length in one word: rule<<14 | parts<<11 | part<<8 | n. emit
// takes it apart.
func pack(rule, part, parts, n int) uint32 {
	if n > 255 {
		panic("bounce: rule part longer than 255 bytes")
	}
	return uint32(rule)<<14 | uint32(parts)<<11 | uint32(part)<<8 | uint32(n)
}

// maxHits bounds the matches remembered per text; the lowest rule indexes
// are kept, as they have the highest priority.
const maxHits = 24

// hits collects the rules that matched one text. It lives on the stack.
type hits struct {
	n    int
	rule [maxHits]int32
	// progress of multi-part rules: rule index, parts done, end of the
	// last; the rule indexes apart, so that looking one up reads 32 bytes
	progRule [maxProg]int32
	progDone [maxProg]uint8
	progEnd  [maxProg]int32
	nprog    int
	// progSet has bit r%64 set for each rule r in progRule: most parts
	// that come are of rules not followed, and the bit tells so without
	// a search.
	progSet uint64
}

// maxProg bounds the multi-part rules followed per text.
const maxProg = 8

func (h *hits) add(rule int32) {
	if !h.addFast(rule) {
		h.replace(rule)
	}
}

// addFast is add when it can be done without replace: it reports false when
// rule is new and there is no room left. It is small enough to be inlined.
func (h *hits) addFast(rule int32) bool {
	for _, x := range h.rule[:h.n] {
		if x == rule {
			return true
		}
	}
	if h.n < maxHits {
		h.rule[h.n] = rule
		h.n++
		return true
	}
	return false
}

// replace replaces the lowest-priority hit with rule when rule is better.
func (h *hits) replace(rule int32) {
	w := 0
	for i := 1; i < h.n; i++ {
		if h.rule[i] > h.rule[w] {
			w = i
		}
	}
	if rule < h.rule[w] {
		h.rule[w] = rule
	}
}

// maxScan bounds the bytes of text that the matcher reads; replies are far
// shorter, and the bound keeps the time spent on hostile input linear and
// small.
const maxScan = 64 << 10

// scan runs the automaton over s and records the matching rules in h.
func (m *matcher) scan(s string, h *hits) {
	if len(s) > maxScan {
		s = s[:maxScan]
	}
	sc := m.start()
	if len(s) >= minSplit {
		m.feedSplit(&sc, s, h)
	} else {
		// feed and feedSerial, by hand: two calls less for most
		// replies, which are short.
		if hasHigh(s) {
			sc.high = 0x80
		}
		m.run(&sc, s, h)
	}
	m.space(&sc, h) // a virtual space after the text
	if len(m.wide) > 0 && sc.high >= 0x80 {
		m.scanWide(s, h)
	}
}

// scanner is the state of the automaton over a text given in pieces; the
// pieces read as if joined with single spaces.
type scanner struct {
	st   int   // the current state
	off  int32 // bytes read so far, the virtual leading space included
	high byte  // all bytes read, ORed: >= 0x80 when one was not ASCII
}

// start returns a scanner that has read a virtual space before the text.
func (m *matcher) start() scanner {
	return scanner{st: int(m.delta[spaceCls])}
}

// feed runs the automaton over s.
func (m *matcher) feed(sc *scanner, s string, h *hits) {
	if len(s) >= minSplit {
		m.feedSplit(sc, s, h)
		return
	}
	m.feedSerial(sc, s, h)
}

// feedSerial runs the automaton over s one byte after the other.
func (m *matcher) feedSerial(sc *scanner, s string, h *hits) {
	if hasHigh(s) {
		sc.high |= 0x80
	}
	m.run(sc, s, h)
}

// run is feedSerial without the look for non-ASCII bytes.
func (m *matcher) run(sc *scanner, s string, h *hits) {
	delta := m.delta
	cls := &m.cls
	firstOut := m.firstOut
	st := sc.st
	i := 0
	for {
		// The inner loop keeps its few variables in registers; the
		// outputs, which call out, are dealt with outside it.
		for ; i < len(s); i++ {
			st = int(delta[st|int(cls[s[i]])])
			if st >= firstOut {
				break
			}
		}
		if i >= len(s) {
			break
		}
		i++
		m.emit(st, sc.off+int32(i), h)
	}
	sc.st = st
	sc.off += int32(len(s))
}

// Splitting a text in two pays from minSplit bytes on. The run over the
// second part starts splitWarm bytes before it, so that it is in the true
// state when the part begins unless a longer prefix of a pattern is under
// way there; maxPending bounds the outputs of the second part held back.
const (
	minSplit   = 128
	splitWarm  = 24
	maxPending = 16
)

// feedSplit is feedSerial for a longer s, and faster.
//
// Each step of the automaton waits for the table load of the step before,
// so a single run uses little of what the processor could do at once.
// feedSplit makes two independent runs in the same loop, over the first
// part of s and over the second. The run over the second part starts from
// the root state splitWarm bytes early; as the automaton's state depends
// only on the last bytes read (as many as the longest pattern part still
// under way), it is usually in the true state when its part begins. It
// holds its outputs back. When the first run reaches the second part it is
// in the true state; if the second run was in the same state there, the two
// agree from there on and the outputs held back are the true ones. h sees
// exactly the calls that feedSerial would make, in the same order. If the
// states differ, or the second part has more than maxPending outputs, the
// second run is dropped and the first goes on alone.
func (m *matcher) feedSplit(sc *scanner, s string, h *hits) {
	delta := m.delta
	cls := &m.cls
	firstOut := m.firstOut
	mid := (len(s) + splitWarm) / 2
	a, b := s[:mid], s[mid-splitWarm:mid-splitWarm+mid] // as long as a
	off := sc.off
	if hasHigh(s) {
		sc.high |= 0x80
	}
	st1, st2 := sc.st, 0
	i := 0
	for ; i < splitWarm; i++ {
		st1 = int(delta[st1|int(cls[a[i]])])
		st2 = int(delta[st2|int(cls[b[i]])])
		if st1 >= firstOut {
			m.emit(st1, off+int32(i+1), h)
		}
	}
	atMid := st2
	var pend [maxPending]struct {
		st  uint32
		pos int32
	}
	np := 0
	for i < len(a) {
		// The inner loop keeps its few variables in registers; the
		// rare outputs are dealt with outside it.
		for ; i < len(a); i++ {
			st1 = int(delta[st1|int(cls[a[i]])])
			st2 = int(delta[st2|int(cls[b[i]])])
			if st1 >= firstOut || st2 >= firstOut {
				break
			}
		}
		if i == len(a) {
			break
		}
		if st1 >= firstOut {
			m.emit(st1, off+int32(i+1), h)
		}
		if st2 >= firstOut {
			if np == len(pend) {
				break
			}
			pend[np].st, pend[np].pos = uint32(st2), off+int32(mid-splitWarm+i+1)
			np++
		}
		i++
	}
	if i < len(a) || st1 != atMid {
		// The first run goes on alone, from the byte after the one it
		// last read.
		sc.st, sc.off = st1, off+int32(i+1)
		if i == len(a) {
			sc.off = off + int32(len(a))
		}
		m.run(sc, s[sc.off-off:], h)
		return
	}
	for _, p := range pend[:np] {
		m.emit(int(p.st), p.pos, h)
	}
	// The rest, if any, one byte at a time.
	end := mid - splitWarm + len(a)
	sc.st, sc.off = st2, off+int32(end)
	m.run(sc, s[end:], h)
}

// space runs the automaton over one space.
func (m *matcher) space(sc *scanner, h *hits) {
	sc.st = int(m.delta[sc.st|spaceCls])
	sc.off++
	if sc.st >= m.firstOut {
		m.emit(sc.st, sc.off, h)
	}
}

// emit records the outputs of state st (a row offset), reached at pos: a
// rule of one part is a hit; a part of a longer rule moves the rule's
// progress, and the last part in order, each within maxGap bytes of the
// one before, makes it a hit. The bookkeeping is written out in the loop
// (addFast and replace are inlined) since any call in it would spill and
// reload the loop's registers.
func (m *matcher) emit(st int, pos int32, h *hits) {
	i := (st - m.firstOut) >> rowShift
	for _, o := range m.outs[m.outAt[i]:m.outAt[i+1]] {
		r := int32(o >> 14)
		np := int32(o >> 11 & 7)
		if np == 1 {
			if !h.addFast(r) {
				h.replace(r)
			}
			continue
		}
		p := int32(o >> 8 & 7)
		bit := uint64(1) << (uint32(r) & 63)
		g := -1
		if h.progSet&bit != 0 {
			for k, x := range h.progRule[:h.nprog] {
				if x == r {
					g = k
					break
				}
			}
		}
		if p == 0 {
			// The first part: follow the rule, or, when it is
			// followed, restart it here unless a later part has
			// come (a later first part is closer to what follows).
			if g < 0 {
				if h.nprog == maxProg {
					continue
				}
				g = h.nprog
				h.nprog++
				h.progRule[g] = r
				h.progSet |= bit
			}
			if h.progDone[g] <= 1 {
				h.progDone[g], h.progEnd[g] = 1, pos
			}
			continue
		}
		start := pos - int32(o&0xff)
		if g < 0 || int32(h.progDone[g]) != p || start < h.progEnd[g] || start-h.progEnd[g] > maxGap {
			continue
		}
		h.progDone[g]++
		h.progEnd[g] = pos
		if int32(h.progDone[g]) == np && !h.addFast(r) {
			h.replace(r)
		}
	}
}

// scanWide looks for the non-ASCII rules, ignoring ASCII case. At each
// position of s, the index of the first three bytes (matcher.wideKeys)
// names the rules whose first part may start there.
func (m *matcher) scanWide(s string, h *hits) {
	for _, wi := range m.wideShort {
		if w := &m.wide[wi]; partsIn(s, w.parts) {
			h.add(w.rule)
		}
	}
	for i := 0; i+3 <= len(s); i++ {
		k := gramKey(s[i], s[i+1], s[i+2])
		if b := gramBit(k); m.wideBits[b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		n, ok := slices.BinarySearch(m.wideKeys, k)
		if !ok {
			continue
		}
		for _, wi := range m.wideOf[m.wideFrom[n]:m.wideFrom[n+1]] {
			w := &m.wide[wi]
			p := w.parts[0]
			if i+len(p) <= len(s) && equalFoldASCII(s[i:i+len(p)], p) && restIn(s, i+len(p), w.parts[1:]) {
				h.add(w.rule)
			}
		}
	}
}

// restIn reports whether parts occur in s from end on, in order, each
// within maxGap bytes of the one before, ignoring ASCII case.
func restIn(s string, end int, parts []string) bool {
	for _, p := range parts {
		win := s[end:min(len(s), end+maxGap+len(p))]
		j := indexFold(win, p)
		if j < 0 {
			return false
		}
		end += j + len(p)
	}
	return true
}

// partsIn reports whether parts occur in s in order, each within maxGap
// bytes of the one before, ignoring ASCII case.
func partsIn(s string, parts []string) bool {
	for from := 0; ; {
		k := indexFold(s[from:], parts[0])
		if k < 0 {
			return false
		}
		end := from + k + len(parts[0])
		ok := true
		for _, p := range parts[1:] {
			j := indexFold(s[end:], p)
			if j < 0 {
				return false
			}
			if j > maxGap {
				ok = false
				break
			}
			end += j + len(p)
		}
		if ok {
			return true
		}
		from += k + 1
	}
}

// indexFold is strings.Index ignoring ASCII case; sub is lowercase.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if lower(s[i]) == sub[0] && equalFoldASCII(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// hasHigh reports whether s has a byte above 0x7f. It reads eight bytes at
// a time; the last eight bytes of s may overlap the word before.
func hasHigh(s string) bool {
	if len(s) < 8 {
		var acc byte
		for i := 0; i < len(s); i++ {
			acc |= s[i]
		}
		return acc >= 0x80
	}
	acc := word(s[len(s)-8:])
	for i := 0; i+8 < len(s); i += 8 {
		acc |= word(s[i : i+8])
	}
	return acc&0x8080808080808080 != 0
}

// word returns the first eight bytes of s, little-endian; it compiles to
// one load.
func word(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func isWide(p string) bool { return hasHigh(p) }

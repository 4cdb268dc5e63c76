package dsn

// markerSet finds many markers in a text in one pass, ignoring ASCII case.
// A bitmap of a hash of the first three (folded) bytes of the markers
// rules out almost every position with one load, so the cost is linear in the text and
// nearly independent of the number of markers. A markerSet is built once,
// at package initialisation, and is immutable.
type markerSet struct {
	// word requires a match to start a word: "mail from" must not
	// match inside "email from".
	word  bool
	pats  []string // lower-case markers
	bits  [1 << 16 / 64]uint64
	byKey map[uint16][]int32
}

func newMarkerSet(pats ...[]string) *markerSet {
	m := &markerSet{byKey: map[uint16][]int32{}}
	for _, list := range pats {
		for _, p := range list {
			if len(p) < 3 {
				panic("dsn: marker shorter than three bytes: " + p)
			}
			k := key3(p, 0)
			m.bits[k>>6] |= 1 << (k & 63)
			m.byKey[k] = append(m.byKey[k], int32(len(m.pats)))
			m.pats = append(m.pats, p)
		}
	}
	return m
}

// first returns the leftmost marker in s (its index in the set) and where
// it starts, or -1, -1.
func (m *markerSet) first(s string) (pat, at int) {
	for i := 0; i+2 < len(s); i++ {
		k := key3(s, i)
		if m.bits[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		for _, p := range m.byKey[k] {
			if hasPrefixFold(s[i:], m.pats[p]) {
				return int(p), i
			}
		}
	}
	return -1, -1
}

// last returns the rightmost marker in s and where it starts, or -1, -1.
func (m *markerSet) last(s string) (pat, at int) {
	pat, at = -1, -1
	for i := 0; i+2 < len(s); i++ {
		k := key3(s, i)
		if m.bits[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		if m.word && i > 0 && isLetter(s[i-1]) {
			continue
		}
		for _, p := range m.byKey[k] {
			if hasPrefixFold(s[i:], m.pats[p]) {
				pat, at = int(p), i
				break
			}
		}
	}
	return pat, at
}

// present marks in seen (a bitset) every marker that occurs in s.
func (m *markerSet) present(s string) (seen markerBits) {
	for i := 0; i+2 < len(s); i++ {
		k := key3(s, i)
		if m.bits[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		for _, p := range m.byKey[k] {
			if !seen.has(int(p)) && hasPrefixFold(s[i:], m.pats[p]) {
				seen.set(int(p))
			}
		}
	}
	return seen
}

// key3 hashes the three folded bytes of s at i into 16 bits.
func key3(s string, i int) uint16 {
	return uint16(lowerTab[s[i]])<<8 ^ uint16(lowerTab[s[i+1]])<<4 ^ uint16(lowerTab[s[i+2]])
}

// lowerTab folds ASCII upper case by table lookup.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = lower(byte(i))
	}
	return t
}()

// markerBits is a set of marker indexes.
type markerBits [8]uint64

func (b *markerBits) set(i int) {
	if i < len(b)*64 {
		b[i>>6] |= 1 << (i & 63)
	}
}

func (b *markerBits) has(i int) bool { return i < len(b)*64 && b[i>>6]&(1<<(i&63)) != 0 }

// lineStart returns the start of the line that holds position at.
func lineStart(s string, at int) int {
	for at > 0 && s[at-1] != '\n' {
		at--
	}
	return at
}

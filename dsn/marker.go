package dsn

// markerSet finds many markers in a text in one pass, ignoring ASCII case,
// with the Wu–Manber method: a window as long as the shortest marker slides
// over the text, and a table indexed by a hash of the window's last three
// (folded) bytes says how far it may jump. Only where the table says 0 are
// the markers that end their window with those bytes compared. The cost is
// sublinear in the text for most inputs and nearly independent of the
// number of markers. A markerSet is built once, at package initialisation,
// and is immutable.
type markerSet struct {
	// word requires a match to start a word: "mail from" must not
	// match inside "email from".
	word  bool
	pats  []string // lower-case markers
	win   int      // window length: the shortest marker's, at least 3
	shift [1 << blockBits]uint8
	// ends lists, for each block hash h, the markers whose window ends
	// with it: ends[h] is endList[endAt[h]:endAt[h+1]]. The shift table
	// is 0 exactly where the list is not empty.
	endAt   []uint16
	endList []int32
}

// ends returns the markers whose window ends with the block hash h.
func (m *markerSet) ends(h uint16) []int32 { return m.endList[m.endAt[h]:m.endAt[h+1]] }

const blockBits = 12

// block hashes the three folded bytes of s at i.
func block(s string, i int) uint16 {
	return (uint16(lowerTab[s[i]])<<6 ^ uint16(lowerTab[s[i+1]])<<3 ^ uint16(lowerTab[s[i+2]])) & (1<<blockBits - 1)
}

// lowerTab folds ASCII upper case by table lookup.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = lower(byte(i))
	}
	return t
}()

func newMarkerSet(pats ...[]string) *markerSet {
	m := &markerSet{win: 255}
	for _, list := range pats {
		for _, p := range list {
			if len(p) < 3 {
				panic("dsn: marker shorter than three bytes: " + p)
			}
			m.pats = append(m.pats, p)
			m.win = min(m.win, len(p))
		}
	}
	for i := range m.shift {
		m.shift[i] = uint8(m.win - 2)
	}
	for _, p := range m.pats {
		for j := 2; j < m.win; j++ {
			h := block(p, j-2)
			if sh := uint8(m.win - 1 - j); sh < m.shift[h] {
				m.shift[h] = sh
			}
		}
	}
	ends := map[uint16][]int32{}
	for pi, p := range m.pats {
		h := block(p, m.win-3)
		ends[h] = append(ends[h], int32(pi))
	}
	m.endAt = make([]uint16, 1<<blockBits+1)
	for h := 0; h < 1<<blockBits; h++ {
		m.endAt[h] = uint16(len(m.endList))
		m.endList = append(m.endList, ends[uint16(h)]...)
	}
	m.endAt[1<<blockBits] = uint16(len(m.endList))
	if len(m.endList) >= 1<<16 {
		panic("dsn: too many markers in a set")
	}
	return m
}

// match returns the marker that starts at start in s, or -1.
func (m *markerSet) match(s string, start int, h uint16) int {
	if m.word && start > 0 && isLetter(s[start-1]) {
		return -1
	}
	for _, p := range m.ends(h) {
		if hasPrefixFold(s[start:], m.pats[p]) {
			return int(p)
		}
	}
	return -1
}

// first returns the leftmost marker in s (its index in the set) and where
// it starts, or -1, -1.
func (m *markerSet) first(s string) (pat, at int) {
	for pos := m.win - 1; pos < len(s); {
		h := block(s, pos-2)
		if sh := m.shift[h]; sh > 0 {
			pos += int(sh)
			continue
		}
		start := pos - m.win + 1
		if p := m.match(s, start, h); p >= 0 {
			return p, start
		}
		pos++
	}
	return -1, -1
}

// last returns the rightmost marker in s and where it starts, or -1, -1.
func (m *markerSet) last(s string) (pat, at int) {
	pat, at = -1, -1
	for pos := m.win - 1; pos < len(s); {
		h := block(s, pos-2)
		if sh := m.shift[h]; sh > 0 {
			pos += int(sh)
			continue
		}
		start := pos - m.win + 1
		if p := m.match(s, start, h); p >= 0 {
			pat, at = p, start
		}
		pos++
	}
	return pat, at
}

// present returns the set of markers that occur in s.
func (m *markerSet) present(s string) (seen markerBits) {
	for pos := m.win - 1; pos < len(s); {
		h := block(s, pos-2)
		if sh := m.shift[h]; sh > 0 {
			pos += int(sh)
			continue
		}
		start := pos - m.win + 1
		if !m.word || start == 0 || !isLetter(s[start-1]) {
			for _, p := range m.ends(h) {
				if !seen.has(int(p)) && hasPrefixFold(s[start:], m.pats[p]) {
					seen.set(int(p))
				}
			}
		}
		pos++
	}
	return seen
}

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

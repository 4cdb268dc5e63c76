package bounce

import (
	"strings"
	"unicode/utf8"
)

// Reply is an SMTP reply as a receiver sent it (RFC 5321 §4.2), or any of the
// looser forms in which replies are quoted: a DSN Diagnostic-Code ("smtp; 550
// 5.1.1 …"), a bare basic code ("550"), a bare enhanced code ("5.1.1"), or
// text with no code at all.
type Reply struct {
	Basic int    // the basic reply code (RFC 5321), 0 if none
	Code  Code   // the enhanced status code (RFC 3463), zero if none
	Text  string // the human-readable text, codes removed; lines joined with one space
	Type  string // the RFC 3464 diagnostic-type before the reply ("smtp", "X-Unix"), "" if none
}

// MaxReplyText bounds the Text of a parsed reply, in bytes; longer input is
// cut at a UTF-8 boundary. Real replies are far shorter.
const MaxReplyText = 64 << 10

// ParseReply parses s leniently; it never fails. A multi-line reply
// ("550-5.1.1 first\r\n550 5.1.1 second") gives its codes once and its
// lines' texts joined with single spaces. A leading diagnostic type
// ("smtp;", "X-Postfix;") is skipped and kept in Type. When the text does
// not start with a code, codes quoted inside it ("… said: 550 5.1.1 …") are
// found and the whole text is kept. Text is at most [MaxReplyText] bytes.
func ParseReply(s string) Reply {
	if !hasNewline(s) {
		return parseSingle(s)
	}
	if len(s) > 4*MaxReplyText {
		s = s[:4*MaxReplyText]
	}
	var r Reply
	r.Type, s = diagnosticType(trimSpace(s))
	var text strings.Builder
	for line := range strings.Lines(s) {
		line = trimSpace(line)
		if line == "" {
			continue
		}
		basic, code, t := parseLine(line)
		if r.Basic == 0 {
			r.Basic = basic
		}
		if r.Code.IsZero() {
			r.Code = code
		}
		if t == "" {
			continue
		}
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		if text.Len()+len(t) > MaxReplyText {
			text.WriteString(t[:cutUTF8(t, MaxReplyText-text.Len())])
			break
		}
		text.WriteString(t)
	}
	r.Text = text.String()
	if r.Basic == 0 && r.Code.IsZero() {
		r.Basic, r.Code = findCodes(r.Text)
	}
	return r
}

// parseSingle is ParseReply for a reply without line breaks.
func parseSingle(s string) Reply {
	var r Reply
	parseSingleTo(&r, s)
	return r
}

// parseSingleTo is parseSingle into a zero *r, which saves a copy of the
// Reply on Classify's path.
func parseSingleTo(r *Reply, s string) {
	// Most replies start with three digits and a space: there is no
	// space to trim before them and no diagnostic type.
	if len(s) < 4 || s[3] != ' ' || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) {
		r.Type, s = diagnosticType(trimSpace(s))
	}
	r.Basic, r.Code, r.Text = parseLine(s)
	if len(r.Text) > MaxReplyText {
		r.Text = r.Text[:cutUTF8(r.Text, MaxReplyText)]
	}
	if r.Basic == 0 && r.Code.IsZero() {
		r.Basic, r.Code = findCodes(r.Text)
	}
}

// hasNewline reports whether s has a CR or an LF. It reads eight bytes at a
// time and looks at each byte only when some byte is below 0x0e (a tab,
// say); longer strings are left to [strings.IndexByte].
func hasNewline(s string) bool {
	if len(s) > 64 {
		return strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
	}
	if len(s) < 8 {
		return newlineIn(s)
	}
	// A byte below 0x0e sets its high bit in below while it is clear in
	// v: no false negatives, and a false positive only sends s to the
	// byte loop. The last word may overlap the one before.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := func(v uint64) uint64 { return (v - 0x0e*ones) &^ v }
	acc := below(word(s[len(s)-8:]))
	for i := 0; i+8 < len(s); i += 8 {
		acc |= below(word(s[i : i+8]))
	}
	return acc&highs != 0 && newlineIn(s)
}

func newlineIn(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return true
		}
	}
	return false
}

// cutUTF8 returns the largest n' <= n that does not split a UTF-8 sequence of s.
func cutUTF8(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// parseLine splits one reply line into its basic code, enhanced code and text.
func parseLine(s string) (basic int, code Code, text string) {
	s = trimSpace(s)
	if b, ok := basicAt(s); ok {
		basic = b
		if len(s) > 3 {
			s = trimSpace(s[4:])
		} else {
			s = ""
		}
	}
	// QUIRK(Exchange, Cisco): the enhanced code is sometimes written with a
	// leading '#' ("550 #5.1.0 Address rejected").
	t := s
	if len(t) > 0 && t[0] == '#' {
		t = t[1:]
	}
	if c, n := scanCode(t); n > 0 {
		code = c
		s = trimSpace(t[n:])
	}
	return basic, code, s
}

// basicAt reports whether s starts with a basic reply code: three digits, the
// first 2 to 5, followed by the end, a space, a tab or a '-'.
func basicAt(s string) (int, bool) {
	if len(s) >= 3 && s[0] >= '2' && s[0] <= '5' && isDigit(s[1]) && isDigit(s[2]) &&
		(len(s) == 3 || s[3] == ' ' || s[3] == '-' || s[3] == '\t') {
		return int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0'), true
	}
	return 0, false
}

// findCodes looks inside a text for a quoted reply: a basic code followed by
// an enhanced code ("said: 550 5.1.1 …"), else an enhanced code standing
// alone, else a basic code after "said:" or a similar marker. Codes must not
// touch other digits or dots, so that IP addresses and versions do not
// count.
func findCodes(s string) (basic int, code Code) {
	if len(s) > 4096 {
		s = s[:4096]
	}
	var first Code
	markedBasic := 0
	for i := 0; i+3 <= len(s); i++ {
		// Most text has no digit 2 to 5: pass eight bytes at a time.
		for i+8 <= len(s) && !has2to5(word(s[i:])) {
			i += 8
		}
		if i+3 > len(s) {
			break
		}
		b := s[i]
		if b < '2' || b > '5' || !boundaryBefore(s, i) {
			continue
		}
		bc, ok := basicAt(s[i:])
		if ok && len(s) > i+4 {
			t := s[i+4:]
			if len(t) > 0 && t[0] == '#' {
				t = t[1:]
			}
			if c, n := scanCode(t); n > 0 && c.Class == uint16(bc/100) {
				return bc, c
			}
		}
		if ok && markedBasic == 0 && bc/100 != 3 && afterMarker(s[:i]) {
			markedBasic = bc
		}
		if first.IsZero() {
			if c, n := scanCode(s[i:]); n > 0 && boundaryAfter(s, i+n) {
				first = c
			}
		}
	}
	if !first.IsZero() {
		return 0, first
	}
	return markedBasic, Code{}
}

// has2to5 reports whether one of the eight bytes of v is a digit 2 to 5.
// Per byte, with x the low seven bits: 0xb5-x has the high bit set when x
// is at most '5', x+0x4e when x is at least '2', and ^v when the byte is
// ASCII; no step carries into the next byte.
func has2to5(v uint64) bool {
	const ones, lo7, highs = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	x := v & lo7
	return (ones*(127+'5'+1)-x)&^v&(x+ones*(127-'2'+1))&highs != 0
}

// afterMarker reports whether s ends with a phrase that introduces a quoted
// reply, such as Postfix's "said:".
func afterMarker(s string) bool {
	s = strings.TrimRight(s, " ")
	for _, m := range [...]string{"said:", "reply:", "replied:", "response:"} {
		if len(s) >= len(m) && equalFoldASCII(s[len(s)-len(m):], m) {
			return true
		}
	}
	return false
}

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	switch s[i-1] {
	case ' ', '\t', '(', '[', '<', '"', '\'', ':', ';', '#', '=', ',':
		return true
	}
	return false
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	switch s[i] {
	case ' ', '\t', ')', ']', '>', '"', '\'', ':', ';', ',', '-':
		return true
	case '.':
		return i+1 >= len(s) || !isDigit(s[i+1])
	}
	return false
}

// diagnosticType splits an RFC 3464 diagnostic-type prefix such as "smtp;"
// or "X-Postfix;" from the reply that follows it.
func diagnosticType(s string) (typ, rest string) {
	for i := 0; i < len(s) && i < 32; i++ {
		switch typeByte[s[i]] {
		case typeSemicolon:
			if i == 0 {
				return "", s
			}
			return trimSpace(s[:i]), trimSpace(s[i+1:])
		case typeOther:
			return "", s
		}
	}
	return "", s
}

// typeByte tells the bytes of a diagnostic type (letters, digits, '-')
// and the ';' after it from all others.
var typeByte = func() (t [256]uint8) {
	for b := range t {
		c := byte(b)
		if c == '-' || isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'z') {
			t[b] = typeName
		}
	}
	t[';'] = typeSemicolon
	return t
}()

const (
	typeOther = iota
	typeName
	typeSemicolon
)

// trimSpace removes spaces, tabs, CRs and LFs from both ends of s. Most
// calls have none to remove: a byte above ' ' at each end ends them.
func trimSpace(s string) string {
	for len(s) > 0 && s[0] <= ' ' && isTrimSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] <= ' ' && isTrimSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isTrimSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

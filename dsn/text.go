package dsn

import (
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
)

// This file holds the small text helpers that every stage uses: ASCII case
// folding without copies, line iteration, and scanners for addresses and
// SMTP codes in free text.

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// indexFold returns the index of the first instance of the lower-case ASCII
// string sub in s, ignoring ASCII case, or -1. It does not allocate.
func indexFold(s, sub string) int {
	n := len(sub)
	if n == 0 {
		return 0
	}
	c0 := sub[0]
	up := c0
	if 'a' <= c0 && c0 <= 'z' {
		up = c0 - 'a' + 'A'
	}
	last := len(s) - n
	// nextLo and nextUp cache the next position of each case of the
	// first byte, so that the search stays linear.
	nextLo, nextUp := -1, -1
	if up == c0 {
		nextUp = len(s)
	}
	for i := 0; i <= last; {
		if nextLo < i {
			if j := strings.IndexByte(s[i:last+1], c0); j >= 0 {
				nextLo = i + j
			} else {
				nextLo = len(s)
			}
		}
		if nextUp < i {
			if j := strings.IndexByte(s[i:last+1], up); j >= 0 {
				nextUp = i + j
			} else {
				nextUp = len(s)
			}
		}
		i = min(nextLo, nextUp)
		if i > last {
			return -1
		}
		k := 1
		for ; k < n; k++ {
			if lower(s[i+k]) != sub[k] {
				break
			}
		}
		if k == n {
			return i
		}
		i++
	}
	return -1
}

func containsFold(s, sub string) bool { return indexFold(s, sub) >= 0 }

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lower(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

func equalFold(a, b string) bool { return len(a) == len(b) && hasPrefixFold(a, b) }

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

// nextLine returns the first line of s, without its LF, and the rest.
func nextLine(s string) (line, rest string) {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', isDigit(c), c >= 0x80:
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0
}

func isDomainChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '-' || c == '.' || c >= 0x80 || c == '_'
}

// scanAddress reads an addr-spec at the start of s and returns its length,
// or 0. The domain must have a dot or be an address literal.
func scanAddress(s string) int {
	i := 0
	if i < len(s) && s[i] == '"' { // quoted local part
		j := strings.IndexByte(s[1:], '"')
		if j < 0 {
			return 0
		}
		i = j + 2
	} else {
		for i < len(s) && isAtext(s[i]) {
			i++
		}
	}
	if i == 0 || i >= len(s) || s[i] != '@' {
		return 0
	}
	i++
	start := i
	if i < len(s) && s[i] == '[' {
		j := strings.IndexByte(s[i:], ']')
		if j < 0 {
			return 0
		}
		return i + j + 1
	}
	dot := false
	for i < len(s) && isDomainChar(s[i]) {
		if s[i] == '.' {
			dot = true
		}
		i++
	}
	for i > start && s[i-1] == '.' { // a sentence's full stop
		i--
	}
	if i == start || !dot || s[i-1] == '.' || s[start] == '.' {
		return 0
	}
	return i
}

// findAddress returns the first address in s and its position, or "", -1.
func findAddress(s string) (string, int) {
	for i := 0; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '@')
		if j < 0 {
			return "", -1
		}
		at := i + j
		k := at
		for k > 0 && isAtext(s[k-1]) {
			k--
		}
		if k < at {
			if n := scanAddress(s[k:]); n > 0 {
				a := s[k : k+n]
				for len(a) > 0 && a[0] == '.' {
					a = a[1:]
				}
				return a, k
			}
		}
		i = at
	}
	return "", -1
}

// findBasic finds an SMTP basic reply code (2xx, 4xx, 5xx) standing as a
// word in s, and returns its index or -1. With strict, the code must be
// followed by a space, a hyphen or the end; IP addresses, dates and
// sizes are skipped.
func findBasic(s string) int {
	for i := 0; i+3 <= len(s); i++ {
		c := s[i]
		if c != '2' && c != '4' && c != '5' {
			continue
		}
		if !isDigit(s[i+1]) || !isDigit(s[i+2]) {
			continue
		}
		if i > 0 {
			p := s[i-1]
			// QUIRK(Exchange): "#550 5.2.2 … ##" is a reply.
			if isDigit(p) || p == '.' || p == '-' || p == '/' || p == '=' || isLetter(p) || p == '_' || p == '+' || p == ',' {
				continue
			}
		}
		if i+3 < len(s) {
			n := s[i+3]
			switch n {
			case ' ', '-', '\t', '\n', ',':
			case ':':
				// QUIRK(Yahoo, Zoho): "550: text"; not "2500:" in IPv6.
				if i > 0 && s[i-1] == ':' || i+4 < len(s) && s[i+4] != ' ' {
					continue
				}
			default:
				continue
			}
		}
		// "2.5" style years or sizes like "500 KB" are rare enough.
		if i+4 < len(s) && isUnitAfter(s[i+3:]) {
			continue
		}
		// A success reply must be followed by its text, so that a
		// count ("Size: 222") is not read as one.
		if c == '2' && (i+4 >= len(s) || s[i+3] != ' ' && s[i+3] != '-' || !isLetter(s[i+4]) && !isDigit(s[i+4])) {
			continue
		}
		return i
	}
	return -1
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isUnitAfter reports whether a number is followed by a unit word (bytes,
// seconds, days…), which marks it as a quantity rather than a reply code.
func isUnitAfter(s string) bool {
	s = trimSpace(s)
	for _, u := range [...]string{"bytes", "byte", "kb", "mb", "seconds", "second", "sec", "minutes", "hours", "days", "messages", "recipients", "times", "ms"} {
		if hasPrefixFold(s, u) && (len(s) == len(u) || !isLetter(s[len(u)])) {
			return true
		}
	}
	return false
}

// findCode finds an RFC 3463 enhanced status code standing as a word in s.
func findCode(s string) (bounce.Code, int) {
	for i := 0; i+5 <= len(s); i++ {
		c := s[i]
		if c != '2' && c != '4' && c != '5' || s[i+1] != '.' || !isDigit(s[i+2]) {
			continue
		}
		if i > 0 && (isDigit(s[i-1]) || s[i-1] == '.' || isLetter(s[i-1])) {
			continue
		}
		j := i + 2
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '.' || j-i-2 > 3 {
			continue
		}
		j++
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == j || k-j > 3 {
			continue
		}
		if k < len(s) && (s[k] == '.' && k+1 < len(s) && isDigit(s[k+1]) || isLetter(s[k])) {
			continue // an IP address or a version number
		}
		code, err := bounce.ParseCode(s[i:k])
		if err != nil {
			continue
		}
		return code, i
	}
	return bounce.Code{}, -1
}

// stripAngle removes angle brackets and a trailing dot around an address.
func stripAngle(s string) string {
	s = trimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = s[1 : len(s)-1]
	}
	return trimSpace(s)
}

// joinLines joins the lines of s with single spaces, trimming each.
func joinLines(s string) string {
	var a arena
	return a.joinLines(s)
}

// joinLines is joinLines with the joined string kept in a.
func (a *arena) joinLines(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return trimSpace(s)
	}
	b := a.room()
	if cap(b) < len(s) {
		b = make([]byte, 0, len(s))
	}
	for s != "" {
		var line string
		line, s = nextLine(s)
		line = trimSpace(line)
		if line == "" {
			continue
		}
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, line...)
	}
	return a.keep(b)
}

// Package addr normalises e-mail addresses so that two spellings of the same
// mailbox compare equal: surrounding space and angle brackets are trimmed, the
// domain is lower-cased and converted to its ASCII (A-label) form with
// golang.org/x/net/idna (UTS #46 lookup mapping, RFC 5891), and the local part
// is case-folded unless the caller keeps its case.
//
// An address that is already in normal form is returned unchanged, without
// allocating.
//
// # Divergences
//
// Quoted local parts that contain space or '@' (RFC 5321 §4.1.2
// Quoted-string) are rejected: they are legal but almost never seen, and the
// stores key on the address. A domain literal ("[192.0.2.1]") is accepted and
// lower-cased, but not validated.
package addr

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Limits from RFC 5321 §4.5.3.1.
const (
	MaxLocal  = 64  // octets in a local part
	MaxDomain = 255 // octets in a domain
	MaxLen    = 254 // octets in a forward-path without the angle brackets
	maxInput  = 1024
)

// profile converts domains for lookup: UTS #46 mapping (which also
// lower-cases), hyphen and bidi rules, and DNS length limits. It is immutable.
var profile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// ToASCII converts a domain to the form Normalize gives it: lower-case
// A-labels (UTS #46 lookup mapping, hyphen and bidi rules, DNS length
// limits: at most 253 octets and 63 per label), one trailing dot dropped,
// no empty label; an address literal ("[192.0.2.1]") is lower-cased. It is
// bouncekit's one domain conversion, so that an address checked by
// deliver/hygiene keys the suppression stores as Normalize does.
func ToASCII(domain string) (string, error) {
	d := strings.TrimSuffix(domain, ".")
	if fastDomain(d) {
		return d, nil
	}
	return slowDomain(d)
}

// Errors returned by Normalize, wrapped with detail.
var (
	errEmpty    = errors.New("empty")
	errTooLong  = errors.New("too long")
	errNoAt     = errors.New("missing @")
	errLocal    = errors.New("invalid local part")
	errDomain   = errors.New("invalid domain")
	errBadUTF8  = errors.New("invalid UTF-8")
	errBadChars = errors.New("contains space or control characters")
)

// Normalize returns the normal form of s. keepCase keeps the local part as
// written; otherwise it is lower-cased (Unicode simple folding via
// strings.ToLower for non-ASCII local parts). The error says what is wrong.
func Normalize(s string, keepCase bool) (string, error) {
	if isNormal(s, keepCase) {
		return s, nil
	}
	if len(s) > maxInput {
		return "", errTooLong
	}
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return "", errEmpty
	}
	if !utf8.ValidString(s) {
		return "", errBadUTF8
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", errNoAt
	}
	local, domain := s[:at], s[at+1:]
	if local == "" || len(local) > MaxLocal {
		return "", errLocal
	}
	lowerLocal := false
	ascii := true
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c <= ' ' || c == 0x7f:
			return "", errBadChars
		case c == '@' || c == '<' || c == '>':
			return "", errLocal
		case 'A' <= c && c <= 'Z':
			lowerLocal = true
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii {
		for _, r := range local {
			if r == utf8.RuneError || isSpaceOrControl(r) {
				return "", errBadChars
			}
		}
		lowerLocal = true // let strings.ToLower decide; it returns local if unchanged
	}
	if keepCase {
		lowerLocal = false
	}

	newDomain, err := ToASCII(domain)
	if err != nil {
		return "", err
	}

	newLocal := local
	if lowerLocal {
		if ascii {
			newLocal = lowerASCII(local)
		} else {
			newLocal = strings.ToLower(local)
		}
	}
	if newLocal == local && newDomain == domain {
		if len(s) > MaxLen {
			return "", errTooLong
		}
		return s, nil
	}
	out := newLocal + "@" + newDomain
	if len(out) > MaxLen || len(newLocal) > MaxLocal {
		return "", errTooLong
	}
	return out, nil
}

func isSpaceOrControl(r rune) bool {
	return r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 ||
		r == 0x00a0 || r == 0x3000 || (r >= 0x2000 && r <= 0x200a)
}

// fastDomain reports whether d is already an ASCII lower-case host name that
// the IDNA lookup profile would return unchanged. Labels that IDNA must
// inspect ("xn--", "ab--") take the slow path.
func fastDomain(d string) bool {
	if d == "" || len(d) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(d); i++ {
		if i == len(d) || d[i] == '.' {
			n := i - start
			if n == 0 || n > 63 || d[start] == '-' || d[i-1] == '-' {
				return false
			}
			if n >= 4 && d[start+2] == '-' && d[start+3] == '-' {
				return false
			}
			start = i + 1
			continue
		}
		c := d[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func slowDomain(d string) (string, error) {
	if d == "" {
		return "", errDomain
	}
	if d[0] == '[' {
		// RFC 5321 §4.1.3 address literal.
		if len(d) < 3 || d[len(d)-1] != ']' {
			return "", errDomain
		}
		for i := 1; i < len(d)-1; i++ {
			c := d[i]
			if c <= ' ' || c == 0x7f || c == '[' || c == ']' || c == '{' || c == '}' || c == '\\' || c >= utf8.RuneSelf {
				return "", errDomain
			}
		}
		return lowerASCII(d), nil
	}
	a, err := profile.ToASCII(d)
	if err != nil {
		return "", errors.Join(errDomain, err)
	}
	if a == "" || len(a) > 253 || a[0] == '.' || a[len(a)-1] == '.' || strings.Contains(a, "..") {
		return "", errDomain
	}
	return a, nil
}

// lowerASCII lower-cases ASCII letters, returning s itself when nothing changes.
func lowerASCII(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// Character classes of the fast path.
const (
	cLocal = 1 << iota // in a normal local part: printable ASCII but space, '<', '>', '@' and A-Z
	cUpper             // A-Z: in a normal local part only when its case is kept
	cHost              // a-z, 0-9, '-': in a normal host name label
)

// classes is an immutable table of the character classes.
var classes = func() (t [256]uint8) {
	for c := '!'; c <= '~'; c++ {
		switch {
		case c == '<' || c == '>' || c == '@':
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper
		default:
			t[c] = cLocal
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' {
			t[c] |= cHost
		}
	}
	return t
}()

// isNormal reports, in one pass, whether s is an ASCII address that Normalize
// would return unchanged: the fast path of the pre-send check.
func isNormal(s string, keepCase bool) bool {
	if len(s) > MaxLen {
		return false
	}
	local := uint8(cLocal)
	if keepCase {
		local |= cUpper
	}
	at := 0
	for ; at < len(s); at++ {
		c := s[at]
		if c == '@' {
			break
		}
		if classes[c]&local == 0 {
			return false
		}
	}
	if at == 0 || at > MaxLocal || at >= len(s)-1 || len(s)-at-1 > 253 {
		return false
	}
	start := at + 1
	for i := start; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if classes[s[i]]&cHost == 0 {
				return false
			}
			continue
		}
		n := i - start
		if n == 0 || n > 63 || s[start] == '-' || s[i-1] == '-' || n >= 4 && s[start+2] == '-' && s[start+3] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// Domain returns the lower-cased domain of the address addr, with a
// closing angle bracket dropped, or "" when addr has no "@".
func Domain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(addr[i+1:], ">"))
}

package dsn

import (
	"net/mail"
	"time"
)

// parseDate parses an RFC 5322 date-time ("Mon, 2 Mar 2026 10:00:00 +0000
// (UTC)") without allocating for the common forms, and falls back to
// net/mail for the rest. It returns the zero time when v is not a date.
func parseDate(v string) time.Time {
	v = trimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, ok := fastDate(v); ok {
		return t
	}
	t, err := mail.ParseDate(v)
	if err != nil {
		return time.Time{}
	}
	return t
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// fastDate reads "[Day,] D Mon YYYY HH:MM[:SS] ±hhmm [(comment)]".
func fastDate(s string) (time.Time, bool) {
	if i := indexByte(s, ','); i >= 0 && i <= 9 {
		s = trimSpace(s[i+1:])
	}
	num := func() (int, bool) {
		n, k := 0, 0
		for k < len(s) && isDigit(s[k]) && k < 4 {
			n = n*10 + int(s[k]-'0')
			k++
		}
		if k == 0 {
			return 0, false
		}
		s = s[k:]
		return n, true
	}
	skip := func() {
		for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
			s = s[1:]
		}
	}
	day, ok := num()
	if !ok {
		return time.Time{}, false
	}
	skip()
	if len(s) < 3 {
		return time.Time{}, false
	}
	mon := 0
	for i, m := range months {
		if hasPrefixFold(s, m) {
			mon = i + 1
			break
		}
	}
	if mon == 0 {
		return time.Time{}, false
	}
	for len(s) > 0 && isLetter(s[0]) {
		s = s[1:]
	}
	skip()
	year, ok := num()
	if !ok {
		return time.Time{}, false
	}
	if year < 100 {
		year += 1900
		if year < 1950 {
			year += 100
		}
	}
	skip()
	hh, ok := num()
	if !ok || len(s) == 0 || s[0] != ':' {
		return time.Time{}, false
	}
	s = s[1:]
	mm, ok := num()
	if !ok {
		return time.Time{}, false
	}
	ss := 0
	if len(s) > 0 && s[0] == ':' {
		s = s[1:]
		if ss, ok = num(); !ok {
			return time.Time{}, false
		}
	}
	skip()
	loc := time.UTC
	if len(s) >= 5 && (s[0] == '+' || s[0] == '-') && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && isDigit(s[4]) {
		off := (int(s[1]-'0')*10+int(s[2]-'0'))*3600 + (int(s[3]-'0')*10+int(s[4]-'0'))*60
		if s[0] == '-' {
			off = -off
		}
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	} else if off, ok := zoneOffset(s); ok {
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	} else {
		return time.Time{}, false // let net/mail decide
	}
	if day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(mon), day, hh, mm, ss, 0, loc), true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// zoneOffset reads the RFC 5322 §4.3 obsolete zone names (and JST, common
// in Japanese mail) at the start of s.
func zoneOffset(s string) (int, bool) {
	n := 0
	for n < len(s) && isLetter(s[n]) {
		n++
	}
	if n == 0 || n > 3 {
		return 0, false
	}
	z := s[:n]
	switch {
	case equalFoldASCII(z, "ut"), equalFoldASCII(z, "gmt"), equalFoldASCII(z, "utc"), equalFoldASCII(z, "z"):
		return 0, true
	case equalFoldASCII(z, "edt"):
		return -4 * 3600, true
	case equalFoldASCII(z, "est"), equalFoldASCII(z, "cdt"):
		return -5 * 3600, true
	case equalFoldASCII(z, "cst"), equalFoldASCII(z, "mdt"):
		return -6 * 3600, true
	case equalFoldASCII(z, "mst"), equalFoldASCII(z, "pdt"):
		return -7 * 3600, true
	case equalFoldASCII(z, "pst"):
		return -8 * 3600, true
	case equalFoldASCII(z, "jst"):
		return 9 * 3600, true
	}
	return 0, false
}

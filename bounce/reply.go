package bounce

import "strings"

// Reply is an SMTP reply as a receiver sent it (RFC 5321 §4.2), or any of the
// looser forms in which replies are quoted: a DSN Diagnostic-Code ("smtp; 550
// 5.1.1 …"), a bare basic code ("550"), a bare enhanced code ("5.1.1"), or
// text with no code at all.
type Reply struct {
	Basic int    // the basic reply code (RFC 5321), 0 if none
	Code  Code   // the enhanced status code (RFC 3463), zero if none
	Text  string // the human-readable text, codes removed; lines joined with one space
}

// ParseReply parses s leniently; it never fails. A multi-line reply
// ("550-5.1.1 first\r\n550 5.1.1 second") gives its codes once and its lines'
// texts joined with single spaces. A leading diagnostic type ("smtp;",
// "X-Postfix;") is skipped. When no code is found, all of s is the text.
func ParseReply(s string) Reply {
	s = trimSpace(s)
	s = skipDiagnosticType(s)
	var r Reply
	if strings.IndexByte(s, '\n') < 0 {
		r.Basic, r.Code, r.Text = parseLine(s)
		return r
	}
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
		text.WriteString(t)
	}
	r.Text = text.String()
	return r
}

// parseLine splits one reply line into its basic code, enhanced code and text.
func parseLine(s string) (basic int, code Code, text string) {
	s = trimSpace(s)
	if len(s) >= 3 && s[0] >= '2' && s[0] <= '5' && isDigit(s[1]) && isDigit(s[2]) &&
		(len(s) == 3 || s[3] == ' ' || s[3] == '-' || s[3] == '\t') {
		basic = int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
		if len(s) > 3 {
			s = trimSpace(s[4:])
		} else {
			s = ""
		}
	}
	if c, n := scanCode(s); n > 0 {
		code = c
		s = trimSpace(s[n:])
	}
	return basic, code, s
}

// skipDiagnosticType removes an RFC 3464 diagnostic-type prefix such as
// "smtp;" or "X-Postfix;" when it stands before the reply.
func skipDiagnosticType(s string) string {
	for i := 0; i < len(s) && i < 32; i++ {
		b := s[i]
		switch {
		case b == ';':
			if i == 0 {
				return s
			}
			return trimSpace(s[i+1:])
		case b == '-' || isDigit(b) || ('a' <= b|0x20 && b|0x20 <= 'z'):
		default:
			return s
		}
	}
	return s
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

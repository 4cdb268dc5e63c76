package dsn

import (
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
)

// This file decodes the body of a message/delivery-status part (RFC 3464
// §2) and of message/global-delivery-status (RFC 6533 §6).

// field is one "Name: value" field of a delivery-status or feedback body.
type field struct {
	name  string
	raw   string // the value with its continuation lines, unjoined
	blank bool   // a blank line came before this field
}

// value returns the field's value with its lines joined.
func (f *field) value() string { return joinLines(f.raw) }

// nextField reads one field from s and returns it with the rest of s. ok
// is false at the end of s. It does not allocate.
// QUIRK: lines that are not fields (no colon, or text) are skipped.
func nextField(s string) (f field, rest string, ok bool) {
	for s != "" {
		start := s
		var line string
		line, s = nextLine(s)
		if trimSpace(line) == "" {
			f.blank = true
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // a stray continuation
		}
		i := strings.IndexByte(line, ':')
		if i <= 0 || i > 64 || strings.IndexByte(line[:i], ' ') >= 0 && !isSpacedName(line[:i]) {
			continue
		}
		f.name = trimSpace(line[:i])
		// Continuation lines.
		end := 0
		for end < len(s) {
			if s[end] != ' ' && s[end] != '\t' {
				break
			}
			j := strings.IndexByte(s[end:], '\n')
			if j < 0 {
				end = len(s)
				break
			}
			if trimSpace(s[end:end+j]) == "" {
				break
			}
			end += j + 1
		}
		if end > 0 {
			f.raw = trimSpace(start[i+1 : len(line)+1+end])
			s = s[end:]
		} else {
			f.raw = trimSpace(line[i+1:])
		}
		return f, s, true
	}
	return f, "", false
}

// isSpacedName allows "Final-Recipient " with a space before the colon.
func isSpacedName(s string) bool {
	return trimSpace(s) != "" && strings.IndexByte(trimSpace(s), ' ') < 0
}

// splitTyped splits "rfc822; user@example.org" into its type and value.
func splitTyped(v string) (typ, val string) {
	i := strings.IndexByte(v, ';')
	if i < 0 || i > 32 {
		return "", trimSpace(v)
	}
	return strings.ToLower(trimSpace(v[:i])), trimSpace(v[i+1:])
}

// address cleans a recipient address from a Final-Recipient or
// Original-Recipient field: it removes angle brackets and decodes RFC 6533
// utf-8 escapes (\x{HEX}) and RFC 3461 xtext (+HH).
func address(typ, v string) string {
	v = stripAngle(v)
	if i := strings.IndexByte(v, ' '); i >= 0 {
		// QUIRK: some MTAs add a comment after the address.
		if a, _ := findAddress(v); a != "" {
			v = a
		}
	}
	if strings.Contains(v, `\x{`) {
		v = decodeUTF8Escapes(v)
	}
	if strings.IndexByte(v, '+') >= 0 && typ != "" {
		v = decodeXtext(v)
	}
	return v
}

// decodeUTF8Escapes decodes RFC 6533 §3 "\x{HEX}" escapes.
func decodeUTF8Escapes(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, `\x{`)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 || j > 9 {
			b.WriteString(s)
			return b.String()
		}
		var r rune
		ok := true
		for _, c := range s[i+3 : i+j] {
			switch {
			case '0' <= c && c <= '9':
				r = r*16 + c - '0'
			case 'a' <= c|0x20 && c|0x20 <= 'f':
				r = r*16 + (c | 0x20) - 'a' + 10
			default:
				ok = false
			}
		}
		b.WriteString(s[:i])
		if ok && r <= 0x10ffff {
			b.WriteRune(r)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

// decodeXtext decodes RFC 3461 §4 xtext "+HH" escapes where they are valid.
func decodeXtext(s string) string {
	hex := func(c byte) (byte, bool) {
		switch {
		case '0' <= c && c <= '9':
			return c - '0', true
		case 'A' <= c && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '+' && i+2 < len(s) {
			h, ok1 := hex(s[i+1])
			l, ok2 := hex(s[i+2])
			if ok1 && ok2 && h*16+l >= 0x21 && h*16+l < 0x7f {
				if out == nil {
					out = append(make([]byte, 0, len(s)), s[:i]...)
				}
				out = append(out, h*16+l)
				i += 2
				continue
			}
		}
		if out != nil {
			out = append(out, s[i])
		}
	}
	if out == nil {
		return s
	}
	return string(out)
}

// decodeStatus reads the fields of delivery-status bodies into rep and
// returns the recipients.
func decodeStatus(rep *Report, bodies []string) []Recipient {
	var rcpts []Recipient
	for _, s := range bodies {
		cur := -1
		for {
			f, rest, ok := nextField(s)
			if !ok {
				break
			}
			s = rest
			name := f.name
			if isRecipientField(name) && (cur < 0 || f.blank && repeated(&rcpts[cur], name)) {
				// QUIRK: a block with no Final-Recipient (only Action,
				// Status, Diagnostic-Code), or one whose address comes
				// last: a recipient whose address is filled in later.
				if len(rcpts) >= maxRecipients {
					return finishStatus(rcpts)
				}
				rcpts = append(rcpts, Recipient{})
				cur = len(rcpts) - 1
			}
			switch {
			case equalFold(name, "final-recipient"),
				equalFold(name, "x-actual-recipient") && (cur < 0 || f.blank && hasFields(&rcpts[cur])):
				typ, v := splitTyped(f.value())
				a := address(typ, v)
				if cur >= 0 && rcpts[cur].FinalRecipient == "" && !(f.blank && hasFields(&rcpts[cur])) {
					rcpts[cur].FinalRecipient = a
					continue
				}
				if len(rcpts) >= maxRecipients {
					return finishStatus(rcpts)
				}
				rcpts = append(rcpts, Recipient{FinalRecipient: a})
				cur = len(rcpts) - 1
			case equalFold(name, "original-recipient"):
				typ, v := splitTyped(f.value())
				a := address(typ, v)
				if cur >= 0 && (rcpts[cur].OriginalRecipient == "" && !f.blank) {
					rcpts[cur].OriginalRecipient = a
					continue
				}
				// Original-Recipient may come first in a block.
				if len(rcpts) >= maxRecipients {
					return finishStatus(rcpts)
				}
				rcpts = append(rcpts, Recipient{OriginalRecipient: a})
				cur = len(rcpts) - 1
			case equalFold(name, "reporting-mta"):
				if rep.ReportingMTA == "" {
					_, rep.ReportingMTA = splitTyped(f.value())
				}
			case equalFold(name, "arrival-date"):
				if rep.ArrivalDate.IsZero() {
					rep.ArrivalDate = parseDate(f.value())
				}
			case cur < 0:
				// other per-message fields
			case equalFold(name, "action"):
				rcpts[cur].Action = parseAction(f.value())
			case equalFold(name, "status"):
				v := f.value()
				rcpts[cur].Status = parseStatus(v)
				// QUIRK: "Status: 4.0.0 (host name lookup failure)" —
				// the comment is the only diagnostic some MTAs give.
				if i := strings.IndexByte(v, '('); i > 0 && rcpts[cur].Diagnostic == "" {
					rcpts[cur].Diagnostic = strings.TrimSuffix(trimSpace(v[i+1:]), ")")
					rcpts[cur].DiagnosticType = "x-status-comment"
				}
			case equalFold(name, "remote-mta"):
				_, rcpts[cur].RemoteMTA = splitTyped(f.value())
				rcpts[cur].RemoteMTA = strings.TrimSuffix(stripBrackets(rcpts[cur].RemoteMTA), ".")
			case equalFold(name, "diagnostic-code"):
				typ, v := splitTyped(f.value())
				if typ == "" || strings.IndexByte(typ, ' ') >= 0 {
					typ, v = "", f.value()
				}
				if v != "" || rcpts[cur].DiagnosticType != "x-status-comment" {
					rcpts[cur].DiagnosticType, rcpts[cur].Diagnostic = typ, v
				}
			case equalFold(name, "last-attempt-date"):
				rcpts[cur].LastAttempt = parseDate(f.value())
			case equalFold(name, "will-retry-until"):
				rcpts[cur].WillRetryUntil = parseDate(f.value())
			case equalFold(name, "x-actual-recipient"):
				if rcpts[cur].FinalRecipient == "" {
					typ, v := splitTyped(f.value())
					rcpts[cur].FinalRecipient = address(typ, v)
				}
			}
		}
	}
	return finishStatus(rcpts)
}

// isRecipientField reports whether name is a per-recipient field that
// says what happened (RFC 3464 §2.3), as opposed to an address field.
func isRecipientField(name string) bool {
	return equalFold(name, "action") || equalFold(name, "status") || equalFold(name, "diagnostic-code")
}

// hasFields reports whether r already holds what a block says about a
// recipient, so that an address after a blank line opens a new block.
func hasFields(r *Recipient) bool {
	return r.Action != "" || r.Status != (bounce.Code{}) || r.Diagnostic != ""
}

// repeated reports whether r already has the per-recipient field name: a
// second Action after a blank line belongs to the next block.
func repeated(r *Recipient, name string) bool {
	switch {
	case equalFold(name, "action"):
		return r.Action != ""
	case equalFold(name, "status"):
		return r.Status != (bounce.Code{})
	case equalFold(name, "diagnostic-code"):
		return r.Diagnostic != "" && r.DiagnosticType != "x-status-comment"
	}
	return false
}

// finishStatus uses the original address when the final one is missing.
// Blocks with no address stay, for nameRecipients to name, when they have
// an Action (RFC 3464 §2.3.3 requires one in every recipient's block; a
// Status alone may be a stray per-message field).
func finishStatus(rcpts []Recipient) []Recipient {
	out := rcpts[:0]
	for _, r := range rcpts {
		if r.FinalRecipient == "" {
			r.FinalRecipient = r.OriginalRecipient
		}
		if r.FinalRecipient == "" && r.Action == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}

// nameRecipients gives an address to the recipients of delivery-status
// blocks that named none: the address in their diagnostic unless it is
// the returned message's sender or, for a single such recipient, the
// returned message's To field when it holds exactly one address. orig
// returns the returned message's header; it is called only when needed.
// The recipients that stay unnamed are dropped.
// QUIRK: some MTAs write only Action, Status and Diagnostic-Code.
func nameRecipients(rcpts []Recipient, orig func() Original) []Recipient {
	unnamed := 0
	for i := range rcpts {
		if rcpts[i].FinalRecipient == "" {
			unnamed++
		}
	}
	if unnamed == 0 {
		return rcpts
	}
	o := orig()
	from, _ := findAddress(o.From)
	unnamed = 0
	for i := range rcpts {
		if r := &rcpts[i]; r.FinalRecipient == "" {
			if a, _ := findAddress(r.Diagnostic); a != "" && !strings.EqualFold(a, from) {
				r.FinalRecipient = a
			} else {
				unnamed++
			}
		}
	}
	guess := ""
	if unnamed == 1 {
		if a, i := findAddress(o.To); a != "" {
			if b, _ := findAddress(o.To[i+len(a):]); b == "" {
				guess = a
			}
		}
		for _, r := range rcpts {
			if strings.EqualFold(r.FinalRecipient, guess) {
				guess = "" // already reported by another block
			}
		}
	}
	out := rcpts[:0]
	for _, r := range rcpts {
		if r.FinalRecipient == "" {
			r.FinalRecipient = guess
		}
		if r.FinalRecipient != "" {
			out = append(out, r)
		}
	}
	return out
}

func stripBrackets(s string) string {
	s = trimSpace(s)
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return s[1 : len(s)-1]
	}
	return s
}

func parseAction(v string) Action {
	v = trimSpace(v)
	if i := strings.IndexAny(v, " (;"); i >= 0 {
		v = v[:i]
	}
	for _, a := range [...]Action{Failed, Delayed, Delivered, Relayed, Expanded} {
		if equalFold(v, string(a)) {
			return a
		}
	}
	// QUIRK: some MTAs write "failure", "bounced" or "deferred".
	switch {
	case hasPrefixFold(v, "fail"), hasPrefixFold(v, "bounce"), hasPrefixFold(v, "reject"):
		return Failed
	case hasPrefixFold(v, "defer"), hasPrefixFold(v, "delay"):
		return Delayed
	case hasPrefixFold(v, "deliver"), hasPrefixFold(v, "success"):
		return Delivered
	}
	return ""
}

func parseStatus(v string) bounce.Code {
	v = trimSpace(v)
	if c, err := bounce.ParseCode(v); err == nil {
		return c
	}
	if c, i := findCode(v); i >= 0 {
		return c
	}
	return bounce.Code{}
}

// isExitStatus reports whether diag is only a program's exit status, the
// whole Diagnostic-Code of some x-unix recipients.
func isExitStatus(diag string) bool {
	diag = trimSpace(diag)
	if diag == "" || len(diag) > 3 {
		return false
	}
	for i := 0; i < len(diag); i++ {
		if !isDigit(diag[i]) {
			return false
		}
	}
	return true
}

// lastReplyLine returns the last line of text that starts with an SMTP
// reply code ("554 5.3.0 unknown mailer error 1"), trimmed, or "".
func lastReplyLine(text string) string {
	last := ""
	for text != "" {
		var line string
		line, text = nextLine(text)
		if t := trimSpace(line); len(t) > 4 && findBasic(t[:4]) == 0 {
			last = t
		}
	}
	return last
}

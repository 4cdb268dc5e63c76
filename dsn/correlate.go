package dsn

import (
	"bufio"
	"mime"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// This file correlates a report with the message that was sent: the
// returned message's identity (Message-ID, From, To, Subject, Date, a
// caller-chosen header) and VERP return paths.

// Header parses and returns every header field of the returned message,
// with go-message's textproto. It returns an empty header when the report
// did not include the returned message.
func (o *Original) Header() (textproto.Header, error) {
	if len(o.raw) == 0 {
		return textproto.Header{}, nil
	}
	b := o.raw
	if !strings.HasSuffix(b, "\n\n") {
		b += "\n\n"
	}
	return textproto.ReadHeader(bufio.NewReader(strings.NewReader(b)))
}

// RawHeader returns the header block of the returned message as it was
// read (line ends normalised to LF), or "".
func (o *Original) RawHeader() string { return o.raw }

// headerBlock returns the header block at the start of s (after blank
// lines), or "" when s does not start with header fields.
func headerBlock(s string) string {
	for s != "" && (s[0] == '\n' || s[0] == ' ' || s[0] == '\t') {
		// Skip blank lines and indentation before the header.
		line, rest := nextLine(s)
		if trimSpace(line) != "" {
			break
		}
		s = rest
	}
	// Allow a few lines of prose ("Received: …" must come soon).
	for tries := 0; tries < 6 && s != ""; tries++ {
		line, rest := nextLine(s)
		if isFieldLine(line) {
			break
		}
		if t := strings.TrimLeft(line, " \t"); len(t) < len(line) && isFieldLine(t) {
			// QUIRK(fml, Exchange): the returned header quoted with
			// every line indented.
			s = dedent(s, line[:len(line)-len(t)])
			break
		}
		s = rest
	}
	end := 0
	for end < len(s) {
		i := strings.IndexByte(s[end:], '\n')
		line := s[end:]
		if i >= 0 {
			line = s[end : end+i]
		}
		if trimSpace(line) == "" {
			break
		}
		if line[0] != ' ' && line[0] != '\t' && !isFieldLine(line) && strings.IndexByte(trimSpace(line), ' ') >= 0 &&
			!(end > 0 && fieldSoon(s[end:])) {
			// QUIRK: folded lines that lost their indentation (one
			// long token, or words with another field soon after)
			// are kept; prose ends the header.
			break
		}
		if i < 0 {
			end = len(s)
			break
		}
		end += i + 1
	}
	if end < len(s) && onlyContentFields(s[:end]) {
		// QUIRK: a MIME part header quoted in the text ("Content-Type:
		// message/rfc822" of a report pasted as text): the returned
		// header is the block after it.
		return headerBlock(s[end:])
	}
	return s[:end]
}

// dedent removes indent from the start of the lines of s, up to the first
// line that does not start with it (a blank line or the end of the quote).
func dedent(s, indent string) string {
	var b strings.Builder
	for s != "" {
		line, rest := nextLine(s)
		if !strings.HasPrefix(line, indent) {
			break
		}
		b.WriteString(line[len(indent):])
		b.WriteByte('\n')
		s = rest
	}
	return b.String()
}

// onlyContentFields reports whether the fields of the header block h are
// all MIME part fields (Content-Type, Content-Description …).
func onlyContentFields(h string) bool {
	n := 0
	for h != "" {
		var line string
		line, h = nextLine(h)
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if !hasPrefixFold(line, "content-") {
			return false
		}
		n++
	}
	return n > 0
}

// fieldSoon reports whether one of the few lines after the first of s,
// before a blank line, starts a field.
// QUIRK(Exchange, Office 365): a returned header whose Received fields
// were folded without indentation ("(192.0.2.1) by mx.example.com").
func fieldSoon(s string) bool {
	_, s = nextLine(s)
	for i := 0; i < 4 && s != ""; i++ {
		var line string
		line, s = nextLine(s)
		if trimSpace(line) == "" {
			return false
		}
		if line[0] != ' ' && line[0] != '\t' && isFieldLine(line) {
			return true
		}
	}
	return false
}

// isFieldLine reports whether line starts like "Name: value".
func isFieldLine(line string) bool {
	i := strings.IndexByte(line, ':')
	if i <= 0 || i > 76 {
		return false
	}
	for j := 0; j < i; j++ {
		c := line[j]
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// makeOriginal extracts the identity of the returned message from its raw
// header block, without parsing every field.
func makeOriginal(raw string, idHeader string) Original {
	o := Original{raw: raw}
	s := raw
	for s != "" {
		f, rest, ok := nextField(s)
		if !ok {
			break
		}
		s = rest
		switch {
		case equalFold(f.name, "message-id"):
			if o.MessageID == "" {
				o.MessageID = messageID(f.value())
			}
		case equalFold(f.name, "from"):
			if o.From == "" {
				o.From = decodeWords(f.value())
			}
		case equalFold(f.name, "to"):
			if o.To == "" {
				o.To = decodeWords(f.value())
			}
		case equalFold(f.name, "subject"):
			if o.Subject == "" {
				o.Subject = decodeWords(f.value())
			}
		case equalFold(f.name, "date"):
			if o.Date.IsZero() {
				o.Date = parseDate(f.value())
			}
		case idHeader != "" && strings.EqualFold(f.name, idHeader):
			if o.ID == "" {
				o.ID = f.value()
			}
		}
	}
	return o
}

// messageID returns the identifier in a Message-ID field's value: the
// "id-left@id-right" between its angle brackets (RFC 5322 §3.6.4), which
// are syntax, not part of it, without the comments or white space around
// it. QUIRK: a value without angle brackets is taken whole, trimmed; one
// that lacks the closing bracket runs to its end.
func messageID(v string) string {
	v = trimSpace(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	return trimSpace(v)
}

// decodeWords decodes RFC 2047 encoded words, keeping s when it cannot.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d := mime.WordDecoder{CharsetReader: charsetReader}
	if v, err := d.DecodeHeader(s); err == nil {
		return v
	}
	return s
}

// EncodeVERP returns the VERP return path for recipient rcpt on the
// bounce address base: "bounces@mail.example.org" and "user@example.com"
// give "bounces+user=example.com@mail.example.org". Mail to it comes back
// to base's mailbox when the receiving MTA strips "+" extensions. Without
// an "@" in either address, base is returned unchanged.
func EncodeVERP(base, rcpt string) string {
	at := strings.LastIndexByte(base, '@')
	ra := strings.LastIndexByte(rcpt, '@')
	if at < 0 || ra < 0 {
		return base
	}
	return base[:at] + "+" + rcpt[:ra] + "=" + rcpt[ra+1:] + base[at:]
}

// DecodeVERP returns the recipient that a VERP return path encodes, the
// inverse of [EncodeVERP]: "bounces+user=example.com@mail.example.org"
// gives "user@example.com", true. Angle brackets are allowed. An address
// that encodes no recipient gives "", false.
func DecodeVERP(addr string) (rcpt string, ok bool) {
	addr = stripAngle(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", false
	}
	local := addr[:at]
	plus := strings.IndexByte(local, '+')
	if plus < 0 {
		return "", false
	}
	enc := local[plus+1:]
	eq := strings.LastIndexByte(enc, '=')
	if eq <= 0 || eq == len(enc)-1 {
		return "", false
	}
	return enc[:eq] + "@" + enc[eq+1:], true
}

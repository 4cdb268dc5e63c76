package dsn

import (
	"bytes"
	"math/bits"
	"strings"

	"github.com/emersion/go-message"
)

// rawHeader is the top-level header block of a mail, kept as read (LF line
// ends) and searched in place. Only the fields that go-message needs to
// decode the body (Content-Type, Content-Transfer-Encoding) are parsed into
// a message.Header; the rest are looked up here without allocating, which
// matters for bounces whose headers carry dozens of Received and DKIM
// fields.
type rawHeader string

// field returns the raw value of the first field called name.
func (h rawHeader) field(name string) (string, bool) {
	s := string(h)
	for {
		f, rest, ok := nextField(s)
		if !ok {
			return "", false
		}
		if equalFoldASCII(f.name, name) {
			return f.raw, true
		}
		s = rest
	}
}

// Get returns the value of the first field called name, lines joined.
func (h rawHeader) Get(name string) string {
	v, _ := h.field(name)
	return joinLines(v)
}

// Has reports whether a field called name is present.
func (h rawHeader) Has(name string) bool {
	_, ok := h.field(name)
	return ok
}

// Values returns the values of all fields called name.
func (h rawHeader) Values(name string) []string {
	var vs []string
	s := string(h)
	for {
		f, rest, ok := nextField(s)
		if !ok {
			return vs
		}
		if equalFoldASCII(f.name, name) {
			vs = append(vs, f.value())
		}
		s = rest
	}
}

// headerOf turns the header of an entity read elsewhere into a rawHeader.
func headerOf(mh message.Header) rawHeader {
	var b strings.Builder
	fs := mh.Fields()
	var lines []string
	for fs.Next() {
		// Fields iterate from the top; keep that order.
		lines = append(lines, fs.Key()+": "+fs.Value()+"\n")
	}
	for _, l := range lines {
		b.WriteString(l)
	}
	return rawHeader(b.String())
}

// readRawHeader reads the header block from lr, up to the blank line that
// ends it and bounded by max bytes. The header returned is a view of buf
// (see view), and what was read past it is left in lr, in the rest of
// buf, so that no buffered reader is needed for the body. A leading mbox
// "From " line is dropped.
// QUIRK(mbox): mails saved from a mailbox often keep that line.
// buf is the buffer to read into (its length is ignored); a larger one is
// made when the header does not fit.
func readRawHeader(lr *lineReader, limit int64, buf []byte) (rawHeader, error) {
	buf = buf[:0]
	if cap(buf) < 2048 {
		buf = make([]byte, 0, 2048)
	}
	scanned := 0 // bytes already searched for the blank line
	checked := false
	for {
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), 2*cap(buf))
			copy(nb, buf)
			buf = nb
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if !checked && len(buf) >= 5 {
			checked = true
			if string(buf[:5]) == "From " {
				if i := bytes.IndexByte(buf, '\n'); i >= 0 {
					buf = append(buf[:0], buf[i+1:]...)
				} else {
					checked = false
					buf = buf[:0]
				}
			}
		}
		if len(buf) > 0 && buf[0] == '\n' && checked {
			lr.pending, lr.spare = buf[1:], buf
			return "", nil // no header at all
		}
		if i := bytes.Index(buf[max(scanned-1, 0):], []byte("\n\n")); i >= 0 && checked {
			end := max(scanned-1, 0) + i
			if int64(end) > limit {
				return "", ErrTooLarge
			}
			// The header is read in place: what is read after it
			// goes into the buffer's room past it.
			lr.pending, lr.spare = buf[end+2:], buf[end+1:]
			return rawHeader(view(buf[:end+1])), nil
		}
		scanned = len(buf)
		if int64(len(buf)) > limit {
			return "", ErrTooLarge
		}
		if err != nil || n == 0 && lr.err != nil {
			// The mail is all header.
			if len(buf) > 0 && buf[len(buf)-1] != '\n' {
				buf = append(buf, '\n')
			}
			return rawHeader(view(buf)), nil
		}
	}
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// topIndex holds the top-level fields the analysis reads, found in one
// pass over the header.
type topIndex struct {
	from, subject, contentType  string
	cte                         string // Content-Transfer-Encoding
	deliveredTo, originalTo, to string
	failed                      bool   // X-Failed-Recipients is present
	present                     uint64 // which of tables.headerNames are present
}

// index reads the fields of h that the analysis needs, in one pass. The
// values of folded fields are joined in a (which may be the zero arena).
func (h rawHeader) index(a *arena) topIndex {
	var x topIndex
	s := string(h)
	for {
		f, rest, ok := nextField(s)
		if !ok {
			return x
		}
		s = rest
		n := f.name
		switch {
		case x.from == "" && equalFoldASCII(n, "From"):
			x.from = a.joinLines(f.raw)
		case x.subject == "" && equalFoldASCII(n, "Subject"):
			x.subject = a.joinLines(f.raw)
		case x.contentType == "" && equalFoldASCII(n, "Content-Type"):
			x.contentType = a.joinLines(f.raw)
		case x.cte == "" && equalFoldASCII(n, "Content-Transfer-Encoding"):
			x.cte = a.joinLines(f.raw)
		case x.deliveredTo == "" && equalFoldASCII(n, "Delivered-To"):
			x.deliveredTo = f.raw
		case x.originalTo == "" && equalFoldASCII(n, "X-Original-To"):
			x.originalTo = f.raw
		case x.to == "" && equalFoldASCII(n, "To"):
			x.to = a.joinLines(f.raw)
		case equalFoldASCII(n, "X-Failed-Recipients"):
			x.failed = true
		}
		if n == "" {
			continue
		}
		for m := tables.headerByFirst[lower(n[0])]; m != 0; m &= m - 1 {
			if i := bits.TrailingZeros64(m); equalFoldASCII(n, tables.headerNames[i]) {
				x.present |= 1 << i
			}
		}
	}
}

// mimeHeader answers Get for the two fields of the top header that the
// MIME walk reads, from the index.
type mimeHeader struct{ contentType, cte string }

// Get returns the value of the Content-Type or Content-Transfer-Encoding
// field, or "".
func (h *mimeHeader) Get(name string) string {
	switch name {
	case "Content-Type":
		return h.contentType
	case "Content-Transfer-Encoding":
		return h.cte
	}
	return ""
}

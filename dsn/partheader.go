package dsn

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/emersion/go-message"
)

// headerMender passes the body of a multipart entity through unchanged,
// except for the header blocks of its parts, which it mends so that
// go-message's strict header reader accepts them instead of giving up on
// the whole multipart:
//
//   - a line that is neither a field ("Name: value", the name printable
//     US-ASCII) nor indented becomes a continuation of the field before
//     it;
//   - the first line of a block loses its indentation;
//   - a first line that is not a field is dropped when fields follow it,
//     and otherwise opens the part's body (a part with no header that
//     lacks the blank line saying so).
//
// QUIRK(Exchange, Office 365): part headers whose long fields were folded
// without indentation (a "boundary=…" parameter or a long diagnostic
// value on a line of its own). The same happens to returned headers; see
// the headerBlock leniency.
//
// It also bounds what go-message's header reader, which keeps every field
// of a block and has no limit of its own, is given (see headerBudget).
type headerMender struct {
	br       *bufio.Reader
	boundary string
	pending  []byte // mended bytes not yet handed out
	scratch  []byte // a mended line
	header   bool   // inside a part's header block
	first    bool   // the next line opens the header block
	cut      bool   // the last line read was longer than the buffer
	err      error
	// budget, when not nil, bounds the header blocks; block is what
	// the current block has used of it, and dropping is set while the
	// rest of a block over its limit is dropped.
	budget   *headerBudget
	block    int64
	dropping bool
}

// headerBudget bounds the MIME part headers of one mail: each block to
// maxBlock bytes and all blocks, in all multiparts, to maxTotal. A block
// over its limit keeps its first maxBlock bytes (the rest is dropped and
// cut is set); once the total is over, the part headers that follow are
// not read at all.
type headerBudget struct {
	maxBlock, maxTotal int64
	used               int64 // bytes of all blocks so far
	cut                bool  // a block was cut short or the total reached
}

// minFieldBytes is what a line of a part header counts for at least,
// against the limits of headerBudget: go-message's header reader spends
// some 500 bytes on a field ("A:" as much as a line of 64 bytes), so that
// bounding bytes alone would let the shortest fields cost 150 times
// their size.
const minFieldBytes = 64

func (b *headerBudget) init(maxBlock, maxTotal int64) {
	*b = headerBudget{maxBlock: maxBlock, maxTotal: maxTotal}
}

// charge accounts for line, read inside a header block (cont: the rest of
// a line longer than the buffer), and returns what to hand out in its
// place: line, nil to drop it, or a line end that closes a line cut short.
// When the total is over, it sets m.err to an error wrapping ErrTooLarge.
func (m *headerMender) charge(line []byte, cont bool) []byte {
	b := m.budget
	if !cont && endsBlock(line) {
		// The blank line that ends the block always passes.
		m.dropping = false
		return line
	}
	if m.dropping {
		return nil
	}
	// A line that opens a field costs go-message a few hundred bytes
	// however short it is: it counts as at least minFieldBytes.
	n := int64(len(line))
	if !cont && n < minFieldBytes {
		n = minFieldBytes
	}
	if b.used+n > b.maxTotal {
		b.cut = true
		m.err = fmt.Errorf("dsn: MIME part headers over %d bytes in all: %w", b.maxTotal, ErrTooLarge)
		return nil
	}
	if m.block+n > b.maxBlock {
		// Keep the block's first maxBlock bytes; end a line begun.
		b.cut = true
		m.dropping = true
		if cont {
			return []byte("\n")
		}
		return nil
	}
	m.block += n
	b.used += n
	return line
}

// menderBufferSize bounds the line the mender sees at once; the start of
// a longer line decides, the rest passes through.
const menderBufferSize = 1024

func newHeaderMender(r io.Reader, boundary string) *headerMender {
	return &headerMender{br: bufio.NewReaderSize(r, menderBufferSize), boundary: boundary}
}

// Read implements io.Reader. It hands out whole lines while p has room
// and more are buffered.
func (m *headerMender) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(m.pending) == 0 {
			if m.err != nil || n > 0 && m.br.Buffered() == 0 {
				break
			}
			if !m.header && !m.cut {
				if c := m.passBody(p[n:]); c > 0 {
					n += c
					continue
				}
			}
			line, err := m.br.ReadSlice('\n')
			if err != nil && err != bufio.ErrBufferFull {
				m.err = err
			}
			cont := m.cut
			m.cut = err == bufio.ErrBufferFull
			if m.header && m.budget != nil && len(line) > 0 {
				if line = m.charge(line, cont); len(line) == 0 {
					continue
				}
			}
			if !cont && len(line) > 0 {
				line = m.mend(line)
			}
			m.pending = line
		}
		c := copy(p[n:], m.pending)
		m.pending = m.pending[c:]
		n += c
	}
	if n == 0 && m.err != nil {
		return 0, m.err
	}
	return n, nil
}

// passBody copies to p, in one go, the whole buffered lines of a part's
// body up to one that starts with "-" (which may be a delimiter): mend
// passes them unchanged. It returns the bytes copied, 0 when the next line
// must go through mend. Called at the start of a line.
func (m *headerMender) passBody(p []byte) int {
	buf, _ := m.br.Peek(m.br.Buffered())
	if len(buf) == 0 || buf[0] == '-' {
		return 0
	}
	end := bytes.Index(buf, []byte("\n-")) + 1
	if end == 0 {
		end = bytes.LastIndexByte(buf, '\n') + 1
	}
	if end == 0 {
		return 0
	}
	c := copy(p, buf[:end])
	m.br.Discard(c)
	// A copy that stops inside a line leaves its rest to pass as the
	// rest of a long line does.
	m.cut = buf[c-1] != '\n'
	return c
}

// mend returns line, mended if it belongs to a part's header block.
func (m *headerMender) mend(line []byte) []byte {
	if !m.header {
		if isDelimiter(line, m.boundary) {
			m.header, m.first = true, true
			m.block, m.dropping = 0, false
		}
		return line
	}
	if endsBlock(line) {
		m.header = false
		if m.first {
			return line[len(line)-lineEndLen(line):]
		}
		return line
	}
	if m.first {
		m.first = false
		line = bytes.TrimLeft(line, " \t")
		if !isHeaderField(line) {
			// Copy the line first: peeking may move the buffer.
			end := line[len(line)-lineEndLen(line):]
			if len(end) == 0 {
				end = []byte("\n")
			}
			m.scratch = append(append(m.scratch[:0], end...), line...)
			if m.fieldFollows() {
				m.first = true
				return nil // a broken line before the fields
			}
			// No field follows: the part has no header (and no blank
			// line to say so); the line opens its body.
			m.header = false
			return m.scratch
		}
		return line
	}
	if line[0] == ' ' || line[0] == '\t' || isHeaderField(line) {
		return line
	}
	m.scratch = append(append(m.scratch[:0], ' '), line...)
	return m.scratch
}

// endsBlock reports whether line, a whole line of a header block, is the
// blank line that ends it (white space only is taken as blank). mend and
// charge both use it, so that the budget ends a block where mend does.
func endsBlock(line []byte) bool {
	return len(bytes.TrimLeft(line, " \t\r\n")) == 0
}

// isDelimiter reports whether line is "--boundary" (not the final
// "--boundary--"), allowing trailing white space (RFC 2046 §5.1.1).
func isDelimiter(line []byte, boundary string) bool {
	if len(line) < 2+len(boundary) || line[0] != '-' || line[1] != '-' || string(line[2:2+len(boundary)]) != boundary {
		return false
	}
	return len(bytes.TrimLeft(line[2+len(boundary):], " \t\r\n")) == 0
}

// fieldFollows reports whether a field line comes before the next blank
// line in what the mender can peek at.
func (m *headerMender) fieldFollows() bool {
	p, _ := m.br.Peek(m.br.Size())
	for len(p) > 0 {
		var line []byte
		line, p, _ = bytes.Cut(p, []byte("\n"))
		if len(bytes.TrimLeft(line, " \t\r")) == 0 {
			return false
		}
		if line[0] != ' ' && line[0] != '\t' && isHeaderField(line) {
			return true
		}
	}
	return false
}

// lineEndLen is the length of the line end ("\n" or "\r\n") of line.
func lineEndLen(line []byte) int {
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		return 2
	case bytes.HasSuffix(line, []byte("\n")):
		return 1
	}
	return 0
}

// isHeaderField reports whether line starts with a field name (printable
// US-ASCII, RFC 5322 §2.2, optionally followed by spaces) and a colon.
func isHeaderField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// hasFieldLine reports whether one of the lines of b starts with a field
// name and a colon.
func hasFieldLine(b []byte) bool {
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' && isHeaderField(line) {
			return true
		}
	}
	return false
}

// isInlinedMessage reports whether a part's header is that of a whole
// message (it has Message-ID or Received, and From): the returned
// message inlined in a report instead of wrapped in message/rfc822. Part
// headers describe content and carry none of those fields.
func isInlinedMessage(h *message.Header) bool {
	return (h.Has("Message-Id") || h.Has("Received")) && h.Has("From")
}

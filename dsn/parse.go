package dsn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset" // sets message.CharsetReader; see doc.go
	"github.com/emersion/go-message/textproto"
)

// The default limits of a [Parser].
const (
	DefaultMaxBytes       = 16 << 20  // bytes read from the mail
	DefaultMaxParts       = 100       // MIME parts visited
	DefaultMaxDepth       = 8         // nesting of multiparts
	DefaultMaxHeaderBytes = 256 << 10 // bytes of one header block
	// bytes of all MIME part headers together
	DefaultMaxTotalHeaderBytes = 512 << 10
	maxTextBytes               = 1 << 20   // decoded text kept for the plain-text engine
	maxStatusBytes             = 256 << 10 // bytes of one delivery-status or feedback-report part
	maxAllStatusBytes          = 1 << 20   // bytes of all delivery-status parts
)

// charsetReader decodes the charsets of RFC 2047 encoded words with
// go-message's charset package, after sniffCharset's corrections. It
// returns a bytes.Buffer or bytes.Reader so that mime.WordDecoder copies
// from it without a 32 KiB buffer. Words in plain ASCII in a charset that
// writes ASCII as ASCII are returned as they are, without a decoder (as
// decodeText does for text parts); sniffCharset leaves the charset of
// such words as it is.
func charsetReader(cs string, r io.Reader) (io.Reader, error) {
	var raw []byte
	if br, ok := r.(*bytes.Reader); ok {
		// mime.WordDecoder hands over the word's bytes in a
		// bytes.Reader: read them into a buffer of their size.
		raw = make([]byte, br.Len())
		if _, err := io.ReadFull(br, raw); err != nil {
			return nil, err
		}
	} else {
		var err error
		if raw, err = io.ReadAll(r); err != nil {
			return nil, err
		}
	}
	cs = strings.ToLower(cs)
	if plainASCII(raw) && knownASCIICharset(cs) {
		return bytes.NewReader(raw), nil
	}
	d, err := charset.Reader(sniffCharset(cs, raw), bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(d); err != nil {
		return nil, err
	}
	return &b, nil
}

// scratch is what one Parse borrows from scratchPool and gives back when
// it returns: the read buffer for the header and the decoded text of a
// mail, the arena for the strings the analysis keeps, and the walk's state
// and readers. The header, the text and the arena's strings are read in
// place (see view); before the buffers go back, detach copies out of them
// every string of the Report that points into them, so that nothing in a
// Report does. The pool is dsn's only package-level mutable state;
// sync.Pool is safe for concurrent use.
type scratch struct {
	b []byte
	// arena is the room of state.arena: strings kept during the parse.
	arena []byte
	st    state
	lr    lineReader
	rec   recorder
	// qp is handed to go-message as the source of one quoted-printable
	// part: quotedprintable.NewReader keeps a *bufio.Reader as it is
	// instead of making one of 4 KiB. mender is handed to the header
	// mender of one multipart in the same way.
	qp, mender *bufio.Reader
}

// The buffer holds the top-level header, the text and the header of the
// returned message; it grows for larger mails.
var scratchPool = sync.Pool{New: func() any {
	return &scratch{b: make([]byte, 0, 32<<10), arena: make([]byte, 0, 8<<10), mender: bufio.NewReaderSize(nil, menderBufferSize)}
}}

// maxPooledBytes is the largest buffer given back to scratchPool, so that
// one huge mail does not pin its buffer.
const maxPooledBytes = 64 << 10

// ErrTooLarge is returned, wrapped, when a mail exceeds a limit of the
// [Parser] before anything usable was read. When a limit is reached later,
// the Report is returned with Truncated set instead.
var ErrTooLarge = errors.New("dsn: message exceeds a limit")

// Parser parses mail that arrives at a return path. Its zero value is ready
// to use with bounded default limits. For each limit, 0 means the default and
// -1 means no limit.
//
// A Parser is safe for concurrent use by multiple goroutines once its fields
// are set.
type Parser struct {
	// MaxBytes caps the bytes read from the mail (default 16 MiB).
	MaxBytes int64
	// MaxParts caps the number of MIME parts visited (default 100).
	MaxParts int
	// MaxDepth caps the nesting of multipart entities (default 8).
	MaxDepth int
	// MaxHeaderBytes caps the size of one header block (default 256 KiB):
	// the mail's own header, the header of each MIME part and the
	// header of a returned message. A mail header over it is an error;
	// a part header over it keeps its first MaxHeaderBytes and the
	// Report is Truncated. In a part header, each line counts as at
	// least 64 bytes (see the Limits section of the package doc).
	MaxHeaderBytes int64
	// MaxTotalHeaderBytes caps the bytes of the headers of all MIME
	// parts of a mail together (default 512 KiB); the mail's own header
	// is not counted. With MaxHeaderBytes it bounds the memory that a
	// mail of many parts with large headers costs to parse. Each line
	// counts as at least 64 bytes, as go-message spends some 500 bytes
	// on a field however short. Once the part headers are over it, the
	// walk stops: the Report holds what was read before, and is
	// Truncated.
	MaxTotalHeaderBytes int64

	// IDHeader names a header field of the returned message whose value
	// is copied to Original.ID, such as "X-Campaign-ID". Empty means none.
	IDHeader string
}

// Parse parses a mail with a zero [Parser]. It is shorthand for
// (&Parser{}).Parse(r).
func Parse(r io.Reader) (*Report, error) { return (&Parser{}).Parse(r) }

// ParseEntity parses an already read entity with a zero [Parser].
func ParseEntity(e *message.Entity) (*Report, error) { return (&Parser{}).ParseEntity(e) }

// Parse reads a mail from r and returns its Report. Ordinary mail gives a
// Report of kind [NotReport] with no recipients and a nil error. Parse reads
// at most MaxBytes from r.
//
// The error is non-nil only when nothing usable could be read: a header that
// cannot be parsed, or one over MaxHeaderBytes (wrapping [ErrTooLarge]).
func (p *Parser) Parse(r io.Reader) (*Report, error) {
	sc := scratchPool.Get().(*scratch)
	rep, err := p.parse(r, sc, nil)
	scratchPool.Put(sc)
	return rep, err
}

// parse is Parse with the scratch space sc. It leaves in sc.b the buffer
// for the next mail, and nothing in the Report points into it. When
// causes is not nil, it receives what decided each recipient's reason.
func (p *Parser) parse(r io.Reader, sc *scratch, causes *[]cause) (*Report, error) {
	base := sc.b[:0]
	lr := &sc.lr
	*lr = lineReader{r: r, n: limit64(p.MaxBytes, DefaultMaxBytes)}
	defer sc.clear()
	h, err := readRawHeader(lr, limit64(p.MaxHeaderBytes, DefaultMaxHeaderBytes), base)
	if err != nil {
		sc.reuse(base, lr.spare, nil)
		return nil, fmt.Errorf("dsn: reading header: %w", err)
	}
	if _, _, ok := nextField(string(h)); !ok {
		sc.reuse(base, lr.spare, nil)
		if lr.over {
			return nil, fmt.Errorf("dsn: reading header: %w", ErrTooLarge)
		}
		return nil, errors.New("dsn: no header fields")
	}
	// Unknown charsets and encodings are read undecoded.
	s := &sc.st
	s.arena.b = sc.arena[:0]
	p.initState(s, h)
	s.lr = lr
	s.qp, s.mender = sc.qp, sc.mender
	var body io.Reader = lr
	if hasPrefixFold(trimSpace(s.idx.contentType), "multipart/") {
		// QUIRK: some MTAs send multipart/report with no boundary
		// lines at all; keep what the multipart reader skips until it
		// finds the first part, to read it as text.
		sc.rec = recorder{r: lr, buf: &s.text, on: true}
		s.rec = &sc.rec
		body = s.rec
	}
	rep := s.run(&mimeHeader{contentType: s.idx.contentType, cte: s.idx.cte}, body)
	if causes != nil {
		*causes = append((*causes)[:0], s.causes...)
	}
	if lr.over {
		rep.Truncated = true
	}
	sc.qp = s.qp
	// The walk may stop before it reads the header buffer's spare room.
	detach(rep, sc.reuse(base, lr.spare, s.text), sc.arena)
	return rep, nil
}

// reuse keeps in sc.b, for the next mail, the largest of the buffers
// this one was read into that is not too large to keep, and returns it.
func (sc *scratch) reuse(bufs ...[]byte) []byte {
	var keep []byte
	for _, b := range bufs {
		if cap(b) > cap(keep) && cap(b) <= maxPooledBytes {
			keep = b
		}
	}
	sc.b = keep[:0]
	return sc.b
}

// clear drops what the scratch space holds of the last mail, but its
// buffers.
func (sc *scratch) clear() {
	sc.lr = lineReader{}
	sc.rec = recorder{}
	status := sc.st.status
	clear(status)
	sc.st = state{status: status[:0], causes: sc.st.causes[:0]}
	sc.arena = sc.arena[:0]
	for _, br := range [...]*bufio.Reader{sc.qp, sc.mender} {
		if br != nil {
			br.Reset(nil)
		}
	}
}

// view returns the bytes of b as a string without copying them. The
// string is valid as long as b is not written to: Parse reads the header
// and the text of a mail in place, into its pooled buffer, and writes no
// more to what it has viewed; detach copies out what the Report keeps.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// arena holds the strings made during one Parse that the analysis reads
// (delivery-status parts, folded header values) in a pooled buffer, as
// views (see view) that detach copies out before the buffer is reused. A
// string that does not fit goes on the heap. The zero arena has no room:
// every string goes on the heap.
type arena struct{ b []byte }

// room returns the free room of a, of length 0, to build a string in
// and pass to keep.
func (a *arena) room() []byte { return a.b[len(a.b):len(a.b)] }

// keep returns b, built in a.room() or grown out of it by append, as a
// string valid for the rest of the parse, and takes its room. b must not
// be written to afterwards.
func (a *arena) keep(b []byte) string {
	if len(b) > 0 && len(b) <= cap(a.b)-len(a.b) && unsafe.SliceData(b) == unsafe.SliceData(a.b[len(a.b):len(a.b)+1]) {
		a.b = a.b[:len(a.b)+len(b)]
	}
	return view(b)
}

// holds reports whether p points into the array of b, up to its
// capacity.
func holds(b []byte, p *byte) bool {
	if cap(b) == 0 || p == nil {
		return false
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b[:1])))
	q := uintptr(unsafe.Pointer(p))
	return lo <= q && q < lo+uintptr(cap(b))
}

// detach copies every string of rep whose bytes lie in one of bufs (up to
// its capacity) to memory of its own, all in one allocation, so that bufs
// can be reused.
func detach(rep *Report, bufs ...[]byte) {
	if rep == nil {
		return
	}
	in := func(s string) bool {
		if s == "" {
			return false
		}
		for _, b := range bufs {
			if holds(b, unsafe.StringData(s)) {
				return true
			}
		}
		return false
	}
	n := 0
	rep.eachString(func(s *string) {
		if in(*s) {
			n += len(*s)
		}
	})
	if n == 0 {
		return
	}
	own := make([]byte, 0, n)
	rep.eachString(func(s *string) {
		if in(*s) {
			start := len(own)
			own = append(own, *s...)
			*s = view(own[start:])
		}
	})
}

// ParseEntity parses an entity already read with go-message, for example a
// message taken from a mailbox. The entity's body is read as far as the
// report needs: the walk stops after the returned message.
func (p *Parser) ParseEntity(e *message.Entity) (*Report, error) {
	if e == nil {
		return nil, errors.New("dsn: nil entity")
	}
	s := p.newState(headerOf(e.Header))
	s.topDecoded = true // go-message has decoded the body of a single part
	body := e.Body
	if strings.HasPrefix(mediaType(&e.Header), "multipart/") {
		// As in Parse: keep what the multipart reader skips.
		s.rec = &recorder{r: e.Body, buf: &s.text, on: true}
		body = s.rec
	}
	return s.run(&e.Header, body), nil
}

func limit64(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return math.MaxInt64
	}
	return v
}

func limitInt(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return math.MaxInt
	}
	return v
}

// maxZeroReads bounds the reads in a row that return no data and no
// error, which io.Reader allows but a broken decoder may repeat forever.
const maxZeroReads = 100

// lineReader limits the bytes read and turns CRLF and bare CR line ends
// into LF, so that the rest of the parser sees one convention.
// QUIRK(Mac mailers): some old mail has CR-only line ends.
type lineReader struct {
	r    io.Reader
	n    int64 // bytes left
	cr   bool  // the last byte read was a CR
	over bool  // the limit was reached
	// pending holds bytes read past the header, served first; spare is
	// the buffer they are in, handed on for reuse by spareBuffer.
	pending []byte
	spare   []byte
	err     error
}

// Read implements io.Reader.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) > 0 {
		n := copy(p, l.pending)
		l.pending = l.pending[n:]
		return n, nil
	}
	if l.err != nil {
		return 0, l.err
	}
	if l.n <= 0 {
		l.over = true
		l.err = io.EOF
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	first := bytes.IndexByte(p[:n], '\r')
	if first < 0 && !(l.cr && n > 0 && p[0] == '\n') {
		// No CR: nothing to rewrite.
		l.cr = false
		if err != nil {
			l.err = err
			if n > 0 {
				return n, nil
			}
		}
		return n, err
	}
	w := 0
	start := 0
	if first > 0 && !l.cr {
		w, start = first, first
	}
	for i := start; i < n; {
		c := p[i]
		if c == '\r' {
			p[w] = '\n'
			w++
			l.cr = true
			i++
			continue
		}
		if c == '\n' && l.cr {
			l.cr = false
			i++
			continue
		}
		// A run up to the next CR is moved as it is.
		l.cr = false
		j := bytes.IndexByte(p[i:n], '\r')
		if j < 0 {
			j = n - i
		}
		w += copy(p[w:], p[i:i+j])
		i += j
	}
	if err != nil {
		l.err = err
		if w > 0 {
			return w, nil
		}
	}
	if w == 0 && err == nil && n > 0 {
		// Only an LF of a CRLF was read; read on.
		return l.Read(p)
	}
	return w, err
}

// state collects what the MIME walk finds in one mail.
type state struct {
	p        *Parser
	top      rawHeader
	parts    int
	maxParts int
	maxDepth int

	arena       arena    // strings kept during the parse
	text        []byte   // decoded text/plain (or text/html) of the report
	html        bool     // text came from HTML
	status      []string // bodies of delivery-status parts
	causes      []cause  // what decided each recipient's reason (see decide)
	statusBytes int      // their length in all
	global      bool     // a message/global-delivery-status was seen
	feedback    string   // body of a feedback-report part
	hasFeedback bool
	origRaw     string // header block of the returned message
	rec         *recorder
	lr          *lineReader // the top-level reader, nil for ParseEntity
	nested      int         // reports read from inside a message/rfc822 part
	// bounceLike caches looksLikeBounce for the top header.
	bounceLike bool
	idx        topIndex // fields of the top header
	origFound  bool
	truncated  bool
	// topDecoded is set when the top-level body is already decoded
	// (ParseEntity).
	topDecoded bool
	// qp, when qpUsed is not set, is a reader of 4 KiB that one
	// quoted-printable part may be read through (see transferDecoded).
	qp     *bufio.Reader
	qpUsed bool
	// mender, when menderUsed is not set, is a reader of
	// menderBufferSize that the header mender of one multipart may read
	// through.
	mender     *bufio.Reader
	menderUsed bool
	// headers bounds the MIME part headers that go-message reads.
	headers headerBudget
}

func (p *Parser) newState(top rawHeader) *state {
	s := &state{}
	p.initState(s, top)
	return s
}

// initState readies s, which is empty but may hold spare room in status,
// for a mail with the top-level header top.
func (p *Parser) initState(s *state, top rawHeader) {
	s.p = p
	s.top = top
	s.idx = top.index(&s.arena)
	s.maxParts = limitInt(p.MaxParts, DefaultMaxParts)
	s.maxDepth = limitInt(p.MaxDepth, DefaultMaxDepth)
	s.headers.init(limit64(p.MaxHeaderBytes, DefaultMaxHeaderBytes), limit64(p.MaxTotalHeaderBytes, DefaultMaxTotalHeaderBytes))
}

// run walks the entity with header h and undecoded body and makes the
// report.
func (s *state) run(h partHeader, body io.Reader) *Report {
	s.walk(h, body, 0)
	if s.rec != nil && s.rec.on {
		// No part was found: the body is the text. Record the rest of
		// it; the multipart reader may have stopped early.
		chunk := make([]byte, 4096)
		for s.rec.on {
			n, err := s.rec.Read(chunk)
			if err != nil || n == 0 {
				break
			}
		}
		s.rec.on = false
		if bytes.IndexByte(s.text, '\r') >= 0 {
			s.text = normalizeNewlines(s.text)
		}
	}
	rep := s.analyse()
	rep.ReturnPath = s.returnPath()
	// Text from undeclared or broken charsets may not be UTF-8; what the
	// Report hands out is.
	for i := range rep.Recipients {
		r := &rep.Recipients[i]
		r.FinalRecipient = validUTF8(r.FinalRecipient)
		r.OriginalRecipient = validUTF8(r.OriginalRecipient)
		r.Diagnostic = validUTF8(r.Diagnostic)
		r.RemoteMTA = validUTF8(r.RemoteMTA)
	}
	o := &rep.Original
	o.MessageID, o.From, o.To, o.Subject, o.ID = validUTF8(o.MessageID), validUTF8(o.From), validUTF8(o.To), validUTF8(o.Subject), validUTF8(o.ID)
	if s.truncated || s.headers.cut {
		rep.Truncated = true
	}
	return rep
}

// walk visits the MIME tree of an entity (header h, body as it is on the
// wire) and keeps the parts a report is made of. Multiparts are read with
// go-message's textproto.MultipartReader; go-message undoes the transfer
// encoding of the parts that are read, and its charset package their
// charset (see decodeText). It returns false once the parts a report needs
// have been read: the walk stops there.
func (s *state) walk(h partHeader, body io.Reader, depth int) bool {
	mt := mediaType(h)
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= s.maxDepth {
			s.truncated = true
			return true
		}
		boundary := contentParams(h)["boundary"]
		src := body
		if !s.menderUsed && s.mender != nil {
			// newHeaderMender reads through the bufio.Reader it is
			// given when it has the size it wants: lend it the pooled
			// one. Only one multipart may have it, as the readers of
			// the multiparts around a nested one stay in use.
			s.menderUsed = true
			s.mender.Reset(body)
			src = s.mender
		}
		mender := newHeaderMender(src, boundary)
		mender.budget = &s.headers
		mr := textproto.NewMultipartReader(mender, boundary)
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return true
			}
			if errors.Is(err, ErrTooLarge) {
				// The part headers are over MaxTotalHeaderBytes: the
				// walk stops, and what the multipart reader skipped
				// on the way is no text of the report.
				if s.rec != nil && s.rec.on {
					s.rec.on = false
					s.text = s.text[:0]
				}
				s.truncated = true
				return false
			}
			if part == nil {
				// QUIRK: truncated mail ends without the closing
				// boundary; keep what was read.
				if !isEOF(err) && !(s.rec != nil && s.rec.on) {
					s.truncated = true
				}
				return true
			}
			if s.rec != nil && s.rec.on {
				s.rec.on = false
				s.text = s.text[:0] // keep the buffer for the text parts
			}
			s.parts++
			if s.parts > s.maxParts {
				s.truncated = true
				return true
			}
			if !s.walk(&message.Header{Header: part.Header}, part, depth+1) {
				return false
			}
		}
	}
	// The body of a part is decoded (s.decoded) only when it is read;
	// the multipart reader skips the others.
	switch mt {
	case "message/delivery-status", "message/global-delivery-status":
		if mt == "message/global-delivery-status" {
			s.global = true
		}
		s.readStatus(h, body, depth)
	case "message/feedback-report":
		if !s.hasFeedback {
			s.feedback, s.hasFeedback = s.readString(s.decoded(h, body, depth), maxStatusBytes), true
		}
	case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers",
		"message/rfc822-headers", "message/partial",
		"text/rfc822-header": // QUIRK: the singular, seen in complaint reports
		if !s.origFound {
			body = s.decoded(h, body, depth)
			tail := s.readOriginal(body)
			if (mt == "message/rfc822" || mt == "message/global") && s.nested == 0 && len(s.status) == 0 &&
				depth < s.maxDepth && isReportHeader(rawHeader(s.origRaw)) {
				// QUIRK: a bounce forwarded as an attachment (or a
				// gateway that wraps the real report): read the inner
				// report instead of treating it as the returned message.
				h := rawHeader(s.origRaw)
				s.origRaw, s.origFound = "", false
				s.nested++
				tail = append([]byte(nil), tail...) // it may lie in the text buffer's spare room
				return s.walk(&h, io.MultiReader(bytes.NewReader(tail), body), depth+1)
			}
		}
		// The returned message comes last in a report: once it and
		// the report's own parts are read, nothing after it is needed.
		return !s.origFound || len(s.status) == 0 && !s.hasFeedback && len(s.text) == 0
	case "", "text/plain", "text/enriched":
		if s.origFound && len(s.text) > 0 {
			return true // the body of the returned message
		}
		if mh, ok := h.(*message.Header); ok && len(s.text) > 0 && isInlinedMessage(mh) {
			// QUIRK: the returned message as a part of its own, not
			// wrapped in message/rfc822: its header is the part's.
			s.origRaw, s.origFound = string(headerOf(*mh)), true
			return false // it comes last, as a message/rfc822 part does
		}
		if s.html {
			s.text, s.html = s.text[:0], false
		}
		s.appendText(h, s.decoded(h, body, depth), depth)
	case "text/html":
		if s.origFound || (len(s.text) > 0 && !s.html) {
			return true
		}
		s.html = true
		s.appendText(h, s.decoded(h, body, depth), depth)
	default:
		// Other parts (images, attachments) are skipped.
		// QUIRK: some MTAs send the delivery status as text/plain or
		// as an unnamed type; the text engine finds its fields.
		if strings.HasSuffix(mt, "delivery-status") {
			s.readStatus(h, body, depth)
		}
	}
	return true
}

// partHeader is the header of a MIME entity: a *message.Header for the
// parts go-message reads, a *rawHeader for the top level of a mail.
type partHeader interface {
	Get(name string) string
}

// contentParams returns the parameters of the Content-Type field of h,
// parsed by go-message (for its parts) or mime.ParseMediaType (the top
// level), or nil.
func contentParams(h partHeader) map[string]string {
	if mh, ok := h.(*message.Header); ok {
		_, params, _ := mh.ContentType()
		return params
	}
	_, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return params
}

// decoded returns the body of the entity with header h at depth, as it
// is on the wire, with its transfer encoding undone.
func (s *state) decoded(h partHeader, body io.Reader, depth int) io.Reader {
	if s.topDecoded && depth == 0 {
		return body
	}
	return s.transferDecoded(h, body)
}

// transferDecoded returns body with the Content-Transfer-Encoding of h
// undone by go-message. Only that field is handed to message.New, so that
// no charset decoder is made for a part that may not need one.
func (s *state) transferDecoded(h partHeader, body io.Reader) io.Reader {
	cte := trimSpace(h.Get("Content-Transfer-Encoding"))
	if cte == "" || equalFold(cte, "7bit") || equalFold(cte, "8bit") || equalFold(cte, "binary") {
		return body
	}
	if equalFold(cte, "quoted-printable") && !s.qpUsed {
		// The decoder of mime/quotedprintable reads through a
		// bufio.Reader and uses the one it is given: lend it the
		// pooled one, which nothing else reads through until the
		// next mail. Only one part may have it: a part's reader stays
		// in use while the walk reads inside it (a nested report).
		s.qpUsed = true
		if s.qp == nil {
			s.qp = bufio.NewReaderSize(nil, 4096)
		}
		s.qp.Reset(body)
		body = s.qp
	}
	var th textproto.Header
	th.Set("Content-Transfer-Encoding", cte)
	// Unknown encodings are read undecoded: New returns the body as is.
	e, _ := message.New(message.Header{Header: th}, body)
	if e == nil {
		return body
	}
	return e.Body
}

// asciiCharsets are the prefixes of charset names in which text made of
// printable ASCII alone (no escape, no shift byte) reads as ASCII: such
// text needs no decoding.
var asciiCharsets = [...]string{
	"us-ascii", "utf-8", "iso-8859-", "windows-125", "cp125", "iso-2022-jp", "iso-2022-kr", "shift_jis",
	"shift-jis", "x-sjis", "sjis", "cp932", "euc-", "gb2312", "gbk", "gb18030", "big5", "koi8-", "ks_c_5601",
}

// readsAsIs reports whether text in the lower-case charset cs reads the
// same decoded: no charset, UTF-8 or ASCII, or printable ASCII (ascii
// says whether the text is) in a charset that writes ASCII as ASCII.
func readsAsIs(cs string, ascii func() bool) bool {
	return cs == "" || cs == "utf-8" || cs == "us-ascii" || asciiCompatible(cs) && ascii()
}

// simpleCharset returns the lower-case value of the charset parameter of
// the Content-Type value ct when the field names it once, in its simple
// form (charset=value or charset="value", with no escapes and no RFC 2231
// continuation), without parsing the field; ok is false otherwise.
func simpleCharset(ct string) (cs string, ok bool) {
	i := indexFold(ct, "charset")
	if i < 0 || indexFold(ct[i+1:], "charset") >= 0 || i == 0 {
		return "", false
	}
	if p := ct[i-1]; p != ';' && p != ' ' && p != '\t' {
		return "", false
	}
	v := ct[i+len("charset"):]
	if len(v) == 0 || v[0] != '=' {
		return "", false
	}
	v = v[1:]
	if len(v) > 0 && v[0] == '"' {
		v = v[1:]
		j := strings.IndexByte(v, '"')
		if j < 0 || strings.IndexByte(v[:j], '\\') >= 0 {
			return "", false
		}
		v = v[:j]
	} else if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	for k := 0; k < len(v); k++ {
		if c := v[k]; !(isLetter(c) || isDigit(c) || c == '-' || c == '_' || c == '.' || c == ':') {
			return "", false
		}
	}
	return strings.ToLower(v), v != ""
}

// asciiCompatible reports whether the lower-case charset name cs is one in
// which printable ASCII reads as ASCII.
func asciiCompatible(cs string) bool {
	for _, p := range asciiCharsets {
		if strings.HasPrefix(cs, p) {
			return true
		}
	}
	return false
}

// knownASCIICharset reports whether the lower-case charset name cs is one
// that go-message's charset package decodes and in which printable ASCII
// reads as ASCII. An encoded word in a charset it does not know is left
// encoded, so only these are taken as they are.
func knownASCIICharset(cs string) bool {
	switch cs {
	case "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8",
		"iso-8859-9", "iso-8859-10", "iso-8859-11", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16",
		"windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255",
		"windows-1256", "windows-1257", "windows-1258", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254",
		"cp1255", "cp1256", "cp1257", "cp1258", "iso-2022-jp", "iso-2022-kr", "shift_jis", "shift-jis",
		"x-sjis", "sjis", "euc-jp", "euc-kr", "gb2312", "gbk", "gb18030", "big5", "koi8-r", "koi8-u":
		return true
	}
	return false
}

// decodeText converts s.text[start:], the text of a part with header h,
// from the part's charset to UTF-8 with go-message's charset package
// (which is golang.org/x/text). Text in plain ASCII is left as it is when
// the charset is one that writes ASCII as ASCII, so that most parts cost no
// decoder. Unknown charsets are read undecoded, as go-message does.
func (s *state) decodeText(h partHeader, start int) {
	raw := s.text[start:]
	ascii := -1 // whether raw is plain ASCII: found out when needed
	isASCII := func() bool {
		if ascii < 0 {
			ascii = 0
			if plainASCII(raw) {
				ascii = 1
			}
		}
		return ascii == 1
	}
	cs := ""
	if ct := h.Get("Content-Type"); containsFold(ct, "charset") {
		if c, ok := simpleCharset(ct); ok && readsAsIs(c, isASCII) && isASCII() {
			// The parameter could not be read otherwise, and with
			// any value the parse may give (c, or none when the field
			// is broken elsewhere) the text reads as it is. (Plain
			// ASCII has no escapes for sniffCharset to go by.)
			return
		}
		cs = strings.ToLower(contentParams(h)["charset"])
	}
	if cs = sniffCharset(cs, raw); readsAsIs(cs, isASCII) {
		return
	}
	d, err := charset.Reader(cs, bytes.NewReader(bytes.Clone(raw)))
	if err != nil || d == nil {
		return
	}
	s.text = s.text[:start]
	if s.lr != nil && len(s.lr.pending) > 0 && holds(s.text, unsafe.SliceData(s.lr.pending)) {
		// The text buffer may hold bytes of the mail not yet read past
		// its end, and decoded text may be longer than the raw: decode
		// into a buffer of its own.
		s.text = append(make([]byte, 0, start+2*len(raw)+512), s.text...)
	}
	s.readText(d)
}

// plainASCII reports whether b holds only printable ASCII, tabs and line
// ends. It looks at eight bytes at a time: only a word with a byte below
// 0x20 or equal to 0x7f is looked at byte by byte.
func plainASCII(b []byte) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		v := binary.LittleEndian.Uint64(b)
		if v&high != 0 {
			return false
		}
		del := v ^ 0x7f*ones
		if (v-0x20*ones)&^v&high != 0 || (del-ones)&^del&high != 0 {
			if !plainBytes(b[:8]) {
				return false
			}
		}
		b = b[8:]
	}
	return plainBytes(b)
}

// plainBytes is plainASCII one byte at a time.
func plainBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x7f || c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			return false
		}
	}
	return true
}

func isEOF(err error) bool {
	return err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// mediaType returns the lower-case media type of h without its parameters,
// without allocating for the common forms.
func mediaType(h interface{ Get(string) string }) string {
	v := trimSpace(h.Get("Content-Type"))
	// QUIRK: "text/plain charset=…" with no semicolon.
	if i := strings.IndexAny(v, "; \t"); i >= 0 {
		v = v[:i]
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(v)
		}
	}
	return v
}

// readString reads at most max bytes of r into the arena and returns them
// as a string kept there (see arena).
func (s *state) readString(r io.Reader, max int) string {
	buf := s.arena.room()
	if cap(buf) < 512 {
		buf = make([]byte, 0, 1024)
	}
	zero := 0
	for len(buf) <= max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), max+1)])
		buf = buf[:len(buf)+n]
		if n == 0 && err == nil {
			if zero++; zero > maxZeroReads {
				break
			}
		}
		if err != nil {
			if !isEOF(err) {
				s.truncated = true
			}
			break
		}
	}
	if len(buf) > max {
		buf = buf[:max]
		s.truncated = true
	}
	if bytes.IndexByte(buf, '\r') >= 0 {
		buf = normalizeNewlines(buf)
	}
	return s.arena.keep(buf)
}

// readStatus keeps the body of a delivery-status part, bounded by
// maxStatusBytes and, with the parts kept before, by maxAllStatusBytes.
func (s *state) readStatus(h partHeader, body io.Reader, depth int) {
	max := min(maxStatusBytes, maxAllStatusBytes-s.statusBytes)
	if max <= 0 {
		s.truncated = true
		return
	}
	if b := s.readString(s.decoded(h, body, depth), max); len(b) > 0 {
		s.status = append(s.status, b)
		s.statusBytes += len(b)
	}
}

// appendText appends the decoded text of a part with header h, bounded by
// maxTextBytes.
func (s *state) appendText(h partHeader, r io.Reader, depth int) {
	adopted := false
	if cap(s.text) == 0 {
		if b := s.lr.spareBuffer(r); b != nil {
			s.text, adopted = b, len(b) > 0
		}
	}
	if len(s.text) >= maxTextBytes {
		s.truncated = true
		return
	}
	if len(s.text) > 0 && !adopted {
		s.text = append(s.text, '\n')
	}
	start := len(s.text)
	if adopted {
		start = 0
	}
	s.readText(r)
	if !s.topDecoded || depth > 0 {
		s.decodeText(h, start)
	}
	// Decoded bodies (base64, charsets) may still carry CR.
	if bytes.IndexByte(s.text[start:], '\r') >= 0 {
		s.text = s.text[:start+len(normalizeNewlines(s.text[start:]))]
	}
}

// readText appends what r holds to s.text, bounded by maxTextBytes.
func (s *state) readText(r io.Reader) {
	zero := 0
	if cap(s.text)-len(s.text) < 512 {
		t := make([]byte, len(s.text), 2*len(s.text)+2048)
		copy(t, s.text)
		s.text = t
	}
	for {
		if len(s.text) == cap(s.text) {
			if len(s.text) >= maxTextBytes {
				s.truncated = true
				return
			}
			s.text = append(s.text, 0)[:len(s.text)]
		}
		n, err := r.Read(s.text[len(s.text):cap(s.text)])
		s.text = s.text[:len(s.text)+n]
		if n == 0 && err == nil {
			if zero++; zero > maxZeroReads {
				s.truncated = true
				return
			}
		}
		if err != nil {
			if !isEOF(err) {
				s.truncated = true
			}
			return
		}
		if len(s.text) > maxTextBytes {
			s.text = s.text[:maxTextBytes]
			s.truncated = true
			return
		}
	}
}

// readOriginal keeps the header block of the returned message and reads
// nothing of its body.
// It returns the bytes it read past the header.
func (s *state) readOriginal(r io.Reader) (tail []byte) {
	max := int(limit64(s.p.MaxHeaderBytes, DefaultMaxHeaderBytes))
	if max > maxStatusBytes {
		max = maxStatusBytes
	}
	// Read into the spare room of the text buffer when there is some:
	// only the string copy of the header is kept.
	buf := s.text[len(s.text):len(s.text)]
	if cap(buf) < 1024 {
		buf = make([]byte, 0, 4096)
	}
	zero := 0
	for len(buf) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		prev := len(buf)
		n, err := r.Read(buf[len(buf):min(cap(buf), max)])
		buf = buf[:len(buf)+n]
		if n == 0 && err == nil {
			if zero++; zero > maxZeroReads {
				break
			}
		}
		// The header ends at a blank line: look for it only when one
		// may have come in (the bytes read before gave no end, and
		// more bytes do not change that).
		if blankLineFrom(buf, prev-min(prev, 2)) {
			if i := headerEnd(buf); i >= 0 {
				buf, tail = buf[:i], buf[i:]
				break
			}
		}
		if err != nil {
			break
		}
	}
	if bytes.IndexByte(buf, '\r') >= 0 {
		buf = normalizeNewlines(buf)
	}
	buf = bytes.TrimLeft(buf, "\n")
	if len(buf) == 0 {
		return tail
	}
	s.origRaw = string(buf)
	s.origFound = true
	return tail
}

// blankLineFrom reports whether b holds an empty line ("\n\n" or
// "\n\r\n") that starts at from or later.
func blankLineFrom(b []byte, from int) bool {
	return bytes.Contains(b[from:], []byte("\n\n")) || bytes.Contains(b[from:], []byte("\n\r\n"))
}

// headerEnd returns the end of the header block in b (the index of the
// blank line), or -1.
// QUIRK(Exchange): a returned header may open with a line of prose and a
// blank line ("Microsoft Mail Internet Headers Version 2.0"); a first
// block of at most two lines with no field in it is skipped over.
func headerEnd(b []byte) int {
	start := 0
	for start < len(b) && (b[start] == '\n' || b[start] == '\r') {
		start++
	}
	skipped := false
	for i := start; i < len(b); i++ {
		k := bytes.IndexByte(b[i:], '\n')
		if k < 0 {
			return -1
		}
		i += k
		j := i + 1
		if j < len(b) && b[j] == '\r' {
			j++
		}
		if j < len(b) && b[j] == '\n' {
			if !skipped && i-start < 200 && bytes.Count(b[start:i], []byte("\n")) < 2 && !hasFieldLine(b[start:i]) {
				skipped = true
				continue
			}
			return i + 1
		}
	}
	return -1
}

// validUTF8 returns s with invalid UTF-8 replaced by U+FFFD; valid strings
// are returned as they are, without a copy.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// returnPath returns the address the mail was delivered to.
func (s *state) returnPath() string {
	for _, v := range [...]string{s.idx.deliveredTo, s.idx.originalTo, s.idx.to} {
		if a, _ := findAddress(v); a != "" {
			return a
		}
	}
	return ""
}

// isReportHeader reports whether the header of an attached message is
// that of a delivery report.
func isReportHeader(h rawHeader) bool {
	ct := h.Get("Content-Type")
	if hasPrefixFold(trimSpace(ct), "multipart/report") && (containsFold(ct, "delivery-status") || !containsFold(ct, "report-type")) {
		return true
	}
	from := h.Get("From")
	return (containsFold(from, "mailer-daemon") || containsFold(from, "postmaster")) &&
		strings.HasPrefix(mediaType(h), "multipart/")
}

// spareBuffer hands over the room past the header for reuse: empty once
// nothing in it is left to read, or holding the unread bytes (moved to its
// front) when the caller is about to read the rest from l itself. When the
// caller reads through a decoder of l (a transfer encoding), the room is
// handed over empty with the unread bytes still in it: a decoder writes no
// more than it has read, so what is written stays behind what l has yet
// to hand out (decodeText, which may write more, takes care of itself). It
// returns nil when the room is not free.
func (l *lineReader) spareBuffer(reader io.Reader) []byte {
	if l == nil || l.spare == nil {
		return nil
	}
	if len(l.pending) > 0 && reader == io.Reader(l) {
		n := copy(l.spare[:cap(l.spare)], l.pending) // copy is memmove-safe
		b := l.spare[:n]
		l.pending, l.spare = nil, nil
		return b
	}
	b := l.spare[:0]
	l.spare = nil
	return b
}

// recorder keeps a copy of what is read through it while on, up to
// maxTextBytes, in *buf.
type recorder struct {
	r   io.Reader
	buf *[]byte
	on  bool
}

// Read implements io.Reader.
func (rc *recorder) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	if rc.on && n > 0 {
		if cap(*rc.buf) == 0 {
			if lr, ok := rc.r.(*lineReader); ok && lr.spare != nil {
				// The recorder only appends what it read, and what is
				// still pending lies further on in the same buffer: it
				// can take the buffer over at once.
				*rc.buf = lr.spare[:0]
				lr.spare = nil
			}
		}
		if len(*rc.buf)+n > maxTextBytes {
			rc.on = false
		} else {
			*rc.buf = append(*rc.buf, p[:n]...)
		}
	}
	return n, err
}

// normalizeNewlines rewrites CRLF and CR to LF in place.
func normalizeNewlines(b []byte) []byte {
	w := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		b[w] = c
		w++
	}
	return b[:w]
}

package dsn

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unsafe"
)

// TestReportsOutliveBuffer parses every testdata mail, keeping each
// report and a snapshot of it, and then checks that the kept reports still
// match their snapshots. Parse reads into a pooled buffer that the next
// Parse reuses, so a report string left pointing into it would change.
func TestReportsOutliveBuffer(t *testing.T) {
	p := &Parser{IDHeader: "X-Campaign-ID"}
	files := testdataFiles(t)
	kept := make([]*Report, len(files))
	snap := make([]string, len(files))
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if kept[i], err = p.Parse(bytes.NewReader(b)); err != nil {
			t.Fatalf("Parse(%s): %v", file, err)
		}
		snap[i] = snapshot(t, kept[i])
	}
	for i, file := range files {
		if got := snapshot(t, kept[i]); got != snap[i] {
			t.Errorf("Parse(%s) later = %s, want %s", filepath.Base(file), got, snap[i])
		}
	}
}

// snapshot returns the fields of r as text.
func snapshot(t *testing.T, r *Report) string {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + r.Original.RawHeader()
}

// TestParseDetaches parses every testdata mail with its own scratch
// space and checks that no string of the Report points into the buffer
// left for the next mail.
func TestParseDetaches(t *testing.T) {
	p := &Parser{IDHeader: "X-Campaign-ID"}
	for _, file := range testdataFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := &scratch{b: make([]byte, 0, 8<<10), arena: make([]byte, 0, 8<<10), mender: bufio.NewReaderSize(nil, menderBufferSize)}
		rep, err := p.parse(bytes.NewReader(b), sc, nil)
		if err != nil {
			t.Fatalf("parse(%s): %v", file, err)
		}
		if path := stringInto(reflect.ValueOf(rep), sc.b, "Report"); path != "" {
			t.Errorf("parse(%s): %s points into the pooled buffer", filepath.Base(file), path)
		}
		if path := stringInto(reflect.ValueOf(rep), sc.arena, "Report"); path != "" {
			t.Errorf("parse(%s): %s points into the pooled arena", filepath.Base(file), path)
		}
	}
}

// TestDetachCoversReport fills every string of a Report, found by
// reflection, with bytes of a buffer and checks that detach copies them
// all out: a string field added to Report must be added to eachString.
func TestDetachCoversReport(t *testing.T) {
	buf := []byte(strings.Repeat("x", 64))
	rep := &Report{
		Recipients: make([]Recipient, 2),
		Feedback: &Feedback{
			OriginalRcptTo: make([]string, 2),
			ReportedDomain: make([]string, 1),
			ReportedURI:    make([]string, 1),
		},
	}
	n := fillStrings(reflect.ValueOf(rep), view(buf[:3]))
	if n < 25 {
		t.Fatalf("fillStrings set %d strings, want at least 25", n)
	}
	if path := stringInto(reflect.ValueOf(rep), buf, "Report"); path == "" {
		t.Fatal("fillStrings left no string in the buffer")
	}
	detach(rep, buf)
	if path := stringInto(reflect.ValueOf(rep), buf, "Report"); path != "" {
		t.Errorf("detach left %s pointing into the buffer", path)
	}
	if rep.Recipients[1].Diagnostic != "xxx" || rep.Original.raw != "xxx" {
		t.Errorf("detach changed the values: %q, %q", rep.Recipients[1].Diagnostic, rep.Original.raw)
	}
}

// settable returns v, which may be an unexported field, as a settable
// value.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// fillStrings sets every string reachable from v to s and returns how
// many it set.
func fillStrings(v reflect.Value, s string) int {
	switch v.Kind() {
	case reflect.String:
		settable(v).SetString(s)
		return 1
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return fillStrings(v.Elem(), s)
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return 0
		}
		n := 0
		for i := 0; i < v.NumField(); i++ {
			n += fillStrings(v.Field(i), s)
		}
		return n
	case reflect.Slice, reflect.Array:
		n := 0
		for i := 0; i < v.Len(); i++ {
			n += fillStrings(v.Index(i), s)
		}
		return n
	}
	return 0
}

// stringInto returns the path of a string reachable from v whose bytes
// lie in buf (up to its capacity), or "".
func stringInto(v reflect.Value, buf []byte, path string) string {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if s == "" || cap(buf) == 0 {
			return ""
		}
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf[:1])))
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if lo <= p && p < lo+uintptr(cap(buf)) {
			return path
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return stringInto(v.Elem(), buf, path)
		}
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return ""
		}
		for i := 0; i < v.NumField(); i++ {
			if p := stringInto(v.Field(i), buf, path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p := stringInto(v.Index(i), buf, path+"["+string(rune('0'+i%10))+"]"); p != "" {
				return p
			}
		}
	}
	return ""
}

// TestDecodedTextKeepsUnreadMail parses a report whose first part is text
// that grows when decoded (ISO-8859-1 letters become two bytes of UTF-8),
// while the parts after it are still unread in the same buffer: decoding
// must not overwrite them.
func TestDecodedTextKeepsUnreadMail(t *testing.T) {
	for _, n := range []int{10, 3000, 4000, 5000, 6000, 7000, 9000} {
		var b bytes.Buffer
		b.WriteString("From: MAILER-DAEMON@example.org\nTo: sender@example.net\nSubject: Undelivered Mail\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n" +
			"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n")
		b.Write(bytes.Repeat([]byte{0xe9}, n))
		// A part that is skipped, so that what follows it is read only
		// after the text is decoded.
		b.WriteString("\n--b\nContent-Type: application/octet-stream\n\n")
		b.WriteString(strings.Repeat("0123456789abcdef\n", 300))
		b.WriteString("\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
			"Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.1.1\n\n--b\n" +
			"Content-Type: text/rfc822-headers\n\nMessage-ID: <1@example.net>\nSubject: hi\n\n--b--\n")
		rep, err := Parse(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("Parse(%d letters): %v", n, err)
		}
		if len(rep.Recipients) != 1 || rep.Recipients[0].FinalRecipient != "user@example.com" || rep.Original.MessageID != "1@example.net" {
			t.Errorf("Parse(%d letters) = %+v, %q; want user@example.com, 1@example.net", n, rep.Recipients, rep.Original.MessageID)
		}
	}
}

// TestCharsetReaderWords decodes RFC 2047 words through charsetReader:
// words in plain ASCII in a known charset are taken as they are, others
// are decoded, and words in a charset go-message does not know stay
// encoded.
func TestCharsetReaderWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=?iso-8859-15?Q?Undelivered_Mail?=", "Undelivered Mail"},
		{"=?ISO-8859-15?B?VW5kZWxpdmVyZWQ=?=", "Undelivered"},
		{"=?iso-8859-15?Q?non_remis_=E0?=", "non remis à"},
		{"=?windows-1252?Q?=80_due?=", "€ due"},
		{"=?iso-2022-jp?B?GyRCJWEhPCVrGyhC?=", "メール"},
		{"=?iso-8859-12?Q?Undelivered?=", "=?iso-8859-12?Q?Undelivered?="},
		{"=?x-unknown?Q?Undelivered?=", "=?x-unknown?Q?Undelivered?="},
	}
	for _, tt := range tests {
		if got := decodeWords(tt.in); got != tt.want {
			t.Errorf("decodeWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTopTextInPlace reads mails whose top-level body is text in a
// transfer encoding, of sizes around the pooled buffer's, and checks the
// decoded text: it is decoded into the room past the header while the
// rest of the mail is still unread in the same room.
func TestTopTextInPlace(t *testing.T) {
	for _, size := range []int{100, 5000, 15000, 40000} {
		var text strings.Builder
		for i := 0; text.Len() < size; i++ {
			fmt.Fprintf(&text, "line %d: <user%d@example.com>: 550 5.1.1 unknown = user\n", i, i)
		}
		want := text.String()
		var b64 strings.Builder
		enc := base64.StdEncoding.EncodeToString([]byte(want))
		for len(enc) > 76 {
			b64.WriteString(enc[:76] + "\n")
			enc = enc[76:]
		}
		b64.WriteString(enc + "\n")
		var qp bytes.Buffer
		w := quotedprintable.NewWriter(&qp)
		w.Write([]byte(want))
		w.Close()
		for _, tt := range []struct{ cte, body string }{
			{"base64", b64.String()},
			{"quoted-printable", qp.String()},
			{"7bit", want},
		} {
			mail := "From: MAILER-DAEMON@example.org\nSubject: failure notice\n" +
				"Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: " + tt.cte + "\n\n" + tt.body
			sc := &scratch{b: make([]byte, 0, 16<<10)}
			lr := &sc.lr
			*lr = lineReader{r: strings.NewReader(mail), n: DefaultMaxBytes}
			h, err := readRawHeader(lr, DefaultMaxHeaderBytes, sc.b)
			if err != nil {
				t.Fatal(err)
			}
			s := &sc.st
			(&Parser{}).initState(s, h)
			s.lr = lr
			s.walk(&mimeHeader{contentType: s.idx.contentType, cte: s.idx.cte}, lr, 0)
			if got := string(s.text); got != want {
				t.Errorf("walk(%s, %d bytes) text = %d bytes, want %d (first difference at %d)", tt.cte, size, len(got), len(want), firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestSimpleCharset reads the charset parameter of Content-Type values
// that simpleCharset handles, and refuses the others (which are parsed).
func TestSimpleCharset(t *testing.T) {
	valid := []struct{ in, want string }{
		{`text/plain; charset=us-ascii`, "us-ascii"},
		{`text/plain; charset="ISO-8859-1"`, "iso-8859-1"},
		{`text/plain;charset=utf-8; format=flowed`, "utf-8"},
		{"text/plain;\tcharset=Windows-1252", "windows-1252"},
		{`text/plain; format=flowed; charset="iso-2022-jp"; delsp=yes`, "iso-2022-jp"},
	}
	for _, tt := range valid {
		if got, ok := simpleCharset(tt.in); !ok || got != tt.want {
			t.Errorf("simpleCharset(%q) = %q, %v, want %q, true", tt.in, got, ok, tt.want)
		}
	}
	invalid := []string{
		`text/plain`,
		`text/plain; charset=`,
		`text/plain; charset = utf-8`,
		`text/plain; charset*=utf-8''x`,
		`text/plain; charset*0="us-ascii"`,
		`text/plain; charset="a\"b"`,
		`text/plain; charset="utf-8`,
		`text/plain; xcharset=utf-8`,
		`text/plain; charset=utf-8; charset=utf-16`,
		`text/plain; name="charset.txt"; charset=utf-8`,
		`text/plain; charset=utf-8(comment)`,
	}
	for _, in := range invalid {
		if got, ok := simpleCharset(in); ok {
			t.Errorf("simpleCharset(%q) = %q, true, want false", in, got)
		}
	}
}

// TestArenaJoinLines joins folded values in arenas with no room, too
// little and enough, and checks that each kept string stays as it was
// while later ones are kept.
func TestArenaJoinLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  one line  ", "one line"},
		{"multipart/report;\n\treport-type=delivery-status;\n\tboundary=\"b\"", `multipart/report; report-type=delivery-status; boundary="b"`},
		{"a\n\n  b \n", "a b"},
		{"Undelivered:\n =?utf-8?Q?x?=", "Undelivered: =?utf-8?Q?x?="},
	}
	for _, size := range []int{0, 8, 1 << 10} {
		a := arena{b: make([]byte, 0, size)}
		var kept []string
		for _, tt := range tests {
			got := a.joinLines(tt.in)
			if got != tt.want {
				t.Errorf("arena(%d).joinLines(%q) = %q, want %q", size, tt.in, got, tt.want)
			}
			kept = append(kept, got)
		}
		for i, tt := range tests {
			if kept[i] != tt.want {
				t.Errorf("arena(%d): kept %q changed to %q", size, tt.want, kept[i])
			}
		}
		if got := joinLines(tests[2].in); got != tests[2].want {
			t.Errorf("joinLines(%q) = %q, want %q", tests[2].in, got, tests[2].want)
		}
	}
}

// overwriter is a mail that fills the scratch space (header, text, arena)
// with other bytes when parsed after another.
var overwriter = func() string {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@example.org\nSubject: x")
	for i := 0; i < 200; i++ {
		b.WriteString("\n\tzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")
	}
	b.WriteString("\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n\n")
	b.WriteString(strings.Repeat("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n", 700))
	b.WriteString("\n--b\nContent-Type: message/delivery-status\n\n")
	b.WriteString(strings.Repeat("X-Q: qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n", 200))
	b.WriteString("\n--b--\n")
	return b.String()
}()

// FuzzReportOutlivesBuffer parses a mail, then another that overwrites the
// scratch space, and checks that the first report did not change: every
// string of a Report that pointed into the scratch space must have been
// copied out.
func FuzzReportOutlivesBuffer(f *testing.F) {
	for _, file := range testdataFiles(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p := &Parser{IDHeader: "X-Campaign-ID"}
		// The scratch space Parse takes from the pool, with its
		// readers, so that the fuzzer covers the pooled mender too.
		sc := scratchPool.New().(*scratch)
		rep, err := p.parse(bytes.NewReader(in), sc, nil)
		if err != nil {
			return
		}
		want := snapshot(t, rep)
		if _, err := p.parse(strings.NewReader(overwriter), sc, nil); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, rep); got != want {
			t.Errorf("report changed after the next parse:\n%s\nwant\n%s", got, want)
		}
	})
}

// TestLineReaderChunks reads texts of mixed line ends through lineReader
// in reads of every size from 1 to 9 bytes and checks that each comes
// out with LF line ends only, as normalizeNewlines makes them.
func TestLineReaderChunks(t *testing.T) {
	tests := []string{
		"", "a", "\r", "\n", "\r\n", "\n\r", "a\r\nb\r\n", "a\rb\rc", "a\nb\n", "\r\r\n\n\r",
		"From: x\r\nTo: y\r\n\r\nbody\r\nmore\rlast", strings.Repeat("line one\r\nline two\n\r", 40),
	}
	for _, in := range tests {
		want := string(normalizeNewlines([]byte(in)))
		for size := 1; size <= 9; size++ {
			lr := &lineReader{r: iotest.OneByteReader(strings.NewReader(in)), n: DefaultMaxBytes}
			if size > 1 {
				lr.r = strings.NewReader(in)
			}
			var got []byte
			p := make([]byte, size)
			for i := 0; i < 10000; i++ {
				n, err := lr.Read(p)
				got = append(got, p[:n]...)
				if err != nil {
					break
				}
			}
			if string(got) != want {
				t.Errorf("lineReader(%q) in reads of %d = %q, want %q", in, size, got, want)
			}
		}
	}
}

// TestReadOriginalChunks reads returned headers in reads of every size
// from 1 to 9 bytes: where the header ends must not depend on how it
// arrives.
func TestReadOriginalChunks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"From: a\nTo: b\n\nbody\n", "From: a\nTo: b\n"},
		{"\n\nFrom: a\n\nbody", "From: a\n"},
		{"Microsoft Mail Internet Headers Version 2.0\n\nFrom: a\nTo: b\n\nbody", "Microsoft Mail Internet Headers Version 2.0\n\nFrom: a\nTo: b\n"},
		{"From: a\r\nTo: b\r\n\r\nbody", "From: a\nTo: b\n"},
		{"From: a\nTo: b\n", "From: a\nTo: b\n"},
	}
	for _, tt := range tests {
		for size := 1; size <= 9; size++ {
			s := &state{p: &Parser{}}
			s.readOriginal(iotest.HalfReader(&chunkReader{s: tt.in, n: size}))
			if s.origRaw != tt.want {
				t.Errorf("readOriginal(%q) in reads of %d = %q, want %q", tt.in, size, s.origRaw, tt.want)
			}
		}
	}
}

// chunkReader reads s at most n bytes at a time.
type chunkReader struct {
	s string
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), r.n)], r.s)
	r.s = r.s[k:]
	return k, nil
}

// TestPlainASCII compares plainASCII, which reads words, with the byte
// by byte check on every byte value at every position of a word and on
// texts of every length up to 40.
func TestPlainASCII(t *testing.T) {
	base := []byte("Delivery to the following recipient failed:\n\tuser@example.com\r\n\f")
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 24; pos++ {
			b := bytes.Clone(base[:24])
			b[pos] = byte(c)
			if got, want := plainASCII(b), plainBytes(b); got != want {
				t.Errorf("plainASCII(%q) = %v, want %v", b, got, want)
			}
		}
	}
	for n := 0; n <= 40; n++ {
		b := base[:min(n, len(base))]
		if got, want := plainASCII(b), plainBytes(b); got != want {
			t.Errorf("plainASCII(%q) = %v, want %v", b, got, want)
		}
	}
}

// TestParseConcurrent parses the testdata mails from several goroutines at
// once, each in its own order, so that pooled scratch space passes between
// goroutines, and checks every report against the one parsed alone. Run
// under -race, it also checks that no scratch space is shared.
func TestParseConcurrent(t *testing.T) {
	p := &Parser{IDHeader: "X-Campaign-ID"}
	files := testdataFiles(t)
	mails := make([][]byte, len(files))
	want := make([]string, len(files))
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := p.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("Parse(%s): %v", file, err)
		}
		mails[i], want[i] = b, snapshot(t, rep)
	}
	const workers = 4
	got := make([][]*Report, workers)
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			reps := make([]*Report, len(mails))
			for k := range mails {
				// Worker w starts at its own offset; odd ones go
				// backwards.
				i := (k + w*len(mails)/workers) % len(mails)
				if w%2 == 1 {
					i = len(mails) - 1 - i
				}
				rep, err := p.Parse(bytes.NewReader(mails[i]))
				if err != nil {
					errs <- fmt.Errorf("Parse(%s): %w", filepath.Base(files[i]), err)
					return
				}
				reps[i] = rep
			}
			got[w] = reps
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for w, reps := range got {
		for i, rep := range reps {
			if s := snapshot(t, rep); s != want[i] {
				t.Errorf("worker %d: Parse(%s) = %s, want %s", w, filepath.Base(files[i]), s, want[i])
			}
		}
	}
}

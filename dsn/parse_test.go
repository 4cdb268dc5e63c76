package dsn

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/emersion/go-message"
)

var update = flag.Bool("update", false, "rewrite the golden .json files in testdata")

// golden is the part of a Report that the golden files pin: what dsn
// itself extracts. Reasons come from package bounce and are tested where
// dsn decides them (TestDecidedReasons).
type golden struct {
	Kind       Kind              `json:"kind"`
	MTA        string            `json:"mta"`
	Reporting  string            `json:"reporting_mta,omitempty"`
	Recipients []goldenRecipient `json:"recipients"`
	MessageID  string            `json:"message_id,omitempty"`
	Subject    string            `json:"subject,omitempty"`
	ID         string            `json:"id,omitempty"`
	Truncated  bool              `json:"truncated,omitempty"`
}

type goldenRecipient struct {
	Recipient  string `json:"recipient"`
	Original   string `json:"original,omitempty"`
	Action     Action `json:"action"`
	Status     string `json:"status"`
	ReplyCode  int    `json:"reply_code,omitempty"`
	RemoteMTA  string `json:"remote_mta,omitempty"`
	Command    string `json:"command,omitempty"`
	Diagnostic string `json:"diagnostic,omitempty"`
}

func toGolden(r *Report) golden {
	g := golden{Kind: r.Kind, MTA: r.MTA, Reporting: r.ReportingMTA, MessageID: r.Original.MessageID,
		Subject: r.Original.Subject, ID: r.Original.ID, Truncated: r.Truncated, Recipients: []goldenRecipient{}}
	for _, rc := range r.Recipients {
		g.Recipients = append(g.Recipients, goldenRecipient{
			Recipient: rc.FinalRecipient, Original: rc.OriginalRecipient, Action: rc.Action,
			Status: rc.Status.String(), ReplyCode: rc.Result.ReplyCode, RemoteMTA: rc.RemoteMTA,
			Command: string(rc.Command), Diagnostic: rc.Diagnostic,
		})
	}
	return g
}

func testdataFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	return files
}

// TestGolden parses every testdata/*.eml and compares the result with the
// .json beside it; go test ./dsn -update rewrites them.
func TestGolden(t *testing.T) {
	p := &Parser{IDHeader: "X-Campaign-ID"}
	for _, file := range testdataFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := p.Parse(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Parse(%s) error: %v", file, err)
			}
			got, _ := json.MarshalIndent(toGolden(rep), "", "  ")
			got = append(got, '\n')
			gf := strings.TrimSuffix(file, ".eml") + ".json"
			if *update {
				if err := os.WriteFile(gf, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(gf)
			if err != nil {
				t.Fatalf("missing golden file (run go test -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Parse(%s) =\n%s\nwant\n%s", file, got, want)
			}
		})
	}
}

// TestLineEnds checks that CRLF and CR-only copies of every sample give
// the same report as the LF original: the same recipients, fields and
// decisions (reason, category, advice).
func TestLineEnds(t *testing.T) {
	for _, file := range testdataFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		wj := reportJSON(want)
		for _, nl := range []string{"\r\n", "\r"} {
			got, err := Parse(bytes.NewReader(withLineEnds(data, nl)))
			if err != nil {
				t.Errorf("Parse(%s with %q) error: %v", file, nl, err)
				continue
			}
			if gj := reportJSON(got); gj != wj {
				t.Errorf("Parse(%s with %q) = %s, want %s", file, nl, gj, wj)
			}
		}
	}
}

// withLineEnds returns mail with every line end (LF, CRLF or CR) turned
// into nl.
func withLineEnds(mail []byte, nl string) []byte {
	lf := bytes.ReplaceAll(bytes.ReplaceAll(mail, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	return bytes.ReplaceAll(lf, []byte("\n"), []byte(nl))
}

// reportJSON is what the line-end tests compare: the golden view of a
// report and every recipient's decision.
func reportJSON(r *Report) string {
	results := make([]bounce.Result, len(r.Recipients))
	for i, rc := range r.Recipients {
		results[i] = rc.Result
	}
	b, _ := json.Marshal(struct {
		Report  golden
		Results []bounce.Result
	}{toGolden(r), results})
	return string(b)
}

// TestDecidedReasons covers the reasons that dsn itself decides, from the
// report format rather than from the text rules of package bounce.
func TestDecidedReasons(t *testing.T) {
	tests := []struct {
		file string
		want bounce.Reason
		cat  bounce.Category
	}{
		{"arf-abuse.eml", bounce.ReasonFeedback, bounce.Spam},
		{"jmrp-complaint.eml", bounce.ReasonFeedback, bounce.Spam},
		{"autoreply-vacation.eml", bounce.ReasonVacation, ""},
		{"postfix-x-unix-mailererror.eml", bounce.ReasonMailerError, bounce.Soft},
		{"au-filtered-rule.eml", bounce.ReasonFiltered, bounce.Spam}, // family hint
		{"exim-malformed-address.eml", bounce.ReasonSyntaxError, bounce.Soft},
		{"smail-hostunknown.eml", bounce.ReasonHostUnknown, bounce.Hard},
		{"sendmail-x-unix-exitstatus.eml", bounce.ReasonMailerError, bounce.Soft}, // exit status, reply from the transcript
		{"exim-5.7.1-blocked.eml", "", ""},                                        // MAIL FROM refused: never a user problem
		{"qmail-5.1.1-nomailbox.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"mcafee-filtered.eml", bounce.ReasonFiltered, bounce.Spam},      // "unknown user" from a filter, no RCPT context
		{"mfilter-filtered.eml", bounce.ReasonFiltered, bounce.Spam},     // refused after DATA
		{"notes-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard}, // family hint
		{"imail-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard}, // family hint on a label
		{"trendmicro-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"opensmtpd-expired.eml", bounce.ReasonExpired, bounce.Soft},
		{"exim-4.0.0-retrytimeout.eml", bounce.ReasonExpired, bounce.Soft}, // weak hint, nothing more specific
		{"googlegroups-rejected.eml", bounce.ReasonRejected, bounce.Spam},
		{"exchange2003-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"postfix-4.4.1-delayed.eml", "", ""}, // a delay is never hard
		{"postfix-delay-textonly.eml", "", ""},
		{"postfix-2.0.0-delivered-base64.eml", bounce.ReasonDelivered, ""},
		{"outlook-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"mms-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"au-mailboxfull-iso2022jp.eml", bounce.ReasonMailboxFull, bounce.Soft},
		{"japan-mailboxfull-nondelivered.eml", bounce.ReasonMailboxFull, bounce.Soft},
		{"barracuda-spamdetected.eml", bounce.ReasonSpamDetected, bounce.Spam},
		{"icloud-5.1.1-userunknown.eml", bounce.ReasonUserUnknown, bounce.Hard},
		{"fml-rejected-notmember.eml", bounce.ReasonRejected, bounce.Spam},
		{"webmailer-rcpt-rejected.eml", bounce.ReasonUserUnknown, bounce.Hard},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Parse(bytes.NewReader(data))
		if err != nil || len(rep.Recipients) == 0 {
			t.Fatalf("Parse(%s) = %v, %v; want recipients", tt.file, rep, err)
		}
		res := rep.Recipients[0].Result
		if tt.want == "" {
			if res.Category == bounce.Hard || res.Suppress {
				t.Errorf("Parse(%s).Result = %+v, want not hard", tt.file, res)
			}
			continue
		}
		if res.Reason != tt.want || res.Category != tt.cat {
			t.Errorf("Parse(%s).Result = %s/%s, want %s/%s", tt.file, res.Category, res.Reason, tt.cat, tt.want)
		}
	}
}

func TestReportFields(t *testing.T) {
	data, err := os.ReadFile("testdata/postfix-5.1.1-userunknown.eml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := (&Parser{IDHeader: "X-Campaign-ID"}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kind != Bounce || rep.ReportingMTA != "mx1.example.org" || rep.ArrivalDate.IsZero() {
		t.Errorf("Parse() = kind %q, reporting %q, arrival %v", rep.Kind, rep.ReportingMTA, rep.ArrivalDate)
	}
	if rcpt, ok := DecodeVERP(rep.ReturnPath); !ok || rcpt != "alice@example.com" {
		t.Errorf("DecodeVERP(ReturnPath %q) = %q, %v; want alice@example.com, true", rep.ReturnPath, rcpt, ok)
	}
	o := rep.Original
	if o.MessageID != "campaign-42.alice@mail.example.net" || o.ID != "spring-2026" || o.Subject != "こんにちは" || o.Date.IsZero() {
		t.Errorf("Original = %+v", o)
	}
	h, err := o.Header()
	if err != nil || h.Get("From") != "News <news@example.net>" {
		t.Errorf("Original.Header() = From %q, %v; want News <news@example.net>", h.Get("From"), err)
	}
	rc := rep.Recipients[0]
	if rc.Command != CommandRCPT || rc.RemoteMTA != "mx.example.com" || rc.DiagnosticType != "smtp" {
		t.Errorf("Recipient = %+v", rc)
	}

	data, _ = os.ReadFile("testdata/arf-abuse.eml")
	rep, err = Parse(bytes.NewReader(data))
	if err != nil || rep.Feedback == nil {
		t.Fatalf("Parse(arf) = %v, %v", rep, err)
	}
	fb := rep.Feedback
	if fb.FeedbackType != "abuse" || fb.UserAgent != "ExampleFBL/1.0" || fb.SourceIP != "192.0.2.70" ||
		fb.OriginalMailFrom != "bounces@example.net" || len(fb.OriginalRcptTo) != 1 || len(fb.ReportedDomain) != 1 || fb.ArrivalDate.IsZero() {
		t.Errorf("Feedback = %+v", fb)
	}

	data, _ = os.ReadFile("testdata/postfix-2.0.0-delivered-base64.eml")
	rep, _ = Parse(bytes.NewReader(data))
	if rep.Kind != Delivery || rep.Recipients[0].Action != Delivered || rep.Recipients[0].Result.Failed() {
		t.Errorf("Parse(delivered) = kind %q, %+v", rep.Kind, rep.Recipients)
	}

	data, _ = os.ReadFile("testdata/postfix-delay-textonly.eml")
	rep, _ = Parse(bytes.NewReader(data))
	if rep.Kind != Delay || rep.Recipients[0].Action != Delayed {
		t.Errorf("Parse(text-only delay) = kind %q, %+v", rep.Kind, rep.Recipients)
	}

	data, _ = os.ReadFile("testdata/postfix-4.4.1-delayed.eml")
	rep, _ = Parse(bytes.NewReader(data))
	if rep.Kind != Delay || rep.Recipients[0].WillRetryUntil.IsZero() || !rep.Recipients[0].Result.Retry {
		t.Errorf("Parse(delayed) = kind %q, %+v", rep.Kind, rep.Recipients)
	}
}

func TestVERP(t *testing.T) {
	tests := []struct{ base, rcpt, want string }{
		{"bounces@mail.example.org", "user@example.com", "bounces+user=example.com@mail.example.org"},
		{"b@example.net", "first.last@sub.example.com", "b+first.last=sub.example.com@example.net"},
	}
	for _, tt := range tests {
		if got := EncodeVERP(tt.base, tt.rcpt); got != tt.want {
			t.Errorf("EncodeVERP(%q, %q) = %q, want %q", tt.base, tt.rcpt, got, tt.want)
		}
		if got, ok := DecodeVERP("<" + tt.want + ">"); !ok || got != tt.rcpt {
			t.Errorf("DecodeVERP(%q) = %q, %v, want %q, true", tt.want, got, ok, tt.rcpt)
		}
	}
	for _, bad := range []string{"", "bounces@example.org", "bounces+noequals@example.org", "bounces+x=@example.org", "nodomain"} {
		if got, ok := DecodeVERP(bad); ok || got != "" {
			t.Errorf("DecodeVERP(%q) = %q, %v, want \"\", false", bad, got, ok)
		}
	}
}

func TestLimits(t *testing.T) {
	big := "Subject: x\n" + strings.Repeat("X-Pad: "+strings.Repeat("a", 70)+"\n", 2000) + "\nbody\n"
	_, err := (&Parser{MaxHeaderBytes: 4096}).Parse(strings.NewReader(big))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse(header over MaxHeaderBytes) error = %v, want ErrTooLarge", err)
	}
	if _, err := (&Parser{MaxHeaderBytes: -1}).Parse(strings.NewReader(big)); err != nil {
		t.Errorf("Parse(MaxHeaderBytes -1) error = %v, want nil", err)
	}

	data, _ := os.ReadFile("testdata/postfix-5.1.1-userunknown.eml")
	rep, err := (&Parser{MaxBytes: 1500}).Parse(bytes.NewReader(data))
	if err != nil || !rep.Truncated {
		t.Errorf("Parse(MaxBytes 1500) = truncated %v, %v; want truncated", rep != nil && rep.Truncated, err)
	}

	// Deep nesting stops at MaxDepth.
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n")
	for i := 0; i < 50; i++ {
		b.WriteString("Content-Type: multipart/mixed; boundary=\"b" + string(rune('a'+i%26)) + strings.Repeat("x", i) + "\"\n\n--b" + string(rune('a'+i%26)) + strings.Repeat("x", i) + "\n")
	}
	b.WriteString("Content-Type: text/plain\n\n<x@example.com>: 550 5.1.1 unknown\n")
	rep, err = (&Parser{MaxDepth: 4}).Parse(strings.NewReader(b.String()))
	if err != nil || !rep.Truncated {
		t.Errorf("Parse(deep nesting, MaxDepth 4) = %v, %v; want truncated report", rep, err)
	}

	// Many parts stop at MaxParts.
	b.Reset()
	b.WriteString("From: MAILER-DAEMON@example.org\nContent-Type: multipart/mixed; boundary=\"p\"\n\n")
	for i := 0; i < 300; i++ {
		b.WriteString("--p\nContent-Type: text/plain\n\nx\n")
	}
	b.WriteString("--p--\n")
	rep, err = (&Parser{MaxParts: 10}).Parse(strings.NewReader(b.String()))
	if err != nil || !rep.Truncated {
		t.Errorf("Parse(300 parts, MaxParts 10) = %v, %v; want truncated report", rep, err)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"garbage", "\x00\x01\x02 not a mail"},
		{"no body", "Subject: hi\n"},
		{"truncated multipart", "From: MAILER-DAEMON@example.org\nContent-Type: multipart/report; boundary=\"z\"\n\n--z\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStat"},
		{"invalid utf-8", "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n\n<a@example.com>: 550 \xff\xfe bad\n"},
		{"unknown charset", "From: MAILER-DAEMON@example.org\nContent-Type: text/plain; charset=x-nonesuch\n\n<a@example.com>: 550 5.1.1 unknown\n"},
	}
	for _, tt := range tests {
		rep, err := Parse(strings.NewReader(tt.in))
		if err == nil && rep == nil {
			t.Errorf("Parse(%s) = nil, nil", tt.name)
		}
		if rep != nil {
			for _, rc := range rep.Recipients {
				if !utf8.ValidString(rc.FinalRecipient) {
					t.Errorf("Parse(%s) recipient %q is not UTF-8", tt.name, rc.FinalRecipient)
				}
			}
		}
	}
}

func TestParseEntity(t *testing.T) {
	if _, err := ParseEntity(nil); err == nil {
		t.Error("ParseEntity(nil) error = nil, want an error")
	}
	// An entity read with go-message gives the report Parse gives.
	for _, file := range testdataFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		e, err := message.Read(bytes.NewReader(data))
		if e == nil {
			t.Logf("message.Read(%s): %v", file, err)
			continue
		}
		got, err := ParseEntity(e)
		if err != nil {
			t.Errorf("ParseEntity(%s) error = %v", file, err)
			continue
		}
		want, _ := Parse(bytes.NewReader(data))
		if len(got.Recipients) != len(want.Recipients) || got.Kind != want.Kind {
			t.Errorf("ParseEntity(%s) = %q with %d recipients, want %q with %d", file, got.Kind, len(got.Recipients), want.Kind, len(want.Recipients))
			continue
		}
		for i := range got.Recipients {
			g, w := got.Recipients[i], want.Recipients[i]
			if g.FinalRecipient != w.FinalRecipient || g.Status != w.Status || g.Result.Reason != w.Result.Reason {
				t.Errorf("ParseEntity(%s) recipient %d = %s %v %s, want %s %v %s", file, i,
					g.FinalRecipient, g.Status, g.Result.Reason, w.FinalRecipient, w.Status, w.Result.Reason)
			}
		}
	}
}

// FuzzParse checks that Parse never panics, returns either a report or an
// error, and keeps recipients' addresses and statuses sane.
func FuzzParse(f *testing.F) {
	for _, file := range testdataFiles(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// The shape of the hostile mails of TestHostilePartHeaders: a part
	// header of many short fields, over MaxHeaderBytes.
	hostile := "From: MAILER-DAEMON@example.org\nContent-Type: multipart/report; boundary=\"b\"\n\n" +
		"--b\nContent-Type: text/plain\n" + strings.Repeat("X-Repeat: a\n", 30_000) +
		"\n<a@example.com>: 550 5.1.1 unknown\n--b--\n"
	f.Add([]byte(hostile))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := (&Parser{MaxBytes: 1 << 20}).Parse(bytes.NewReader(data))
		if err != nil {
			if rep != nil {
				t.Fatalf("Parse() = %v, %v: report with an error", rep, err)
			}
			return
		}
		if rep == nil {
			t.Fatal("Parse() = nil, nil")
		}
		for _, rc := range rep.Recipients {
			if s := rc.Status.String(); s != "" {
				if c, err := bounce.ParseCode(s); err != nil || c != rc.Status {
					t.Fatalf("status %v does not round-trip: %v", rc.Status, err)
				}
			}
			if len(rc.Diagnostic) > 64<<10 {
				t.Fatalf("diagnostic of %d bytes", len(rc.Diagnostic))
			}
			if !utf8.ValidString(rc.FinalRecipient) || !utf8.ValidString(rc.Diagnostic) {
				t.Fatalf("recipient %q / diagnostic %q is not valid UTF-8", rc.FinalRecipient, rc.Diagnostic)
			}
		}
	})
}

var _ = io.EOF

func TestIndexFold(t *testing.T) {
	tests := []struct {
		s, sub string
		want   int
	}{
		{"Hello World", "world", 6},
		{"hello world", "world", 6},
		{"WORLD", "world", 0},
		{"wor", "world", -1},
		{"", "a", -1},
		{"abc", "", 0},
		{"xxRcPt To:", "rcpt to:", 2},
		{"550-5.7.1", "-5.7", 3},
		{strings.Repeat("a", 1000) + "B", "ab", 999},
	}
	for _, tt := range tests {
		if got := indexFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tt.s, tt.sub, got, tt.want)
		}
	}
}

// TestNotReport checks that ordinary mail gives a NotReport with no
// recipients and no error, even when it names addresses or comes from a
// provider whose bounces the engine knows.
func TestNotReport(t *testing.T) {
	tests := []struct{ name, in string }{
		{"provider user", "From: Hana <hana@docomo.ne.jp>\nTo: friend@example.com\nSubject: hi\n\nMy new address:\n\nhana2@example.jp\n\nSee you.\n"},
		{"icloud user", "From: Ken <ken@icloud.com>\nTo: friend@example.com\nSubject: lunch\n\n<ken2@example.org>: my work address\n"},
		{"forwarded message", "From: a@example.com\nTo: b@example.com\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee below\n--b\nContent-Type: message/rfc822\n\nFrom: c@example.com\nTo: a@example.com\nSubject: orig\n\nhello\n--b--\n"},
		{"newsletter", "From: News <no-reply@news.example.com>\nTo: b@example.com\nSubject: Weekly\n\nContact us:\n  help@example.com\n"},
		{"office 365 user", "From: Mia <mia@tenant.example.com>\nTo: b@example.com\nSubject: contacts\nX-MS-Exchange-CrossTenant-OriginalArrivalTime: 01 Apr 2026 10:00:00.0000 (UTC)\nX-MS-TNEF-Correlator: \n\nPlease write to\n\n<sales@example.com>: orders\nsupport@example.com\n"},
		{"list post", "From: Ann <ann@example.org>\nTo: cats@lists.example.org\nSubject: meeting\nX-MLServer: fml [fml 4.0.3]\nX-NAI-Header: scanned\n\nnew member:\nbob@example.org\n"},
		{"quoted reply", "From: a@example.com\nTo: b@example.com\nSubject: Re: plans\n\nSounds good.\n\n> On Monday b wrote:\n> Please add\n> c@example.com\n> d@example.com\n> to the list\n> thanks\n"},
		{"auto-submitted notice", "From: robot@example.com\nTo: b@example.com\nSubject: Your order\nAuto-Submitted: auto-generated\n\nOrder 1 shipped to\nb@example.com\n"},
	}
	for _, tt := range tests {
		rep, err := Parse(strings.NewReader(tt.in))
		if err != nil {
			t.Errorf("Parse(%s) error = %v, want nil", tt.name, err)
			continue
		}
		if rep.Kind != NotReport || len(rep.Recipients) != 0 {
			t.Errorf("Parse(%s) = kind %q, %d recipients; want NotReport, 0", tt.name, rep.Kind, len(rep.Recipients))
		}
	}
}

// repeatReader yields a header and then n bytes of body lines.
type repeatReader struct {
	head []byte
	line []byte
	n    int64
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if len(r.head) > 0 {
		n := copy(p, r.head)
		r.head = r.head[n:]
		return n, nil
	}
	if r.n <= 0 {
		return 0, io.EOF
	}
	w := 0
	for w < len(p) && r.n > 0 {
		c := copy(p[w:], r.line[r.off:])
		r.off = (r.off + c) % len(r.line)
		w += c
		r.n -= int64(c)
	}
	return w, nil
}

// TestHugeInput feeds 100 MB bodies, single-part and multipart, and checks
// that Parse stops at MaxBytes, marks the report truncated, and allocates a
// bounded amount.
func TestHugeInput(t *testing.T) {
	tests := []struct{ name, head, line string }{
		{"text", "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n\n<a@example.com>: 550 5.1.1 unknown\n", "x@example.com " + strings.Repeat("y", 60) + "\n"},
		{"multipart", "From: MAILER-DAEMON@example.org\nContent-Type: multipart/report; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\n", strings.Repeat("z", 70) + "\n"},
	}
	for _, tt := range tests {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		rep, err := Parse(&repeatReader{head: []byte(tt.head), line: []byte(tt.line), n: 100 << 20})
		runtime.ReadMemStats(&after)
		if err != nil || !rep.Truncated {
			t.Errorf("Parse(%s, 100 MB) = truncated %v, %v; want a truncated report", tt.name, rep != nil && rep.Truncated, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
			t.Errorf("Parse(%s, 100 MB) allocated %d bytes, want at most 32 MiB", tt.name, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" for the zero time
	}{
		{"Mon, 2 Mar 2026 10:00:00 +0000", "2026-03-02T10:00:00Z"},
		{"Thu, 29 Apr 2010 23:34:45 +0900 (JST)", "2010-04-29T23:34:45+09:00"},
		{"29 Apr 2010 23:34:45 -0700", "2010-04-29T23:34:45-07:00"},
		{"Thu, 29 Apr 2010 23:34:45 PDT", "2010-04-29T23:34:45-07:00"},
		{"Thu, 29 Apr 2010 23:34 GMT", "2010-04-29T23:34:00Z"},
		{"Thu, 29 Apr 99 23:34:45 +0000", "1999-04-29T23:34:45Z"},
		{"Wed Jun 12 02:21:53 GMT 2013", ""}, // not RFC 5322; net/mail refuses it too
		{"", ""},
		{"garbage", ""},
	}
	for _, tt := range tests {
		got := parseDate(tt.in)
		s := ""
		if !got.IsZero() {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("parseDate(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

// TestZeroAlloc pins the helpers that run on every line of every mail to
// zero allocations.
func TestZeroAlloc(t *testing.T) {
	text := "Reporting-MTA: dns; mx.example.org\nFinal-Recipient: rfc822; a@example.com\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <a@example.com>... User unknown (in reply to RCPT TO command)\n"
	var basic int // findBasic's result, kept so that the call is not idle
	tests := []struct {
		name string
		fn   func()
	}{
		{"indexFold", func() { indexFold(text, "user unknown") }},
		{"findBasic", func() { basic = findBasic(text) }},
		{"findCode", func() { findCode(text) }},
		{"findAddress", func() { findAddress(text) }},
		{"nextField", func() {
			for s := text; ; {
				_, rest, ok := nextField(s)
				if !ok {
					break
				}
				s = rest
			}
		}},
		{"findCommand", func() { findCommand(text) }},
		{"detect markers", func() { tables.body.present(text) }},
		{"parseDate", func() { parseDate("Mon, 2 Mar 2026 10:00:00 +0000") }},
		{"rawHeader.Has", func() { rawHeader(text).Has("Status") }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.fn); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", tt.name, n)
		}
	}
	if want := strings.Index(text, "550"); basic != want {
		t.Errorf("findBasic(text) = %d, want %d", basic, want)
	}
}

// TestCommandReasons checks that the command a report names reaches
// package bounce, whose command rules decide: an address refused at MAIL
// FROM is the sender's, a refusal there that the text explains otherwise
// keeps its reason, an unknown host stays unknown before the greeting, and
// "user unknown" after the end of DATA is a filter's.
func TestCommandReasons(t *testing.T) {
	tests := []struct {
		name, said string
		cmd        Command
		want       bounce.Reason
	}{
		{"mail-unknown", "550 5.1.0 <sender@example.net>: Sender address rejected: User unknown (in reply to MAIL FROM command)", CommandMAIL, bounce.ReasonRejected},
		{"mail-auth", "530 5.7.1 Authentication required (in reply to MAIL FROM command)", CommandMAIL, bounce.ReasonSecurityError},
		{"mail-fault", "451 4.3.0 Internal server error (in reply to MAIL FROM command)", CommandMAIL, bounce.ReasonSystemError},
		{"rcpt-unknown", "550 5.2.1 <ruth@example.com>: no such user here (in reply to RCPT TO command)", CommandRCPT, bounce.ReasonUserUnknown},
		{"data-unknown", "550 5.5.0 no such user here (in reply to end of DATA command)", CommandDATA, bounce.ReasonFiltered},
		{"data-code", "550 5.1.1 no such user here (in reply to end of DATA command)", CommandDATA, bounce.ReasonUserUnknown},
		{"conn-blocked", "554 Access denied after initial connection", CommandConn, bounce.ReasonBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mail := "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n" +
				"To: ann@example.org\n\nThis is the mail system at host mx.example.org.\n\n" +
				"<ruth@example.com>: host mx.example.com[192.0.2.7] said: " + tt.said + "\n"
			rep, err := Parse(strings.NewReader(mail))
			if err != nil || len(rep.Recipients) != 1 {
				t.Fatalf("Parse(%s) = %v, %v; want one recipient", tt.name, rep, err)
			}
			rc := rep.Recipients[0]
			if rc.Command != tt.cmd || rc.Result.Reason != tt.want {
				t.Errorf("Parse(%s) = %s %s, want %s %s", tt.name, rc.Command, rc.Result.Reason, tt.cmd, tt.want)
			}
		})
	}
}

// TestHeaderMender checks the mending of part headers that go-message
// would refuse, and that everything else passes through unchanged.
func TestHeaderMender(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean", "pre\n--b\nContent-Type: text/plain\n\nbody\nx: y\n--b--\n",
			"pre\n--b\nContent-Type: text/plain\n\nbody\nx: y\n--b--\n"},
		{"unindented fold", "--b\nContent-Type: multipart/alternative;\nboundary=\"c\"\n\nbody\n",
			"--b\nContent-Type: multipart/alternative;\n boundary=\"c\"\n\nbody\n"},
		{"value on its own line", "--b\nX-Diag:\n1;A;27:xyz\nX-Info:\nabc def\nContent-Type: text/plain\n\nno: change\n",
			"--b\nX-Diag:\n1;A;27:xyz\nX-Info:\n abc def\nContent-Type: text/plain\n\nno: change\n"},
		{"indented first line", "--b\n Content-Type: text/plain\n\nbody\n",
			"--b\nContent-Type: text/plain\n\nbody\n"},
		{"first line not a field", "--b\nbroken line\nContent-Type: text/plain\n\nbody\n",
			"--b\nContent-Type: text/plain\n\nbody\n"},
		{"body without header", "--b\nplain text of the part\nmore text\n\n--b--\n",
			"--b\n\nplain text of the part\nmore text\n\n--b--\n"},
		{"blank first line", "--b\n  \nbody\n", "--b\n\nbody\n"},
		{"crlf", "--b\r\nContent-Type: a;\r\nb=c\r\n\r\nbody\r\n", "--b\r\nContent-Type: a;\r\n b=c\r\n\r\nbody\r\n"},
		{"longer boundary is body", "--bx\nnot a field\n", "--bx\nnot a field\n"},
		{"final boundary", "--b--\nepilogue text\n", "--b--\nepilogue text\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(iotest.OneByteReader(newHeaderMender(strings.NewReader(tt.in), "b")))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("headerMender(%q) = %q, want %q", tt.in, got, tt.want)
			}
			got, _ = io.ReadAll(newHeaderMender(strings.NewReader(tt.in), "b"))
			if string(got) != tt.want {
				t.Errorf("headerMender(%q) = %q, want %q (whole reads)", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzHeaderMender checks that the mender only ever inserts a space or
// drops a part header line: with no delimiter line in the input, the
// output is the input; the output is never longer than the input plus
// one byte per line.
func FuzzHeaderMender(f *testing.F) {
	f.Add("--b\nContent-Type: multipart/alternative;\nboundary=\"c\"\n\nbody\n")
	f.Add("--b\n broken\nnot a field\nX: y\n\n--b--\n")
	f.Add("plain text\nwith: fields\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := io.ReadAll(newHeaderMender(strings.NewReader(in), "b"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(in, "--b") && string(got) != in {
			t.Fatalf("headerMender(%q) = %q, want the input unchanged", in, got)
		}
		if len(got) > len(in)+strings.Count(in, "\n")+1 {
			t.Fatalf("headerMender(%q) = %q: grew by more than a byte a line", in, got)
		}
	})
}

// TestProviderReasons checks that a receiver's own meaning of its words,
// which bounce applies when the recipient domain or the remote host is
// the receiver's, is not overridden by dsn's defaults: au's "550 <address>:
// User unknown" in a report that names no command is an unknown user,
// where the same words from anyone else are taken as a filter's.
func TestProviderReasons(t *testing.T) {
	tests := []struct {
		name, rcpt, remote, said string
		want                     bounce.Reason
	}{
		{"au-address", "ann@ezweb.ne.jp", "mx.ezweb.ne.jp", "550 <ann@ezweb.ne.jp>: User unknown", bounce.ReasonUserUnknown},
		{"au-no-address", "ann@ezweb.ne.jp", "mx.ezweb.ne.jp", "550 : User unknown", bounce.ReasonFiltered},
		{"docomo", "ann@docomo.ne.jp", "mfsmax.docomo.ne.jp", "550 Unknown user ann@docomo.ne.jp", bounce.ReasonUserUnknown},
		{"elsewhere", "ann@example.com", "mx.example.com", "550 <ann@example.com>: User unknown", bounce.ReasonFiltered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mail := "From: MAILER-DAEMON@mx.example.org\nTo: bob@example.org\nSubject: Delivery Status Notification\n" +
				"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n" +
				"--b\nContent-Type: text/plain\n\nThe message could not be delivered.\n\n" +
				"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
				"Final-Recipient: rfc822; " + tt.rcpt + "\nAction: failed\nStatus: 5.0.0\n" +
				"Remote-MTA: dns; " + tt.remote + "\nDiagnostic-Code: smtp; " + tt.said + "\n\n--b--\n"
			rep, err := Parse(strings.NewReader(mail))
			if err != nil || len(rep.Recipients) != 1 {
				t.Fatalf("Parse(%s) = %v, %v; want one recipient", tt.name, rep, err)
			}
			if rc := rep.Recipients[0]; rc.Result.Reason != tt.want {
				t.Errorf("Parse(%s) = %s (command %q, provider %q), want %s; %+v", tt.name, rc.Result.Reason, rc.Command, rc.Result.Provider, tt.want, rc)
			}
		})
	}
}

// TestDelayedNoReason checks that a delay notice that says nothing more
// than its status reads "expired", the word of Sisimai's vocabulary for a
// delivery that took too long, with the delay's soft category.
func TestDelayedNoReason(t *testing.T) {
	mail := "From: MAILER-DAEMON@mx.example.org\nTo: bob@example.org\nSubject: Delivery Status Notification (Delay)\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n" +
		"--b\nContent-Type: text/plain\n\nThe message has not been delivered yet.\n\n" +
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; ann@example.com\nAction: delayed\nStatus: 4.4.0\n\n--b--\n"
	rep, err := Parse(strings.NewReader(mail))
	if err != nil || len(rep.Recipients) != 1 {
		t.Fatalf("Parse = %v, %v; want one recipient", rep, err)
	}
	if rc := rep.Recipients[0]; rep.Kind != Delay || rc.Result.Reason != bounce.ReasonExpired || rc.Result.Category != bounce.Soft {
		t.Errorf("Parse = kind %s, %s/%s, want delay, soft/expired", rep.Kind, rc.Result.Category, rc.Result.Reason)
	}
}

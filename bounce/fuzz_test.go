package bounce

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func fuzzSeeds(f *testing.F) {
	for _, tt := range realWorld {
		f.Add(tt.in)
	}
	for _, s := range []string{"", "550", "5.1.1", "smtp;", "550-\r\n550 ", "#5.1.1", "5.1.1000", "said: 550 5.1.1 x", "\xe2\x80", "mailbox*full"} {
		f.Add(s)
	}
}

func FuzzParseCode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !c.IsZero() {
				t.Fatalf("ParseCode(%q) = %v with error %v", s, c, err)
			}
			return
		}
		if c2, err := ParseCode(c.String()); err != nil || c2 != c {
			t.Fatalf("ParseCode(%q).String() = %q does not round-trip: %v, %v", s, c.String(), c2, err)
		}
		if c.Class != 2 && c.Class != 4 && c.Class != 5 {
			t.Fatalf("ParseCode(%q) = %v: bad class", s, c)
		}
	})
}

func FuzzParseReply(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseReply(s)
		if len(r.Text) > MaxReplyText || len(r.Text) > len(s) {
			t.Fatalf("ParseReply(%q).Text has %d bytes", s, len(r.Text))
		}
		if utf8.ValidString(s) && !utf8.ValidString(r.Text) {
			t.Fatalf("ParseReply(%q).Text = %q is not valid UTF-8", s, r.Text)
		}
		if r.Basic != 0 && (r.Basic < 200 || r.Basic > 599) {
			t.Fatalf("ParseReply(%q).Basic = %d", s, r.Basic)
		}
		if !r.Code.IsZero() {
			if c, err := ParseCode(r.Code.String()); err != nil || c != r.Code {
				t.Fatalf("ParseReply(%q).Code = %v does not round-trip", s, r.Code)
			}
		}
		if strings.ContainsAny(r.Text, "\n") && !strings.ContainsAny(s, "\r") {
			// Lines are joined with spaces.
			t.Fatalf("ParseReply(%q).Text = %q keeps a line break", s, r.Text)
		}
	})
}

func FuzzClassify(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		res := Classify(s)
		if err := res.check(); err != nil {
			t.Fatalf("Classify(%q) = %+v: %v", s, res, err)
		}
		if res.Reason != "" && !res.Reason.known() {
			t.Fatalf("Classify(%q).Reason = %q", s, res.Reason)
		}
		r := ParseReply(s)
		if res.Status != r.Code || res.ReplyCode != r.Basic {
			t.Fatalf("Classify(%q) codes = %v %d, ParseReply = %v %d", s, res.Status, res.ReplyCode, r.Code, r.Basic)
		}
		// The line-by-line path for multi-line replies agrees with
		// parsing first.
		if got := ClassifyReply(r); got != res {
			t.Fatalf("Classify(%q) = %+v, ClassifyReply(ParseReply) = %+v", s, res, got)
		}
	})
}

// FuzzClassifyHost classifies any reply as coming from any host of any
// recipient domain: the host-scoped decisions never panic, give a
// consistent Result, name a provider only when they decided, and never
// make a transient reply Hard.
func FuzzClassifyHost(f *testing.F) {
	for _, s := range []string{"550 : User unknown", "550: : User unknown", "550 Unknown user a@docomo.ne.jp", "553 Message Filtered", "452 Too many recipients received this hour"} {
		for _, h := range []string{"", "lsean.ezweb.ne.jp", "mfsmax.docomo.ne.jp [192.0.2.1]", "cluster1.eu.messagelabs.com", "x"} {
			f.Add(s, "ezweb.ne.jp", h)
			f.Add(s, "", h)
		}
	}
	f.Fuzz(func(t *testing.T, s, domain, host string) {
		in := Input{Reply: ParseReply(s), Domain: domain, Host: host}
		res := ClassifyInput(in)
		if err := res.check(); err != nil {
			t.Fatalf("ClassifyInput(%q, %q, %q) = %+v: %v", s, domain, host, res, err)
		}
		if res.Reason != "" && !res.Reason.known() {
			t.Fatalf("ClassifyInput(%q, %q, %q).Reason = %q", s, domain, host, res.Reason)
		}
		if in.Reply.transient() && res.Category == Hard {
			t.Fatalf("ClassifyInput(%q, %q, %q) is Hard for a transient reply", s, domain, host)
		}
		if res.Provider == "" && res != ClassifyReply(in.Reply) {
			t.Fatalf("ClassifyInput(%q, %q, %q) = %+v names no provider but differs from the reply alone: %+v", s, domain, host, res, ClassifyReply(in.Reply))
		}
	})
}

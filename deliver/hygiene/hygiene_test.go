package hygiene

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/bounce"
)

func TestCheckValid(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		utf8           bool
	}{
		{"plain", "jane@example.com", "jane@example.com", false},
		{"case of the local part is kept", "Jane.Doe@Example.COM", "Jane.Doe@example.com", false},
		{"angle brackets and space", "  <jane@example.com> ", "jane@example.com", false},
		{"atext specials", "a!#$%&'*+-/=?^_`{|}~b@example.com", "a!#$%&'*+-/=?^_`{|}~b@example.com", false},
		{"plus tag", "jane+news@example.com", "jane+news@example.com", false},
		{"IDN domain", "jane@Bücher.example", "jane@xn--bcher-kva.example", false},
		{"IDN full-width", "jane@ＥＸＡＭＰＬＥ．ｃｏｍ", "jane@example.com", false},
		{"Japanese domain", "taro@日本語.jp", "taro@xn--wgv71a119e.jp", false},
		{"A-label domain", "jane@xn--bcher-kva.example", "jane@xn--bcher-kva.example", false},
		{"UTF-8 local part", "用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v", true},
		{"UTF-8 local part, ASCII domain", "ユーザー@example.jp", "ユーザー@example.jp", true},
		{"trailing dot", "jane@example.com.", "jane@example.com", false},
		{"IPv4 literal", "jane@[192.0.2.1]", "jane@[192.0.2.1]", false},
		{"IPv6 literal", "jane@[IPv6:2001:db8::1]", "jane@[IPv6:2001:db8::1]", false},
		{"64-octet local part", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com", false},
		{"hyphens inside labels", "a@mail-1.ex-ample.co.jp", "a@mail-1.ex-ample.co.jp", false},
	} {
		r, err := Check(context.Background(), tc.in)
		if err != nil || !r.OK() || r.Addr != tc.want || r.UTF8 != tc.utf8 || r.Bounce != (bounce.Result{}) {
			t.Errorf("%s: Check(%q) = %+v, %v, want Addr %q UTF8 %v and no failure", tc.name, tc.in, r, err, tc.want, tc.utf8)
		}
	}
}

func TestCheckInvalid(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		reason   bounce.Reason
	}{
		{"empty", "", bounce.ReasonUserUnknown},
		{"spaces only", "   ", bounce.ReasonUserUnknown},
		{"no @", "jane.example.com", bounce.ReasonUserUnknown},
		{"no local part", "@example.com", bounce.ReasonUserUnknown},
		{"two @", "jane@doe@example.com", bounce.ReasonUserUnknown},
		{"space in local part", "jane doe@example.com", bounce.ReasonUserUnknown},
		{"leading dot", ".jane@example.com", bounce.ReasonUserUnknown},
		{"trailing dot", "jane.@example.com", bounce.ReasonUserUnknown},
		{"two dots", "ja..ne@example.com", bounce.ReasonUserUnknown},
		{"quoted", `"jane doe"@example.com`, bounce.ReasonUserUnknown},
		{"comma", "jane,doe@example.com", bounce.ReasonUserUnknown},
		{"display name", "Jane <jane@example.com>", bounce.ReasonUserUnknown},
		{"65-octet local part", strings.Repeat("a", 65) + "@example.com", bounce.ReasonUserUnknown},
		{"invalid UTF-8", "ja\xffne@example.com", bounce.ReasonUserUnknown},
		{"no-break space in local part", "jane\u00a0doe@example.com", bounce.ReasonUserUnknown},
		{"zero-width space in local part", "jane\u200bdoe@example.com", bounce.ReasonUserUnknown},
		{"ideographic space in local part", "ユーザー\u3000@example.jp", bounce.ReasonUserUnknown},
		{"control", "jane\x01@example.com", bounce.ReasonUserUnknown},
		{"too long", strings.Repeat("a", 64) + "@" + strings.Repeat("b.", 95) + "com", bounce.ReasonUserUnknown},
		{"huge", strings.Repeat("a", 10<<20) + "@example.com", bounce.ReasonUserUnknown},
		{"no domain", "jane@", bounce.ReasonHostUnknown},
		{"dotless domain", "jane@localhost", bounce.ReasonHostUnknown},
		{"two trailing dots", "jane@example.com..", bounce.ReasonHostUnknown},
		{"empty label before the trailing dot", "0@0..", bounce.ReasonHostUnknown},
		{"underscore in domain", "jane@ex_ample.com", bounce.ReasonHostUnknown},
		{"space in domain", "jane@exa mple.com", bounce.ReasonHostUnknown},
		{"empty label", "jane@example..com", bounce.ReasonHostUnknown},
		{"leading hyphen", "jane@-example.com", bounce.ReasonHostUnknown},
		{"63+ octet label", "jane@" + strings.Repeat("a", 64) + ".com", bounce.ReasonHostUnknown},
		{"bare IP", "jane@192.0.2.1", bounce.ReasonHostUnknown},
		{"bad IPv4 literal", "jane@[192.0.2.256]", bounce.ReasonHostUnknown},
		{"IPv6 literal without tag", "jane@[2001:db8::1]", bounce.ReasonHostUnknown},
		{"IPv4 with IPv6 tag", "jane@[IPv6:192.0.2.1]", bounce.ReasonHostUnknown},
		{"unclosed literal", "jane@[192.0.2.1", bounce.ReasonHostUnknown},
		{"invalid punycode", "jane@xn--a.example", bounce.ReasonHostUnknown},
	} {
		r, err := Check(context.Background(), tc.in)
		name := tc.in
		if len(name) > 80 {
			name = name[:80] + "…"
		}
		if err != nil || r.OK() || r.Addr != "" || r.Bounce.Category != bounce.Hard || r.Bounce.Reason != tc.reason || !r.Bounce.Suppress {
			t.Errorf("%s: Check(%q) = %+v, %v, want a hard %s", tc.name, name, r, err, tc.reason)
			continue
		}
		if !strings.HasPrefix(r.Err.Error(), "hygiene: ") {
			t.Errorf("%s: Check(%q).Err = %q, want a hygiene: message", tc.name, name, r.Err)
		}
	}
}

func TestSuggest(t *testing.T) {
	c := &Checker{Domains: []string{"Example-Corp.CO.JP", "bücher.example"}}
	for _, tc := range []struct{ in, want string }{
		{"jane@gnail.com", "jane@gmail.com"},
		{"jane@gmial.com", "jane@gmail.com"},
		{"jane@gamil.com", "jane@gmail.com"},
		{"jane@gmaill.com", "jane@gmail.com"},
		{"jane@gmail.con", "jane@gmail.com"},
		{"jane@gmail.co", "jane@gmail.com"},
		{"jane@hotmial.com", "jane@hotmail.com"},
		{"jane@hotmal.con", "jane@hotmail.com"}, // two edits, long domain
		{"jane@yaho.co.jp", "jane@yahoo.co.jp"},
		{"jane@yahoo.co.pj", "jane@yahoo.co.jp"},
		{"jane@yahooo.com", "jane@yahoo.com"},
		{"jane@outlok.com", "jane@outlook.com"},
		{"jane@icloud.con", "jane@icloud.com"},
		{"jane@docomo.ne.pj", "jane@docomo.ne.jp"},
		{"jane@ezweb.ne.j", "jane@ezweb.ne.jp"},
		{"Jane@GNAIL.COM", "Jane@gmail.com"},
		{"jane@exemple-corp.co.jp", "jane@example-corp.co.jp"}, // the caller's domain
		// Typos are compared in A-labels: "bucher" is far from
		// "xn--bcher-kva", so this one is not found.
		{"jane@bucher.example", ""},
		{"jane@example.con", "jane@example.com"}, // TLD typo of an unknown domain
		{"jane@example.cmo", "jane@example.com"},
		// Known domains, and domains near none, get no suggestion.
		{"jane@gmail.com", ""},
		{"jane@mail.com", ""},
		{"jane@email.com", ""},
		{"jane@ymail.com", ""},
		{"jane@gmx.com", ""},
		{"jane@example-corp.co.jp", ""},
		{"jane@example.com", ""},
		{"jane@example.co", ""},
		{"jane@gmai1.company.example", ""},
		{"jane@[192.0.2.1]", ""},
	} {
		r, err := c.Check(context.Background(), tc.in)
		if err != nil || r.Suggestion != tc.want {
			t.Errorf("Check(%q).Suggestion = %q (%v), want %q", tc.in, r.Suggestion, err, tc.want)
		}
		if r.Suggestion != "" && r.Addr != strings.TrimSpace(tc.in) && !strings.EqualFold(r.Addr, tc.in) {
			t.Errorf("Check(%q).Addr = %q: the suggestion must not be applied", tc.in, r.Addr)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"gmail.com", "gmail.com", 2, 0},
		{"gnail.com", "gmail.com", 2, 1},
		{"gmial.com", "gmail.com", 2, 1}, // transposition
		{"gmai.com", "gmail.com", 2, 1},
		{"gmaiil.com", "gmail.com", 2, 1},
		{"hotmal.con", "hotmail.com", 2, 2},
		{"yahoo.com", "gmail.com", 2, 3},
		{"a", "abcd", 2, 3},
		{"", "", 1, 0},
		{"", "ab", 2, 2},
	} {
		if got := distance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

// osa is the textbook optimal string alignment distance, for reference.
func osa(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func FuzzDistance(f *testing.F) {
	f.Add("gnail.com", "gmail.com", 2)
	f.Add("hotmal.con", "hotmail.com", 2)
	f.Add("ab", "ba", 1)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if len(a) > 64 || len(b) > 64 {
			return
		}
		limit = 1 + (limit&0xff)%4
		want := min(osa(a, b), limit+1)
		if got := distance(a, b, limit); got != want {
			t.Fatalf("distance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	})
}

// fakeDNS answers from maps; a name in neither map does not exist.
type fakeDNS struct {
	mx    map[string][]*net.MX
	hosts map[string][]string
	fail  map[string]bool // temporary failure
	calls int
}

func (f *fakeDNS) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	f.calls++
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.fail[name] {
		return nil, &net.DNSError{Err: "server misbehaving", Name: name, IsTemporary: true}
	}
	if mx, ok := f.mx[name]; ok {
		return mx, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (f *fakeDNS) LookupHost(ctx context.Context, name string) ([]string, error) {
	f.calls++
	if h, ok := f.hosts[name]; ok {
		return h, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func TestMailHost(t *testing.T) {
	dns := &fakeDNS{
		mx: map[string][]*net.MX{
			"example.com.":           {{Host: "mx1.example.com.", Pref: 10}, {Host: "mx2.example.com.", Pref: 20}},
			"nullmx.example.":        {{Host: ".", Pref: 0}},
			"mixed.example.":         {{Host: ".", Pref: 0}, {Host: "mx.mixed.example.", Pref: 10}},
			"xn--bcher-kva.example.": {{Host: "mx.xn--bcher-kva.example.", Pref: 10}},
		},
		hosts: map[string][]string{
			"a-only.example.": {"192.0.2.10"},
		},
		fail: map[string]bool{"servfail.example.": true},
	}
	c := &Checker{Resolver: dns}
	for _, tc := range []struct {
		in      string
		reason  bounce.Reason
		status  bounce.Code
		wantErr bool
	}{
		{"jane@example.com", "", bounce.Code{}, false},
		{"jane@bücher.example", "", bounce.Code{}, false},
		{"jane@a-only.example", "", bounce.Code{}, false}, // implicit MX (RFC 5321 §5.1)
		{"jane@mixed.example", "", bounce.Code{}, false},
		{"jane@nullmx.example", bounce.ReasonNotAccept, bounce.Code{Class: 5, Subject: 1, Detail: 10}, false},
		{"jane@nowhere.example", bounce.ReasonHostUnknown, bounce.Code{Class: 5, Subject: 1, Detail: 2}, false},
		{"jane@servfail.example", "", bounce.Code{}, true},
		{"jane@[192.0.2.1]", "", bounce.Code{}, false}, // no lookup for a literal
	} {
		r, err := c.Check(context.Background(), tc.in)
		if (err != nil) != tc.wantErr || r.Bounce.Reason != tc.reason || r.Bounce.Status != tc.status {
			t.Errorf("Check(%q) = %+v, %v, want reason %q status %v, error %v", tc.in, r, err, tc.reason, tc.status, tc.wantErr)
			continue
		}
		if tc.reason != "" && (r.Bounce.Category != bounce.Hard || r.OK() || r.Addr == "") {
			t.Errorf("Check(%q) = %+v, want a hard failure that keeps Addr", tc.in, r)
		}
		if tc.wantErr && (r.Addr == "" || !r.OK()) {
			t.Errorf("Check(%q) on a DNS failure = %+v, want the syntax verdict and no failure", tc.in, r)
		}
	}
	// Invalid syntax is decided without DNS.
	dns.calls = 0
	if r, _ := c.Check(context.Background(), "jane@@example.com"); r.OK() || dns.calls != 0 {
		t.Errorf("Check(invalid) = %+v with %d lookups, want a failure and none", r, dns.calls)
	}
	// A cancelled context is an error, not a verdict.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r, err := c.Check(ctx, "jane@example.com"); !errors.Is(err, context.Canceled) || !r.OK() {
		t.Errorf("Check(cancelled ctx) = %+v, %v, want context.Canceled", r, err)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"jane@example.com", "用户@例子.广告", "jane@[IPv6:2001:db8::1]", "a@b", "\"x\"@y.z", "jane@gnail.com"} {
		f.Add(s)
	}
	c := &Checker{}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := c.Check(context.Background(), s)
		if err != nil {
			t.Fatalf("Check(%q) error %v without DNS", s, err)
		}
		if r.OK() != (r.Bounce == bounce.Result{}) {
			t.Fatalf("Check(%q) = %+v: Err and Bounce disagree", s, r)
		}
		if !r.OK() {
			return
		}
		// The normal form is valid UTF-8, stable and within RFC 5321's limit.
		if len(r.Addr) > 254 {
			t.Fatalf("Check(%q).Addr = %q, longer than 254 octets", s, r.Addr)
		}
		again, err := c.Check(context.Background(), r.Addr)
		if err != nil || again.Addr != r.Addr {
			t.Fatalf("Check(Check(%q).Addr = %q) = %+v, %v, want the same address", s, r.Addr, again, err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	c := &Checker{}
	ctx := context.Background()
	for _, in := range []string{"jane.doe@example.com", "jane.doe@gnail.com", "用户@例子.广告"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r, _ := c.Check(ctx, in); !r.OK() {
					b.Fatal(r.Err)
				}
			}
		})
	}
}

package suppress_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

func TestImport(t *testing.T) {
	created := time.Unix(1700000000, 0).UTC()
	ses := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	smtpText := "550 5.1.1 The email account that you tried to reach does not exist"
	tests := []struct {
		name   string
		format suppress.Format
		in     string
		want   []suppress.Entry // sorted by address
	}{
		{"plain list", suppress.CSV, "b@example.com\nA@Example.COM\n\n",
			[]suppress.Entry{{Addr: "a@example.com", Kind: suppress.Manual, Since: t0}, {Addr: "b@example.com", Kind: suppress.Manual, Since: t0}}},
		{"bounce list with SMTP reasons", suppress.CSV, "email,created,reason,status\nuser@example.com,1700000000,\"" + smtpText + "\",5.1.1\n",
			[]suppress.Entry{{Addr: "user@example.com", Kind: suppress.Manual, Reason: bounce.Classify(smtpText).Reason, Since: created}}},
		{"account-level list", suppress.CSV, "EmailAddress,Reason,LastUpdateTime\nbounced@example.com,BOUNCE,2024-01-02T03:04:05Z\ncomplainer@example.org,COMPLAINT,2024-01-02T03:04:05Z\n",
			[]suppress.Entry{{Addr: "bounced@example.com", Kind: suppress.Bounce, Since: ses}, {Addr: "complainer@example.org", Kind: suppress.Complaint, Since: ses}}},
		{"kinds and scopes", suppress.CSV, "Email Address,Ignored,Type,Tenant,List,Date\nx@example.com,,spam report,acme,news,2024-01-02 03:04:05\ny@example.com,,Unsubscribe,acme,,2024-01-02\n",
			[]suppress.Entry{
				{Addr: "x@example.com", Scope: suppress.Scope{Tenant: "acme", List: "news"}, Kind: suppress.Complaint, Since: ses},
				{Addr: "y@example.com", Scope: suppress.Scope{Tenant: "acme"}, Kind: suppress.Unsubscribe, Since: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}}},
		{"lease with step", suppress.CSV, "address,kind,reason,since,until,step,attempts\nl@example.com,bounce,userunknown,2026-03-02T08:00:00Z,2026-03-04T08:00:00Z,1,3\nold@example.com,bounce,,2026-01-01T00:00:00Z,2026-01-02T00:00:00Z,0,0\n",
			[]suppress.Entry{{Addr: "l@example.com", Kind: suppress.Bounce, Reason: bounce.ReasonUserUnknown, Since: t0.Add(-time.Hour), Until: t0.Add(47 * time.Hour), Step: 1, Attempts: 3}}},
		{"json lines", suppress.JSONLines, "{\"email\":\"J@Example.com\",\"kind\":\"complaint\",\"since\":\"2024-01-02T03:04:05Z\"}\n\n{\"address\":\"k@example.com\",\"tenant\":\"acme\",\"extra\":1}\n",
			[]suppress.Entry{{Addr: "j@example.com", Kind: suppress.Complaint, Since: ses}, {Addr: "k@example.com", Scope: suppress.Scope{Tenant: "acme"}, Kind: suppress.Manual, Since: t0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &suppress.Memory{}
			n, err := suppress.Import(context.Background(), strings.NewReader(tt.in), m, tt.format, t0)
			if err != nil || n != len(tt.want) {
				t.Fatalf("Import(%q) = %d, %v, want %d, nil", tt.in, n, err, len(tt.want))
			}
			got := listAll(t, m, t0)
			sortByAddr(got)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("Import(%q) stored\n%v\nwant\n%v", tt.in, got, tt.want)
			}
		})
	}
}

func sortByAddr(es []suppress.Entry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Addr+es[j].Scope.String() < es[j-1].Addr+es[j-1].Scope.String(); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func TestImportInvalid(t *testing.T) {
	tests := []struct {
		name   string
		format suppress.Format
		in     string
		want   string // in the error
		added  int
	}{
		{"bad address", suppress.CSV, "email\na@example.com\nnot an address\n", "line 3", 1},
		{"unknown kind", suppress.CSV, "email,kind\na@example.com,weird\n", "line 2: unknown kind", 0},
		{"bad time", suppress.CSV, "email,created\na@example.com,yesterday\n", "line 2: since", 0},
		{"bad step", suppress.CSV, "email,step\na@example.com,-1\n", "line 2: invalid step", 0},
		{"bad scope", suppress.CSV, "email,tenant\na@example.com,\"a\x01\"\n", "line 2", 0},
		{"long line", suppress.CSV, "email\n" + strings.Repeat("a", 70000) + "@example.com\n", "longer than", 0},
		{"bad quotes", suppress.CSV, "email\n\"a@example.com\"x\"\n", "", 0},
		{"bad json", suppress.JSONLines, "{\"address\":\"a@example.com\"}\n{nope}\n", "line 2", 1},
		{"json long line", suppress.JSONLines, "{\"address\":\"" + strings.Repeat("a", 70000) + "\"}\n", "line 1: longer than", 0},
		{"json bad kind", suppress.JSONLines, "{\"address\":\"a@example.com\",\"kind\":\"x\"}\n", "line 1: unknown kind", 0},
		{"unknown format", "xml", "<a/>", "unknown format", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &suppress.Memory{}
			n, err := suppress.Import(context.Background(), strings.NewReader(tt.in), m, tt.format, t0)
			if err == nil || !strings.Contains(err.Error(), tt.want) || n != tt.added {
				t.Fatalf("Import(%.40q) = %d, %v, want %d and an error containing %q", tt.in, n, err, tt.added, tt.want)
			}
		})
	}
}

func TestExport(t *testing.T) {
	m := &suppress.Memory{}
	ctx := context.Background()
	mustRecord(t, m, hardEvent("a@example.com"), t0)
	mustRecord(t, m, suppress.Event{Addr: "b@example.com", Scope: suppress.Scope{Tenant: "acme", List: "news"}, Outcome: suppress.Unsubscribed}, t0)
	var buf bytes.Buffer
	if n, err := suppress.Export(ctx, &buf, m, suppress.CSV, t0); err != nil || n != 2 {
		t.Fatalf("Export(CSV) = %d, %v, want 2, nil", n, err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	sortStrings(lines[1:])
	want := []string{
		"address,tenant,list,kind,reason,since,until,step,attempts",
		"a@example.com,,,bounce,userunknown,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z,0,0",
		"b@example.com,acme,news,unsubscribe,,2026-03-02T09:00:00Z,,0,0",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Export(CSV) = \n%s\nwant\n%s", buf.String(), strings.Join(want, "\n"))
	}
	buf.Reset()
	if n, err := suppress.Export(ctx, &buf, m, suppress.JSONLines, t0); err != nil || n != 2 {
		t.Fatalf("Export(JSONLines) = %d, %v, want 2, nil", n, err)
	}
	lines = strings.Split(strings.TrimSpace(buf.String()), "\n")
	sortStrings(lines)
	wantJSON := []string{
		`{"address":"a@example.com","kind":"bounce","reason":"userunknown","since":"2026-03-02T09:00:00Z","until":"2026-03-03T09:00:00Z"}`,
		`{"address":"b@example.com","tenant":"acme","list":"news","kind":"unsubscribe","since":"2026-03-02T09:00:00Z"}`,
	}
	if strings.Join(lines, "\n") != strings.Join(wantJSON, "\n") {
		t.Fatalf("Export(JSONLines) = \n%s\nwant\n%s", buf.String(), strings.Join(wantJSON, "\n"))
	}
	// After the lease has ended, only the permanent entry is exported.
	buf.Reset()
	if n, err := suppress.Export(ctx, &buf, m, suppress.CSV, t0.Add(25*time.Hour)); err != nil || n != 1 {
		t.Fatalf("Export(CSV) after the lease = %d, %v, want 1, nil", n, err)
	}
	if _, err := suppress.Export(ctx, &buf, m, "xml", t0); err == nil {
		t.Fatalf("Export(xml) error = nil, want an error")
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// FuzzImport checks that Import never panics and that whatever it accepts
// survives an Export and Import round trip.
func FuzzImport(f *testing.F) {
	f.Add("email,created,reason\nuser@example.com,1700000000,550 5.1.1 unknown\n", false)
	f.Add("EmailAddress,Reason,LastUpdateTime\nb@example.com,BOUNCE,2024-01-02T03:04:05Z\n", false)
	f.Add("a@example.com\nB@EXAMPLE.com\n", false)
	f.Add("address,kind,until,step\nl@example.com,bounce,2026-03-04T08:00:00Z,9\n", false)
	f.Add("{\"address\":\"j@example.com\",\"kind\":\"complaint\"}\n", true)
	f.Add("{\"email\":\"k@bücher.example\",\"tenant\":\"t\",\"list\":\"l\"}\n", true)
	f.Fuzz(func(t *testing.T, in string, jsonl bool) {
		format := suppress.CSV
		if jsonl {
			format = suppress.JSONLines
		}
		ctx := context.Background()
		m := &suppress.Memory{}
		n, err := suppress.Import(ctx, strings.NewReader(in), m, format, t0)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		k, err := suppress.Export(ctx, &buf, m, format, t0)
		if err != nil || k > n {
			t.Fatalf("Export after importing %d entries = %d, %v", n, k, err)
		}
		r := &suppress.Memory{}
		k2, err := suppress.Import(ctx, bytes.NewReader(buf.Bytes()), r, format, t0)
		if err != nil || k2 != k {
			t.Fatalf("re-Import of %d exported entries = %d, %v\n%s", k, k2, err, buf.String())
		}
		a, b := listAll(t, m, t0), listAll(t, r, t0)
		sortByAddr(a)
		sortByAddr(b)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("round trip changed the entries:\n%v\n%v", a, b)
		}
	})
}

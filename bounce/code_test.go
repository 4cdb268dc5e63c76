package bounce

import (
	"errors"
	"testing"
)

func TestParseCodeValid(t *testing.T) {
	tests := []struct {
		in   string
		want Code
	}{
		{"5.1.1", Code{5, 1, 1}},
		{"4.2.2", Code{4, 2, 2}},
		{"2.0.0", Code{2, 0, 0}},
		{"5.1.10", Code{5, 1, 10}},
		{"5.4.310", Code{5, 4, 310}},
		{"5.7.509", Code{5, 7, 509}},
		{"4.999.999", Code{4, 999, 999}},
		{"5.01.001", Code{5, 1, 1}},
	}
	for _, tt := range tests {
		got, err := ParseCode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCode(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseCodeInvalid(t *testing.T) {
	for _, in := range []string{
		"", "5", "5.1", "5.1.", "5..1", "3.1.1", "6.1.1", "5.1.1.", "5.1.1.1", "5.1.1000", "5.1000.1",
		" 5.1.1", "5.1.1 ", "x.1.1", "5.a.1", "55.1.1", "5.1.1x", "192.0.2.1",
	} {
		if got, err := ParseCode(in); err == nil || !errors.Is(err, ErrInvalidCode) {
			t.Errorf("ParseCode(%q) = %v, %v, want an error wrapping ErrInvalidCode", in, got, err)
		}
	}
}

func TestCodeString(t *testing.T) {
	tests := []struct {
		in   Code
		want string
	}{
		{Code{}, ""},
		{Code{5, 1, 1}, "5.1.1"},
		{Code{4, 4, 310}, "4.4.310"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeClass(t *testing.T) {
	tests := []struct {
		in                      Code
		perm, trans, ok, zeroed bool
	}{
		{Code{5, 1, 1}, true, false, false, false},
		{Code{4, 2, 2}, false, true, false, false},
		{Code{2, 0, 0}, false, false, true, false},
		{Code{}, false, false, false, true},
	}
	for _, tt := range tests {
		if tt.in.Permanent() != tt.perm || tt.in.Transient() != tt.trans || tt.in.Success() != tt.ok || tt.in.IsZero() != tt.zeroed {
			t.Errorf("%v: Permanent, Transient, Success, IsZero = %v %v %v %v, want %v %v %v %v", tt.in,
				tt.in.Permanent(), tt.in.Transient(), tt.in.Success(), tt.in.IsZero(), tt.perm, tt.trans, tt.ok, tt.zeroed)
		}
	}
}

func TestCodeText(t *testing.T) {
	var c Code
	if err := c.UnmarshalText([]byte("5.7.26")); err != nil || c != (Code{5, 7, 26}) {
		t.Errorf("UnmarshalText(%q) = %v, %v, want 5.7.26", "5.7.26", c, err)
	}
	if err := c.UnmarshalText(nil); err != nil || !c.IsZero() {
		t.Errorf("UnmarshalText(nil) = %v, %v, want zero", c, err)
	}
	if err := c.UnmarshalText([]byte("bad")); err == nil {
		t.Errorf("UnmarshalText(%q) = nil error, want one", "bad")
	}
	if b, _ := (Code{4, 7, 1}).MarshalText(); string(b) != "4.7.1" {
		t.Errorf("MarshalText() = %q, want %q", b, "4.7.1")
	}
}

// rfc3463 is the list of codes that RFC 3463 §3 defines.
var rfc3463 = []string{
	"X.0.0",
	"X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8",
	"X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
	"X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4",
	"X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
	"X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5",
	"X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5",
	"X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7",
}

// later are the codes registered after RFC 3463, with the RFC that did.
var later = map[string]string{
	"X.1.9": "RFC 3886", "X.1.10": "RFC 7505", "X.3.5": "RFC 3463", "X.3.6": "RFC 6710",
	"X.5.6": "RFC 4954", "X.6.6": "RFC 4468", "X.6.7": "RFC 6531", "X.6.8": "RFC 6531",
	"X.6.9": "RFC 6531", "X.6.10": "RFC 6531", "X.7.8": "RFC 4954", "X.7.9": "RFC 4954",
	"X.7.10": "RFC 5248", "X.7.11": "RFC 4954", "X.7.12": "RFC 4954", "X.7.13": "RFC 5248",
	"X.7.14": "RFC 5248", "X.7.15": "RFC 6710", "X.7.16": "RFC 6710", "X.7.17": "RFC 7293",
	"X.7.18": "RFC 7293", "X.7.19": "RFC 7293", "X.7.20": "RFC 7372", "X.7.21": "RFC 7372",
	"X.7.22": "RFC 7372", "X.7.23": "RFC 7372", "X.7.24": "RFC 7372", "X.7.25": "RFC 7372",
	"X.7.26": "RFC 7372", "X.7.27": "RFC 7505", "X.7.28": "IANA", "X.7.29": "RFC 8617",
	"X.7.30": "RFC 8689",
}

func TestRegistryComplete(t *testing.T) {
	all := append([]string{}, rfc3463...)
	for c := range later {
		all = append(all, c)
	}
	for _, x := range all {
		for _, class := range []string{"2", "4", "5"} {
			c, err := ParseCode(class + x[1:])
			if err != nil {
				t.Fatalf("ParseCode(%q): %v", class+x[1:], err)
			}
			if !c.Registered() || c.Title() == "" || c.Description() == "" {
				t.Errorf("%v: Registered, Title, Description = %v, %q, %q; want a registered code with text",
					c, c.Registered(), c.Title(), c.Description())
			}
			if c.ClassTitle() == "" || c.SubjectTitle() == "" || c.SubjectDescription() == "" {
				t.Errorf("%v: class or subject text missing", c)
			}
		}
	}
	for x, ref := range later {
		c, _ := ParseCode("5" + x[1:])
		if e := lookupCode(c); e == nil || !containsFold(e.ref, ref) {
			t.Errorf("%v: reference of %v, want %s", x, e, ref)
		}
	}
	n := 0
	for _, e := range registry {
		if !e.vendor {
			n++
		}
	}
	if n != len(all) {
		t.Errorf("registry has %d registered codes, want %d", n, len(all))
	}
}

func TestRegistryEntries(t *testing.T) {
	seen := map[[2]uint16]bool{}
	for _, e := range registry {
		k := [2]uint16{e.subject, e.detail}
		if seen[k] {
			t.Errorf("X.%d.%d is in the registry twice", e.subject, e.detail)
		}
		seen[k] = true
		if e.title == "" || e.desc == "" || e.ref == "" || !e.reason.known() || (e.temp != "" && !e.temp.known()) {
			t.Errorf("X.%d.%d: incomplete entry %+v", e.subject, e.detail, e)
		}
		// Every code classifies, in both failure classes, consistently.
		for _, class := range []uint16{4, 5} {
			c := Code{class, e.subject, e.detail}
			got := ClassifyReply(Reply{Code: c})
			if err := got.check(); err != nil || got.Status != c || got.Category == "" {
				t.Errorf("ClassifyReply(%v) = %+v: %v", c, got, err)
			}
		}
	}
	if got := (Code{5, 9, 9}).Title(); got != "" {
		t.Errorf("Code{5,9,9}.Title() = %q, want \"\"", got)
	}
	if got := (Code{5, 4, 310}); got.Registered() || got.Title() == "" {
		t.Errorf("5.4.310: Registered, Title = %v, %q; want a known vendor code", got.Registered(), got.Title())
	}
	if got := (Code{5, 1, 1}).Title(); got != "Bad destination mailbox address" {
		t.Errorf("Code{5,1,1}.Title() = %q", got)
	}
}

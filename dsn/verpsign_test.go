package dsn

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var testVERP = &VERPSigner{Key: []byte("0123456789abcdef0123456789abcdef")}

func TestVERPSignerRoundTrip(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ base, rcpt string }{
		{"bounces@mail.example.org", "user@example.com"},
		{"bounces@mail.example.org", "first.last+tag@sub.example.co.jp"},
		{"bounces@mail.example.org", "a=b@example.net"},
		{"bounces@mail.example.org", "<ann@example.org>"},
		{"bounces+list@mail.example.org", "user@example.com"},
	} {
		rcpt := tt.rcpt
		addr, err := testVERP.Encode(tt.base, rcpt, now)
		if err != nil {
			t.Fatalf("Encode(%q) error: %v", rcpt, err)
		}
		if !strings.HasPrefix(addr, tt.base[:strings.IndexByte(tt.base, '@')]+"+") || !strings.HasSuffix(addr, "@mail.example.org") {
			t.Errorf("Encode(%q) = %q, want bounces+…@mail.example.org", rcpt, addr)
		}
		want := stripAngle(rcpt)
		for _, later := range []time.Duration{0, time.Hour, 13 * 24 * time.Hour} {
			got, err := testVERP.Decode(addr, now.Add(later))
			if err != nil || got != want {
				t.Errorf("Decode(%q) %v later = %q, %v; want %q", addr, later, got, err, want)
			}
		}
		// Case changed by an MTA on the way back.
		if got, err := testVERP.Decode("<"+strings.ToUpper(addr)+">", now); err != nil || !strings.EqualFold(got, want) {
			t.Errorf("Decode(upper-case %q) = %q, %v; want %q", addr, got, err, want)
		}
	}
}

func TestVERPSignerRejects(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	addr, err := testVERP.Encode("bounces@mail.example.org", "user@example.com", now)
	if err != nil {
		t.Fatal(err)
	}
	plus := strings.IndexByte(addr, '+')
	tag := addr[plus+1 : plus+1+tagLen]
	other := &VERPSigner{Key: []byte("another key of thirty-two bytes!")}
	forged, _ := other.Encode("bounces@mail.example.org", "user@example.com", now)
	flip := []byte(addr)
	if flip[plus+5] == '0' {
		flip[plus+5] = '1'
	} else {
		flip[plus+5] = '0'
	}
	tests := []struct {
		name, addr string
		at         time.Time
		want       error
	}{
		{"other recipient", strings.Replace(addr, "-user=", "-bob=", 1), now, ErrVERPSignature},
		{"other domain", strings.Replace(addr, "=example.com@", "=example.net@", 1), now, ErrVERPSignature},
		{"other key", forged, now, ErrVERPSignature},
		{"altered code", string(flip), now, ErrVERPSignature},
		{"tag of another day", strings.Replace(addr, tag[:3], "000", 1), now, ErrVERPSignature},
		{"expired", addr, now.Add(15 * 24 * time.Hour), ErrVERPExpired},
		{"unsigned", EncodeVERP("bounces@mail.example.org", "user@example.com"), now, ErrNotVERP},
		{"no plus", "bounces@mail.example.org", now, ErrNotVERP},
		{"no at", "bounces+" + tag + "-user=example.com", now, ErrNotVERP},
		{"no domain", "bounces+" + tag + "-user=@mail.example.org", now, ErrNotVERP},
		{"short", "bounces+123abc-user=example.com@mail.example.org", now, ErrNotVERP},
		{"", "", now, ErrNotVERP},
	}
	for _, tt := range tests {
		if got, err := testVERP.Decode(tt.addr, tt.at); !errors.Is(err, tt.want) {
			t.Errorf("Decode(%s: %q) = %q, %v; want %v", tt.name, tt.addr, got, err, tt.want)
		}
	}
}

func TestVERPSignerMaxAge(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	s := &VERPSigner{Key: testVERP.Key, MaxAge: 2 * 24 * time.Hour}
	addr, _ := s.Encode("b@example.org", "u@example.com", now)
	if _, err := s.Decode(addr, now.Add(48*time.Hour)); err != nil {
		t.Errorf("Decode two days later: %v, want nil", err)
	}
	if _, err := s.Decode(addr, now.Add(72*time.Hour)); !errors.Is(err, ErrVERPExpired) {
		t.Errorf("Decode three days later: %v, want ErrVERPExpired", err)
	}
	// A clock a day behind the signer's still accepts the tag.
	if _, err := s.Decode(addr, now.Add(-24*time.Hour)); err != nil {
		t.Errorf("Decode a day earlier: %v, want nil", err)
	}
}

func TestVERPSignerKey(t *testing.T) {
	for _, s := range []*VERPSigner{{}, {Key: []byte("short")}} {
		if _, err := s.Encode("b@example.org", "u@example.com", time.Now()); err == nil || !strings.Contains(err.Error(), "Key") {
			t.Errorf("Encode with a %d-byte key: %v, want an error naming the Key", len(s.Key), err)
		}
		if _, err := s.Decode("b+000000000000000-u=example.com@example.org", time.Now()); err == nil {
			t.Errorf("Decode with a %d-byte key: nil error", len(s.Key))
		}
	}
	long := &VERPSigner{Key: testVERP.Key, MaxAge: 1000 * 24 * time.Hour}
	if _, err := long.Encode("b@example.org", "u@example.com", time.Now()); err == nil || !strings.Contains(err.Error(), "MaxAge") {
		t.Errorf("Encode with MaxAge of 1000 days: %v, want an error naming MaxAge", err)
	}
	if _, err := testVERP.Encode("no-at", "u@example.com", time.Now()); err == nil {
		t.Error("Encode with a base without @: nil error")
	}
	if _, err := testVERP.Encode("b@example.org", "u@", time.Now()); err == nil {
		t.Error("Encode with a recipient without a domain: nil error")
	}
}

// FuzzVERPSigner checks that Decode never panics on any address, and
// that what Encode makes Decode gives back, for any recipient.
func FuzzVERPSigner(f *testing.F) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	good, _ := testVERP.Encode("bounces@mail.example.org", "user@example.com", now)
	for _, s := range []string{good, "", "+", "a+@b", "bounces+123456789012345-=@x", "b+999ffffffffffff-u=v@w", "<" + good + ">"} {
		f.Add(s, "user", "example.com")
	}
	f.Fuzz(func(t *testing.T, addr, local, domain string) {
		_, _ = testVERP.Decode(addr, now)
		rcpt := local + "@" + domain
		if local == "" || domain == "" || strings.ContainsAny(domain, "@<> \t\r\n") || strings.ContainsAny(local, "<> \t\r\n") || strings.Contains(domain, "=") {
			return
		}
		enc, err := testVERP.Encode("bounces@mail.example.org", rcpt, now)
		if err != nil {
			t.Fatalf("Encode(%q) error: %v", rcpt, err)
		}
		got, err := testVERP.Decode(enc, now)
		if err != nil || got != rcpt {
			t.Fatalf("Decode(Encode(%q)) = %q, %v (address %q)", rcpt, got, err, enc)
		}
	})
}

package unsubscribe

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
)

var (
	t0     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	key1   = Key{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")}
	key2   = Key{ID: "k2", Secret: []byte("fedcba9876543210fedcba9876543210")}
	signer = &Signer{Keys: []Key{key1}, Now: func() time.Time { return t0 }}
)

func TestTokenRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		tok  Token
	}{
		{"global", Token{Addr: "a@example.com"}},
		{"list", Token{Addr: "a@example.com", Scope: suppress.Scope{Tenant: "acme", List: "news"}}},
		{"campaign and expiry", Token{Addr: "a@example.com", Scope: suppress.Scope{List: "news"}, Campaign: "spring-2026", Expires: t0.Add(90 * 24 * time.Hour)}},
		{"UTF-8", Token{Addr: "用户@例子.广告", Scope: suppress.Scope{Tenant: "テナント", List: "お知らせ"}}},
		{"long", Token{Addr: strings.Repeat("a", 64) + "@" + strings.Repeat("b", 180) + ".example", Scope: suppress.Scope{Tenant: strings.Repeat("t", 100), List: strings.Repeat("l", 100)}}},
	} {
		s, err := signer.Sign(tc.tok)
		if err != nil {
			t.Errorf("%s: Sign(%+v) error: %v", tc.name, tc.tok, err)
			continue
		}
		for i := 0; i < len(s); i++ {
			if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				t.Errorf("%s: Sign(%+v) = %q, has %q, want base64url only", tc.name, tc.tok, s, c)
				break
			}
		}
		got, err := signer.Verify(s)
		if err != nil || got != tc.tok {
			t.Errorf("%s: Verify(Sign(%+v)) = %+v, %v, want the token, nil", tc.name, tc.tok, got, err)
		}
	}
}

func TestTokenSize(t *testing.T) {
	s, err := signer.Sign(Token{Addr: "jane.doe@example.com", Scope: suppress.Scope{Tenant: "acme", List: "weekly"}, Campaign: "w12", Expires: t0.Add(180 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// A typical token fits comfortably in a header line with its URL.
	if len(s) > 100 {
		t.Errorf("len(Sign(typical)) = %d, want <= 100", len(s))
	}
}

func TestVerifyInvalid(t *testing.T) {
	good, err := signer.Sign(Token{Addr: "a@example.com", Scope: suppress.Scope{List: "news"}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	enc := base64.RawURLEncoding.EncodeToString
	other := &Signer{Keys: []Key{key2}}
	fromOther, _ := other.Sign(Token{Addr: "a@example.com"})
	sameIDOtherSecret := &Signer{Keys: []Key{{ID: "k1", Secret: key2.Secret}}}
	forged, _ := sameIDOtherSecret.Sign(Token{Addr: "a@example.com"})
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"not base64", "!!!!"},
		{"padding", good + "=="},
		{"too long", strings.Repeat("A", MaxTokenLen+1)},
		{"truncated", good[:len(good)-3]},
		{"mac only", enc(raw[len(raw)-16:])},
		{"version 2", enc(append([]byte{2}, raw[1:]...))},
		{"extra byte", enc(append(append(append([]byte(nil), raw[:len(raw)-16]...), 0), raw[len(raw)-16:]...))},
		{"unknown key", fromOther},
		{"forged with another secret", forged},
		{"length overflow", enc(append([]byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, make([]byte, 16)...))},
	} {
		if got, err := signer.Verify(tc.in); !errors.Is(err, ErrInvalidToken) || got != (Token{}) {
			t.Errorf("%s: Verify(%q) = %+v, %v, want ErrInvalidToken", tc.name, tc.in, got, err)
		}
	}
	// Every single-bit change is caught.
	for i := range raw {
		for bit := range 8 {
			b := bytes.Clone(raw)
			b[i] ^= 1 << bit
			if _, err := signer.Verify(enc(b)); !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Verify(token with byte %d bit %d flipped) = %v, want ErrInvalidToken", i, bit, err)
			}
		}
	}
}

func TestVerifyExpiry(t *testing.T) {
	exp := t0.Add(time.Hour)
	s, err := signer.Sign(Token{Addr: "a@example.com", Expires: exp})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at      time.Time
		wantErr error
	}{
		{t0, nil},
		{exp.Add(-time.Second), nil},
		{exp, ErrExpired},
		{exp.Add(24 * time.Hour), ErrExpired},
	} {
		v := &Signer{Keys: signer.Keys, Now: func() time.Time { return tc.at }}
		got, err := v.Verify(s)
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
			t.Errorf("at %v: Verify() error = %v, want %v", tc.at, err, tc.wantErr)
		}
		if got.Addr != "a@example.com" || !got.Expires.Equal(exp) {
			t.Errorf("at %v: Verify() = %+v, want the token with its expiry", tc.at, got)
		}
	}
}

func TestKeyRotation(t *testing.T) {
	old := &Signer{Keys: []Key{key1}}
	s, err := old.Sign(Token{Addr: "a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	rotated := &Signer{Keys: []Key{key2, key1}}
	if _, err := rotated.Verify(s); err != nil {
		t.Errorf("Verify(old token) after rotation = %v, want nil", err)
	}
	s2, err := rotated.Sign(Token{Addr: "a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Verify(s2); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("old signer Verify(token of the new key) = %v, want ErrInvalidToken", err)
	}
	retired := &Signer{Keys: []Key{key2}}
	if _, err := retired.Verify(s); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("Verify(old token) after the old key is retired = %v, want ErrInvalidToken", err)
	}
}

func TestSignInvalid(t *testing.T) {
	ok := Token{Addr: "a@example.com"}
	for _, tc := range []struct {
		name string
		s    *Signer
		tok  Token
	}{
		{"no key", &Signer{}, ok},
		{"short secret", &Signer{Keys: []Key{{ID: "k", Secret: []byte("short")}}}, ok},
		{"empty key ID", &Signer{Keys: []Key{{Secret: key1.Secret}}}, ok},
		{"key ID with space", &Signer{Keys: []Key{{ID: "k 1", Secret: key1.Secret}}}, ok},
		{"long key ID", &Signer{Keys: []Key{{ID: strings.Repeat("k", 33), Secret: key1.Secret}}}, ok},
		{"empty address", signer, Token{}},
		{"invalid UTF-8 address", signer, Token{Addr: "a\xff@example.com"}},
		{"control in scope", signer, Token{Addr: "a@example.com", Scope: suppress.Scope{List: "a\nb"}}},
		{"invalid UTF-8 campaign", signer, Token{Addr: "a@example.com", Campaign: "\xff"}},
		{"expiry before 1970", signer, Token{Addr: "a@example.com", Expires: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"too long", signer, Token{Addr: strings.Repeat("a", 800) + "@example.com"}},
	} {
		if got, err := tc.s.Sign(tc.tok); err == nil || !strings.HasPrefix(err.Error(), "unsubscribe: ") && !strings.HasPrefix(err.Error(), "suppress: ") {
			t.Errorf("%s: Sign(%+v) = %q, %v, want an error", tc.name, tc.tok, got, err)
		}
	}
}

func FuzzToken(f *testing.F) {
	f.Add("a@example.com", "acme", "news", "c1", int64(0))
	f.Add("用户@例子.广告", "", "", "", int64(1900000000))
	f.Fuzz(func(t *testing.T, addr, tenant, list, campaign string, exp int64) {
		tok := Token{Addr: addr, Scope: suppress.Scope{Tenant: tenant, List: list}, Campaign: campaign}
		if exp > 0 {
			tok.Expires = time.Unix(exp%(1<<40), 0).UTC()
		}
		v := &Signer{Keys: signer.Keys, Now: func() time.Time { return time.Unix(0, 0) }}
		s, err := v.Sign(tok)
		if err != nil {
			return
		}
		got, err := v.Verify(s)
		if err != nil || got != tok {
			t.Fatalf("Verify(Sign(%+v)) = %+v, %v", tok, got, err)
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, tok := range []Token{{Addr: "a@example.com"}, {Addr: "b@example.com", Scope: suppress.Scope{Tenant: "t", List: "l"}, Expires: t0}} {
		s, _ := signer.Sign(tok)
		f.Add(s)
	}
	f.Add("AQJrMQA")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := signer.Verify(s)
		if err != nil && !errors.Is(err, ErrInvalidToken) && !errors.Is(err, ErrExpired) {
			t.Fatalf("Verify(%q) error %v wraps neither ErrInvalidToken nor ErrExpired", s, err)
		}
		if err == nil {
			// Only a token we signed verifies: signing it again gives the
			// same string.
			again, err := signer.Sign(got)
			if err != nil || again != s {
				t.Fatalf("Sign(Verify(%q)) = %q, %v, want the same token", s, again, err)
			}
		}
	})
}

func BenchmarkSign(b *testing.B) {
	tok := Token{Addr: "jane.doe@example.com", Scope: suppress.Scope{Tenant: "acme", List: "weekly"}, Campaign: "w12", Expires: t0.Add(time.Hour)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := signer.Sign(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	s, _ := signer.Sign(Token{Addr: "jane.doe@example.com", Scope: suppress.Scope{Tenant: "acme", List: "weekly"}, Campaign: "w12", Expires: t0.Add(time.Hour)})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := signer.Verify(s); err != nil {
			b.Fatal(err)
		}
	}
}

// A token has one spelling: the same bytes written with other unused
// trailing bits in the last base64url character do not verify.
func TestVerifyNonCanonical(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	aliases := 0
	for _, a := range []string{"a@example.com", "ab@example.com", "abc@example.com"} {
		good, err := signer.Sign(Token{Addr: a})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.RawURLEncoding.DecodeString(good)
		for _, c := range alphabet {
			alias := good[:len(good)-1] + string(c)
			if alias == good {
				continue
			}
			if b, err := base64.RawURLEncoding.DecodeString(alias); err != nil || string(b) != string(raw) {
				continue // a different token, not another spelling
			}
			aliases++
			if got, err := signer.Verify(alias); !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Verify(%q), another spelling of %q = %+v, %v, want ErrInvalidToken", alias, good, got, err)
			}
		}
	}
	if aliases == 0 {
		t.Fatal("no token with another spelling was tried")
	}
}

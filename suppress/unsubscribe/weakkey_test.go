package unsubscribe

import (
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// forge builds the token of addr signed with key id and secret the way Sign
// would, without Sign's own check of the key: what an attacker who knows
// (or guesses) the secret can do.
func forge(id string, secret []byte, addr string) string {
	b := []byte{version}
	b = appendString(b, id)
	b = append(b, 0) // no expiry
	b = appendString(b, addr)
	b = appendString(b, "")
	b = appendString(b, "")
	b = appendString(b, "")
	b = append(b, mac(secret, b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// A Signer whose key is empty or short verifies nothing: an empty secret (an
// unset environment variable) would let anyone forge a token, and a 1-byte
// one is found in at most 256 tries.
func TestVerifyWeakKey(t *testing.T) {
	oneByte := Key{ID: "old", Secret: []byte{7}}
	for _, tc := range []struct {
		name   string
		s      *Signer
		forged string
	}{
		{"empty secret", &Signer{Keys: []Key{{ID: "k1", Secret: nil}}}, forge("k1", nil, "victim@example.com")},
		{"empty string secret", &Signer{Keys: []Key{{ID: "k1", Secret: []byte("")}}}, forge("k1", []byte{}, "victim@example.com")},
		{"15-byte secret", &Signer{Keys: []Key{{ID: "k1", Secret: []byte("fifteen bytes!!")}}}, forge("k1", []byte("fifteen bytes!!"), "victim@example.com")},
		{"rotated-out 1-byte key", &Signer{Keys: []Key{key1, oneByte}}, forge("old", oneByte.Secret, "victim@example.com")},
		{"no key", &Signer{}, forge("k1", nil, "victim@example.com")},
		{"key ID twice", &Signer{Keys: []Key{key1, {ID: "k1", Secret: key2.Secret}}}, forge("k1", key2.Secret, "victim@example.com")},
	} {
		if err := tc.s.Validate(); err == nil || !strings.HasPrefix(err.Error(), "unsubscribe: ") {
			t.Errorf("%s: Validate() = %v, want an error prefixed unsubscribe:", tc.name, err)
		}
		if got, err := tc.s.Verify(tc.forged); err == nil {
			t.Errorf("%s: Verify(forged) = %+v, nil, want an error", tc.name, got)
		} else if errors.Is(err, ErrInvalidToken) || errors.Is(err, ErrExpired) {
			t.Errorf("%s: Verify(forged) = %v, want a configuration error, not one about the token", tc.name, err)
		}
		if got, err := tc.s.Sign(Token{Addr: "a@example.com"}); err == nil {
			t.Errorf("%s: Sign() = %q, nil, want an error", tc.name, got)
		}
		// The Handler refuses to work at all: 500, logged, nothing recorded.
		rec := &recorder{}
		h := &Handler{Signer: tc.s, Record: rec.record}
		req := httptest.NewRequest("POST", "https://mail.example.com/unsubscribe?t="+tc.forged, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 500 || len(rec.calls) != 0 {
			t.Errorf("%s: POST forged token = %d with %d recorded, want 500 with none", tc.name, w.Code, len(rec.calls))
		}
		if _, err := h.Unsubscribe(t.Context(), tc.forged); err == nil || len(rec.calls) != 0 {
			t.Errorf("%s: Unsubscribe(forged) = %v with %d recorded, want an error with none", tc.name, err, len(rec.calls))
		}
	}
}

// The empty secret is refused with a message that says what to look at.
func TestValidateMessage(t *testing.T) {
	err := (&Signer{Keys: []Key{{ID: "k1"}}}).Validate()
	if err == nil || !strings.Contains(err.Error(), `key "k1"`) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("Validate(empty secret) = %v, want it to name the key and say the secret is empty", err)
	}
	if err := signer.Validate(); err != nil {
		t.Errorf("Validate(good signer) = %v, want nil", err)
	}
	if err := (&Signer{Keys: []Key{key2, key1}}).Validate(); err != nil {
		t.Errorf("Validate(two good keys) = %v, want nil", err)
	}
}

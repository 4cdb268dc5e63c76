package unsubscribe

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/bouncekit/bouncekit/suppress"
)

// Token is what an unsubscribe link carries: who unsubscribes from what.
type Token struct {
	Addr  string         // the recipient
	Scope suppress.Scope // the list (or tenant) to unsubscribe from
	// Campaign names the campaign the message belonged to, for counting;
	// "" when none.
	Campaign string
	// Expires is when the token stops being accepted, in whole seconds;
	// the zero Expires never expires.
	Expires time.Time
}

// Key is one HMAC-SHA256 key. Its ID travels in the clear in every token so
// that the verifier finds the key: rotate keys by adding a new one at the
// front of [Signer.Keys] and removing the old one once the mail signed with
// it is old enough.
//
// A Secret shorter than [MinSecretLen] is refused by [Signer.Validate], and
// so by Sign, Verify and the [Handler]: an empty secret (say, read from an
// environment variable that is not set) would let anyone forge a token,
// and a short one is found by trying them all.
type Key struct {
	ID     string // 1 to 32 bytes of A-Z a-z 0-9 '.' '_' '-'
	Secret []byte // at least MinSecretLen (16) bytes; 32 random bytes are best
}

// Limits of a token.
const (
	// MaxTokenLen is the length of the longest token Verify accepts, in
	// bytes (base64url characters).
	MaxTokenLen = 1024
	// MinSecretLen is the length of the shortest Key.Secret a Signer
	// accepts, in bytes.
	MinSecretLen = 16
	macLen       = 16 // bytes of the HMAC-SHA256 kept in a token (RFC 2104 §5)
	version      = 1
)

// The errors of Verify, wrapped with detail. A handler answers both with a
// 4xx status and records nothing.
var (
	// ErrInvalidToken is a token that is malformed, signed with an unknown
	// key or whose signature does not match.
	ErrInvalidToken = errors.New("unsubscribe: invalid token")
	// ErrExpired is a token whose signature is valid but whose Expires has
	// passed.
	ErrExpired = errors.New("unsubscribe: token expired")
)

// Signer signs and verifies tokens with HMAC-SHA256 ([RFC 2104]). Keys[0]
// signs; every key of Keys verifies, found by the key ID that the token
// carries.
//
// A token is the base64url encoding (RFC 4648 §5, no padding) of a version
// byte, the key ID, the expiry, the recipient, the scope and the campaign,
// followed by the first 16 bytes of the HMAC of all that. It is signed, not
// encrypted: whoever holds the link can read the address in it, as they can
// read the mail it came in.
//
// Every key of Keys must pass [Signer.Validate]: Sign and Verify refuse to
// work, with an error that names the bad key, while one does not. Call
// Validate at start-up to fail there rather than at the first request:
//
//	// 32 random bytes, e.g. head -c 32 /dev/urandom | base64
//	secret, err := base64.StdEncoding.DecodeString(os.Getenv("UNSUBSCRIBE_KEY"))
//	if err != nil {
//		return err
//	}
//	signer := &unsubscribe.Signer{Keys: []unsubscribe.Key{{ID: "2026a", Secret: secret}}}
//	if err := signer.Validate(); err != nil {
//		return err // unset or shorter than 16 bytes
//	}
//
// A Signer is safe for concurrent use by multiple goroutines once its
// fields are set.
//
// [RFC 2104]: https://www.rfc-editor.org/rfc/rfc2104
type Signer struct {
	// Keys are the keys; Keys[0] signs. Required.
	Keys []Key
	// Now returns the current time, against which Expires is checked; nil
	// means time.Now.
	Now func() time.Time
}

func (s *Signer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func checkKey(k Key) error {
	if len(k.ID) == 0 || len(k.ID) > 32 {
		return fmt.Errorf("unsubscribe: key ID %q is not 1 to 32 bytes long", k.ID)
	}
	for i := 0; i < len(k.ID); i++ {
		c := k.ID[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("unsubscribe: key ID %q has a character other than A-Z a-z 0-9 . _ -", k.ID)
		}
	}
	switch {
	case len(k.Secret) == 0:
		return fmt.Errorf("unsubscribe: key %q: secret is empty (is the variable or file it is read from set?)", k.ID)
	case len(k.Secret) < MinSecretLen:
		return fmt.Errorf("unsubscribe: key %q: secret is %d bytes, shorter than %d", k.ID, len(k.Secret), MinSecretLen)
	}
	return nil
}

// Validate reports whether s can sign and verify tokens safely: it has at
// least one key, every key has a valid ID and a secret of at least
// [MinSecretLen] bytes, and no two keys share an ID. A key retired from
// signing but still in Keys is checked too, since it still verifies. Sign
// and Verify call it first and return its error, which wraps neither
// [ErrInvalidToken] nor [ErrExpired]: it is the Signer that is wrong, not
// the token.
func (s *Signer) Validate() error {
	if len(s.Keys) == 0 {
		return errors.New("unsubscribe: Signer has no key")
	}
	for i, k := range s.Keys {
		if err := checkKey(k); err != nil {
			return err
		}
		for _, o := range s.Keys[:i] {
			if o.ID == k.ID {
				return fmt.Errorf("unsubscribe: key ID %q is in Keys twice", k.ID)
			}
		}
	}
	return nil
}

// Sign returns the token for t, signed with Keys[0]. It fails when s does not
// pass [Signer.Validate], when t.Addr is empty or not valid UTF-8, when t.Scope is
// invalid, or when the token would be longer than [MaxTokenLen].
func (s *Signer) Sign(t Token) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	k := s.Keys[0]
	if t.Addr == "" || !utf8.ValidString(t.Addr) {
		return "", fmt.Errorf("unsubscribe: invalid recipient %q", t.Addr)
	}
	if err := t.Scope.Validate(); err != nil {
		return "", err
	}
	if !utf8.ValidString(t.Campaign) {
		return "", fmt.Errorf("unsubscribe: campaign %q is not valid UTF-8", t.Campaign)
	}
	var exp uint64
	if !t.Expires.IsZero() {
		if t.Expires.Unix() <= 0 {
			return "", fmt.Errorf("unsubscribe: expiry %v is before 1970", t.Expires)
		}
		exp = uint64(t.Expires.Unix())
	}
	b := make([]byte, 0, 64+len(t.Addr)+len(t.Scope.Tenant)+len(t.Scope.List)+len(t.Campaign))
	b = append(b, version)
	b = appendString(b, k.ID)
	b = binary.AppendUvarint(b, exp)
	b = appendString(b, t.Addr)
	b = appendString(b, t.Scope.Tenant)
	b = appendString(b, t.Scope.List)
	b = appendString(b, t.Campaign)
	b = append(b, mac(k.Secret, b)...)
	if base64.RawURLEncoding.EncodedLen(len(b)) > MaxTokenLen {
		return "", fmt.Errorf("unsubscribe: token longer than %d bytes", MaxTokenLen)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Verify checks the signature of tok and its expiry, and returns what it
// names. A token that is malformed, too long, signed with a key not in Keys
// or whose signature does not match gives an error wrapping
// [ErrInvalidToken]; a valid token past its expiry gives the token and an
// error wrapping [ErrExpired]. Signatures are compared in constant time
// (hmac.Equal). A Signer that does not pass [Signer.Validate] verifies
// nothing and returns the error of Validate.
func (s *Signer) Verify(tok string) (Token, error) {
	if err := s.Validate(); err != nil {
		return Token{}, err
	}
	if len(tok) > MaxTokenLen {
		return Token{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalidToken, MaxTokenLen)
	}
	// Strict: a string whose unused trailing bits are set is another
	// spelling of the same bytes; only the one Sign writes is accepted.
	b, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil {
		return Token{}, fmt.Errorf("%w: not base64url", ErrInvalidToken)
	}
	if len(b) < 1+macLen || b[0] != version {
		return Token{}, fmt.Errorf("%w: unknown format", ErrInvalidToken)
	}
	payload, sum := b[:len(b)-macLen], b[len(b)-macLen:]
	r := reader{b: payload[1:]}
	kid := r.string()
	exp := r.uvarint()
	var t Token
	t.Addr = r.string()
	t.Scope.Tenant = r.string()
	t.Scope.List = r.string()
	t.Campaign = r.string()
	if r.bad || len(r.b) != 0 {
		return Token{}, fmt.Errorf("%w: malformed", ErrInvalidToken)
	}
	var key []byte
	found := false
	for _, k := range s.Keys {
		if k.ID == kid {
			key, found = k.Secret, true
			break
		}
	}
	if !found {
		return Token{}, fmt.Errorf("%w: unknown key %q", ErrInvalidToken, kid)
	}
	if !hmac.Equal(sum, mac(key, payload)) {
		return Token{}, fmt.Errorf("%w: bad signature", ErrInvalidToken)
	}
	if exp > 0 {
		if exp > 1<<62 {
			return Token{}, fmt.Errorf("%w: malformed expiry", ErrInvalidToken)
		}
		t.Expires = time.Unix(int64(exp), 0).UTC()
		if !s.now().Before(t.Expires) {
			return t, fmt.Errorf("%w at %s", ErrExpired, t.Expires.Format(time.RFC3339))
		}
	}
	return t, nil
}

// mac is the truncated HMAC-SHA256 of payload, with a label that keeps
// these MACs apart from any other use of the same key.
func mac(key, payload []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("bouncekit/unsubscribe\x00"))
	h.Write(payload)
	return h.Sum(nil)[:macLen]
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader reads the fields of a token; bad is set on the first error.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

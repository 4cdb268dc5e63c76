package dsn

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultVERPMaxAge is how long a signed VERP return path is accepted
// when [VERPSigner].MaxAge is 0: the days a remote MTA keeps retrying
// (five is usual) and the time a late bounce takes, with room to spare.
const DefaultVERPMaxAge = 14 * 24 * time.Hour

// MinVERPKeyBytes is the shortest [VERPSigner].Key accepted.
const MinVERPKeyBytes = 16

// The errors of [VERPSigner.Decode]; test them with errors.Is.
var (
	// ErrNotVERP: the address encodes no recipient, or carries no tag.
	ErrNotVERP = errors.New("dsn: not a signed VERP address")
	// ErrVERPSignature: the tag was not made with the key for this
	// recipient and day (forged, or the address was altered).
	ErrVERPSignature = errors.New("dsn: VERP tag does not match")
	// ErrVERPExpired: the tag is valid but older than MaxAge.
	ErrVERPExpired = errors.New("dsn: VERP tag expired")
)

// VERPSigner makes and checks signed VERP return paths. A plain VERP
// address ([EncodeVERP]) names its recipient in the clear, so anyone who
// knows an address can write a bounce to its VERP address; a signed one
// carries a tag that only the holder of Key can make: the day it was made
// and a message authentication code (HMAC-SHA-256, 48 bits) of that day
// and the recipient, in the manner of BATV's "prvs" tags
// (draft-levine-smtp-batv). A forger who only knows an address cannot
// make one; whoever saw a message we sent (its Return-Path holds the
// tag) can reuse that tag for the same recipient until it is MaxAge old,
// which is what BATV accepts too.
//
// The signed form of "bounces@mail.example.org" for "user@example.com"
// is "bounces+DDDHHHHHHHHHHHH-user=example.com@mail.example.org": three
// digits of the day (days since 1970 modulo 1000), twelve hex digits of
// the code, then the recipient as [EncodeVERP] writes it. Mail to it
// reaches the base mailbox where the receiving MTA strips "+" extensions
// (Postfix's recipient_delimiter, the returnpath receiver).
//
// The zero value has no key and signs nothing. A VERPSigner is safe for
// concurrent use once its fields are set. Every node that sends or reads
// bounces must hold the same Key.
type VERPSigner struct {
	// Key is the secret: at least MinVERPKeyBytes random bytes. Changing
	// it invalidates the return paths of mail already sent.
	Key []byte
	// MaxAge is how long after its day a tag is accepted; 0 means
	// DefaultVERPMaxAge. It must stay under 1000 days, the period of the
	// day stamp.
	MaxAge time.Duration
}

// tagLen is the length of a tag: three digits of the day and twelve hex
// digits of the code.
const tagLen = 3 + 12

// Encode returns the signed VERP return path for mail sent at now to
// rcpt on the bounce address base. It fails when the key is too short or
// either address has no "@".
func (s *VERPSigner) Encode(base, rcpt string, now time.Time) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	base, rcpt = stripAngle(base), stripAngle(rcpt)
	at := strings.LastIndexByte(base, '@')
	ra := strings.LastIndexByte(rcpt, '@')
	if at <= 0 || ra <= 0 || ra == len(rcpt)-1 {
		return "", fmt.Errorf("dsn: VERP of %q on %q: both need a local part and a domain", rcpt, base)
	}
	day := dayOf(now)
	// The plain VERP of the tagged recipient: "+TAG-local=domain".
	return EncodeVERP(base, day+s.mac(day, rcpt)+"-"+rcpt), nil
}

// Decode returns the recipient that the signed VERP address addr
// encodes, after checking its tag at now. Angle brackets are allowed, and
// the case of the tag and of the recipient is ignored (some MTAs change
// it). An address without a tag gives [ErrNotVERP], a tag that does not
// match [ErrVERPSignature], and one older than MaxAge [ErrVERPExpired].
func (s *VERPSigner) Decode(addr string, now time.Time) (rcpt string, err error) {
	if err := s.check(); err != nil {
		return "", err
	}
	addr = stripAngle(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "", ErrNotVERP
	}
	// The tag follows a "+": the first one that a tag follows, so that
	// a base address with a "+" of its own works too.
	local, rest := addr[:at], ""
	for {
		plus := strings.IndexByte(local, '+')
		if plus < 0 {
			return "", ErrNotVERP
		}
		rest, local = local[plus+1:], local[plus+1:]
		if len(rest) >= tagLen+1 && rest[tagLen] == '-' && digits(rest[:3]) {
			break
		}
	}
	enc := rest[tagLen+1:]
	eq := strings.LastIndexByte(enc, '=')
	if eq <= 0 || eq == len(enc)-1 {
		return "", ErrNotVERP
	}
	rcpt = enc[:eq] + "@" + enc[eq+1:]
	day, code := rest[:3], strings.ToLower(rest[3:tagLen])
	if !hmac.Equal([]byte(code), []byte(s.mac(day, rcpt))) {
		return "", fmt.Errorf("%w for %q", ErrVERPSignature, rcpt)
	}
	if age := ageDays(day, now); time.Duration(age)*24*time.Hour > s.maxAge() {
		return "", fmt.Errorf("%w: %q was signed %d days ago", ErrVERPExpired, rcpt, age)
	}
	return rcpt, nil
}

func (s *VERPSigner) check() error {
	if len(s.Key) < MinVERPKeyBytes {
		return fmt.Errorf("dsn: VERPSigner.Key has %d bytes, want at least %d", len(s.Key), MinVERPKeyBytes)
	}
	if s.MaxAge >= 999*24*time.Hour {
		return fmt.Errorf("dsn: VERPSigner.MaxAge %v is not under 999 days, the period of the day stamp", s.MaxAge)
	}
	return nil
}

func (s *VERPSigner) maxAge() time.Duration {
	if s.MaxAge > 0 {
		return s.MaxAge
	}
	return DefaultVERPMaxAge
}

// mac returns the twelve hex digits of the code of day and rcpt (case
// folded).
func (s *VERPSigner) mac(day, rcpt string) string {
	h := hmac.New(sha256.New, s.Key)
	h.Write([]byte("bouncekit verp\x00"))
	h.Write([]byte(day))
	h.Write([]byte{0})
	h.Write([]byte(strings.ToLower(rcpt)))
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// dayOf returns the day stamp of t: days since 1970 modulo 1000, in three
// digits.
func dayOf(t time.Time) string {
	return fmt.Sprintf("%03d", (t.Unix()/86400)%1000)
}

// ageDays returns how many days before now the day stamp day is, modulo
// 1000; a stamp of tomorrow (a clock ahead) is 0 days old.
func ageDays(day string, now time.Time) int {
	d := int(day[0]-'0')*100 + int(day[1]-'0')*10 + int(day[2]-'0')
	today := int((now.Unix() / 86400) % 1000)
	age := (today - d + 1000) % 1000
	if age == 999 {
		age = 0
	}
	return age
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

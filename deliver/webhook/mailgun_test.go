package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
)

// mgSigner signs Mailgun webhook bodies with a key made for the tests.
type mgSigner struct {
	key []byte
	n   int
}

func newMGSigner(t testing.TB) *mgSigner {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return &mgSigner{key: k}
}

// body wraps event-data in a signed Mailgun body with a fresh token.
func (s *mgSigner) body(eventData string, ts time.Time) string {
	s.n++
	return s.bodyToken(eventData, ts, "tok"+strconv.Itoa(s.n)+strings.Repeat("x", 40))
}

func (s *mgSigner) bodyToken(eventData string, ts time.Time, token string) string {
	tss := strconv.FormatInt(ts.Unix(), 10)
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(tss + token))
	sig := hex.EncodeToString(m.Sum(nil))
	return `{"signature":{"timestamp":"` + tss + `","token":"` + token + `","signature":"` + sig + `"},"event-data":` + eventData + `}`
}

// mgEvent writes Mailgun event-data with the documented fields.
func mgEvent(id, event, rcpt, extra string) string {
	s := `{"id":"` + id + `","event":"` + event + `","timestamp":1772445600.5,"recipient":"` + rcpt +
		`","message":{"headers":{"message-id":"m-1@example.org","from":"news@example.org","subject":"News"}},"user-variables":{"campaign":"spring"}`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func newMailgun(d *deliver.Deliverer, s *mgSigner) *Mailgun {
	return &Mailgun{Deliverer: d, SigningKey: s.key, Now: func() time.Time { return t0 }}
}

func TestMailgunEvents(t *testing.T) {
	s := newMGSigner(t)
	tests := []struct {
		name   string
		event  string
		want   []deliver.Kind
		reason bounce.Reason
		stored bool
	}{
		{"failed permanent user unknown", mgEvent("g1", "failed", "gone@example.net",
			`"severity":"permanent","reason":"bounce","delivery-status":{"code":550,"message":"5.1.1 The email account that you tried to reach does not exist","description":"","mx-host":"mx.example.net"}`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		// Mailgun calls it a permanent failure; the receiver refused the
		// sending IP for its reputation.
		{"failed permanent reputation", mgEvent("g2", "failed", "fine@example.net",
			`"severity":"permanent","reason":"bounce","delivery-status":{"code":554,"message":"5.7.1 Service unavailable; Client host [198.51.100.4] blocked using Spamhaus"}`),
			[]deliver.Kind{deliver.Blocked}, bounce.ReasonBlocked, false},
		{"failed permanent no reply", mgEvent("g3", "failed", "q@example.net", `"severity":"permanent","reason":"generic"`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUndefined, true},
		{"failed temporary", mgEvent("g4", "failed", "slow@example.net",
			`"severity":"temporary","reason":"generic","delivery-status":{"code":452,"message":"4.2.2 Mailbox full"}`),
			[]deliver.Kind{deliver.Delayed}, bounce.ReasonMailboxFull, false},
		{"failed description only", mgEvent("g5", "failed", "d@example.net",
			`"severity":"permanent","reason":"bounce","delivery-status":{"code":550,"message":"","description":"No such user here"}`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		{"suppress-bounce", mgEvent("g6", "failed", "old@example.net", `"severity":"permanent","reason":"suppress-bounce"`), nil, "", false},
		{"complained", mgEvent("g7", "complained", "angry@example.net", ""), []deliver.Kind{deliver.Complained}, bounce.ReasonFeedback, true},
		{"unsubscribed", mgEvent("g8", "unsubscribed", "bye@example.net", ""), []deliver.Kind{deliver.Unsubscribed}, "", true},
		{"delivered", mgEvent("g9", "delivered", "ok@example.net", ""), nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, st, evs := newDeliverer()
			h := newMailgun(d, s)
			if w := serve(h, postJSON("/", []byte(s.body(tt.event, t0)))); w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", w.Code, w.Body)
			}
			checkOutcome(t, evs.rcpt(), st, tt.want, tt.reason, tt.stored)
		})
	}
}

func TestMailgunCorrelation(t *testing.T) {
	s := newMGSigner(t)
	d, _, evs := newDeliverer()
	send(t, d, "m-1@example.org", "spring", "gone@example.net")
	h := newMailgun(d, s)
	ev := mgEvent("c1", "failed", "gone@example.net", `"severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 user unknown"}`)
	if w := serve(h, postJSON("/", []byte(s.body(ev, t0)))); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	for _, e := range evs.rcpt() {
		if e.Kind == deliver.Bounced && e.Campaign != "spring" {
			t.Errorf("campaign = %q, want spring", e.Campaign)
		}
	}
}

func TestMailgunRefused(t *testing.T) {
	s := newMGSigner(t)
	ev := mgEvent("r1", "failed", "gone@example.net", `"severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 user unknown"}`)
	tests := []struct {
		name  string
		body  func() string
		setup func(h *Mailgun)
		want  int
	}{
		{"no signature", func() string { return `{"event-data":` + ev + `}` }, nil, http.StatusUnauthorized},
		{"short key", func() string { return s.body(ev, t0) }, func(h *Mailgun) { h.SigningKey = h.SigningKey[:15] }, http.StatusUnauthorized},
		{"other key", func() string { return s.body(ev, t0) }, func(h *Mailgun) { h.SigningKey = []byte("0123456789abcdef0123") }, http.StatusForbidden},
		{"forged token", func() string { return strings.Replace(s.body(ev, t0), `"token":"tok`, `"token":"tak`, 1) }, nil, http.StatusForbidden},
		{"signature not hex", func() string { return strings.Replace(s.body(ev, t0), `"signature":"`, `"signature":"zz`, 1) }, nil, http.StatusForbidden},
		{"expired", func() string { return s.body(ev, t0.Add(-16*time.Minute)) }, nil, http.StatusForbidden},
		{"expired, custom window", func() string { return s.body(ev, t0.Add(-61*time.Second)) }, func(h *Mailgun) { h.MaxAge = time.Minute }, http.StatusForbidden},
		{"from the future", func() string { return s.body(ev, t0.Add(time.Hour)) }, nil, http.StatusForbidden},
		{"oversized", func() string { return s.body(ev[:len(ev)-1]+`,"pad":"`+strings.Repeat("x", 2000)+`"}`, t0) }, func(h *Mailgun) { h.MaxBytes = 1024 }, http.StatusRequestEntityTooLarge},
		{"malformed", func() string { return `{"signature":{"timestamp":` }, nil, http.StatusBadRequest},
		{"no event-data", func() string { return strings.Replace(s.body("null", t0), `"event-data":null`, `"x":1`, 1) }, nil, http.StatusBadRequest},
		{"failed without id", func() string { return s.body(mgEvent("", "failed", "a@example.net", `"severity":"permanent"`), t0) }, nil, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, evs := newDeliverer()
			h := newMailgun(d, s)
			if tt.setup != nil {
				tt.setup(h)
			}
			if w := serve(h, postJSON("/", []byte(tt.body()))); w.Code != tt.want {
				t.Fatalf("status = %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.want)
			}
			if n := len(evs.all()); n != 0 {
				t.Errorf("%d events recorded, want none", n)
			}
		})
	}
}

func TestMailgunReplay(t *testing.T) {
	s := newMGSigner(t)
	d, st, evs := newDeliverer()
	now := t0
	h := newMailgun(d, s)
	h.Now = func() time.Time { return now }
	ev := mgEvent("p1", "failed", "gone@example.net", `"severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 user unknown"}`)
	body := s.body(ev, t0)

	// The Store is down: 503, and the token is not spent, so Mailgun's
	// retry of the same request is accepted.
	st.down.Store(true)
	if w := serve(h, postJSON("/", []byte(body))); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down: status %d, want 503", w.Code)
	}
	st.down.Store(false)
	now = t0.Add(5 * time.Minute)
	if w := serve(h, postJSON("/", []byte(body))); w.Code != http.StatusOK {
		t.Fatalf("retry: status %d, want 200", w.Code)
	}
	n := len(evs.all())
	// The same request again: its token was used.
	if w := serve(h, postJSON("/", []byte(body))); w.Code != http.StatusForbidden {
		t.Fatalf("replay: status %d, want 403", w.Code)
	}
	if len(evs.all()) != n {
		t.Errorf("replay recorded events")
	}
	// Past the window the request is refused as expired.
	now = t0.Add(20 * time.Minute)
	if w := serve(h, postJSON("/", []byte(body))); w.Code != http.StatusForbidden {
		t.Fatalf("late replay: status %d, want 403", w.Code)
	}
}

func TestMailgunTokenMemoryBounded(t *testing.T) {
	s := newMGSigner(t)
	d, _, _ := newDeliverer()
	now := t0
	h := newMailgun(d, s)
	h.MaxTokens = 8
	h.Now = func() time.Time { return now }
	for i := range 50 {
		ev := mgEvent("b"+strconv.Itoa(i), "delivered", "ok@example.net", "")
		if w := serve(h, postJSON("/", []byte(s.body(ev, now)))); w.Code != http.StatusOK {
			t.Fatalf("request %d: status %d", i, w.Code)
		}
		if i == 25 {
			now = now.Add(time.Hour) // all earlier tokens expire
		}
	}
	if n := len(h.tokens); n > 8 {
		t.Errorf("%d tokens remembered, want at most MaxTokens = 8", n)
	}
	if n := len(h.order) - h.head; n != len(h.tokens) {
		t.Errorf("order holds %d live tokens, map %d", n, len(h.tokens))
	}
}

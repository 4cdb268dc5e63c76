package webhook

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/suppress"
)

// sgKey is a SendGrid verification key pair made for the tests.
type sgKey struct {
	priv *ecdsa.PrivateKey
	b64  string // the public key as SendGrid shows it: base64 DER
}

func newSGKey(t testing.TB) *sgKey {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return &sgKey{priv, base64.StdEncoding.EncodeToString(der)}
}

// request signs body as SendGrid does: ECDSA over the timestamp header
// followed by the body.
func (k *sgKey) request(body string, ts time.Time) *http.Request {
	tss := strconv.FormatInt(ts.Unix(), 10)
	sum := sha256.Sum256([]byte(tss + body))
	sig, err := ecdsa.SignASN1(rand.Reader, k.priv, sum[:])
	if err != nil {
		panic(err)
	}
	r := postJSON("/sendgrid", []byte(body))
	r.Header.Set(SendGridSignatureHeader, base64.StdEncoding.EncodeToString(sig))
	r.Header.Set(SendGridTimestampHeader, tss)
	return r
}

func newSendGrid(t testing.TB, d *deliver.Deliverer, k *sgKey) *SendGrid {
	pub, err := ParseSendGridKey(k.b64)
	if err != nil {
		t.Fatalf("ParseSendGridKey: %v", err)
	}
	return &SendGrid{Deliverer: d, PublicKey: pub, Now: func() time.Time { return t0 }}
}

// sgEvent writes one SendGrid event with the documented fields.
func sgEvent(id, event, email, extra string) string {
	s := `{"email":"` + email + `","timestamp":1772445600,"event":"` + event + `","sg_event_id":"` + id +
		`","sg_message_id":"sgm-1.filter-1","smtp-id":"<m-1@example.org>","category":["news"]`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func TestSendGridEvents(t *testing.T) {
	k := newSGKey(t)
	tests := []struct {
		name   string
		event  string
		want   []deliver.Kind
		reason bounce.Reason
		stored bool
	}{
		{"bounce user unknown", sgEvent("e1", "bounce", "gone@example.net", `"type":"bounce","status":"5.1.1","reason":"550 5.1.1 The email account that you tried to reach does not exist."`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		// SendGrid calls it a bounce; the receiver's reply is about the
		// sender's reputation.
		{"bounce for reputation", sgEvent("e2", "bounce", "fine@example.net", `"type":"bounce","status":"5.7.1","reason":"550 5.7.1 Our system has detected that this message is likely unsolicited mail due to the poor reputation of the sending IP"`),
			[]deliver.Kind{deliver.Blocked}, "", false},
		{"bounce without reply", sgEvent("e3", "bounce", "quiet@example.net", `"type":"bounce"`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUndefined, true},
		{"bounce type blocked", sgEvent("e4", "bounce", "b@example.net", `"type":"blocked","status":"4.0.0","reason":"connection refused"`),
			[]deliver.Kind{deliver.Expired}, "", false},
		{"blocked event", sgEvent("e5", "blocked", "c@example.net", `"reason":"refused"`),
			[]deliver.Kind{deliver.Blocked}, bounce.ReasonBlocked, false},
		{"deferred", sgEvent("e6", "deferred", "d@example.net", `"response":"451 4.7.1 Greylisted, try again later","attempt":"1"`),
			[]deliver.Kind{deliver.Delayed}, "", false},
		{"dropped invalid", sgEvent("e7", "dropped", "typo@exmaple.net", `"reason":"Invalid"`),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		// Not an address: nothing can be recorded for it (Ingest reports it
		// Unmatched); the event is answered 200 all the same, as sending
		// it again would not change that.
		{"dropped unstorable", sgEvent("e7b", "dropped", "not-an-address", `"reason":"Invalid"`),
			[]deliver.Kind{deliver.Unmatched}, bounce.ReasonUserUnknown, false},
		{"dropped bounced address", sgEvent("e8", "dropped", "e@example.net", `"reason":"Bounced Address"`), nil, "", false},
		{"spamreport", sgEvent("e9", "spamreport", "angry@example.net", ""),
			[]deliver.Kind{deliver.Complained}, bounce.ReasonFeedback, true},
		{"unsubscribe", sgEvent("e10", "unsubscribe", "bye@example.net", ""),
			[]deliver.Kind{deliver.Unsubscribed}, "", true},
		{"group unsubscribe", sgEvent("e11", "group_unsubscribe", "bye2@example.net", `"asm_group_id":42`),
			[]deliver.Kind{deliver.Unsubscribed}, "", true},
		{"delivered", sgEvent("e12", "delivered", "ok@example.net", `"response":"250 OK"`), nil, "", false},
		{"open", sgEvent("e13", "open", "ok@example.net", ""), nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, st, evs := newDeliverer()
			h := newSendGrid(t, d, k)
			w := serve(h, k.request("["+tt.event+"]", t0))
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", w.Code, w.Body)
			}
			checkOutcome(t, evs.rcpt(), st, tt.want, tt.reason, tt.stored)
		})
	}
}

func TestSendGridBatchAndCorrelation(t *testing.T) {
	k := newSGKey(t)
	d, _, evs := newDeliverer()
	send(t, d, "m-1@example.org", "spring", "gone@example.net")
	send(t, d, "m-2@example.org", "autumn", "other@example.net")
	h := newSendGrid(t, d, k)
	h.IDArg = "bk_id"
	var scoped []string
	h.UnsubscribeScope = func(vars map[string]string) (string, suppress.Scope) {
		scoped = append(scoped, vars["asm_group_id"]+"/"+vars["list"])
		return vars["campaign"], suppress.Scope{List: vars["list"]}
	}
	body := "[" + strings.Join([]string{
		sgEvent("b1", "bounce", "gone@example.net", `"status":"5.1.1","reason":"550 5.1.1 user unknown"`),
		// The custom argument names the message whatever smtp-id says.
		sgEvent("b2", "bounce", "other@example.net", `"status":"5.1.1","reason":"550 5.1.1 user unknown","bk_id":"m-2@example.org"`),
		sgEvent("b3", "group_unsubscribe", "bye@example.net", `"asm_group_id":7,"list":"weekly","campaign":"spring"`),
	}, ",") + "]"
	if w := serve(h, k.request(body, t0)); w.Code != http.StatusOK {
		t.Fatalf("status %d (%s)", w.Code, w.Body)
	}
	camp := map[string]string{}
	for _, ev := range evs.rcpt() {
		if ev.Kind == deliver.Bounced || ev.Kind == deliver.Unsubscribed {
			camp[ev.Rcpt] = ev.Campaign
		}
	}
	want := map[string]string{"gone@example.net": "spring", "other@example.net": "autumn", "bye@example.net": "spring"}
	for r, c := range want {
		if camp[r] != c {
			t.Errorf("campaign of %s = %q, want %q", r, camp[r], c)
		}
	}
	if len(scoped) != 1 || scoped[0] != "7/weekly" {
		t.Errorf("UnsubscribeScope saw %q, want [7/weekly]", scoped)
	}
}

func TestSendGridRefused(t *testing.T) {
	k := newSGKey(t)
	other := newSGKey(t)
	ev := "[" + sgEvent("r1", "bounce", "gone@example.net", `"reason":"550 5.1.1 user unknown"`) + "]"
	tests := []struct {
		name  string
		req   func() *http.Request
		setup func(h *SendGrid)
		want  int
	}{
		{"no headers", func() *http.Request { return postJSON("/", []byte(ev)) }, nil, http.StatusUnauthorized},
		{"no key configured", func() *http.Request { return k.request(ev, t0) }, func(h *SendGrid) { h.PublicKey = nil }, http.StatusUnauthorized},
		{"other key", func() *http.Request { return other.request(ev, t0) }, nil, http.StatusForbidden},
		{"tampered body", func() *http.Request {
			r := k.request(ev, t0)
			forged := strings.Replace(ev, "gone@", "victim@", 1)
			r2 := postJSON("/", []byte(forged))
			r2.Header = r.Header
			return r2
		}, nil, http.StatusForbidden},
		{"tampered timestamp", func() *http.Request {
			r := k.request(ev, t0)
			r.Header.Set(SendGridTimestampHeader, strconv.FormatInt(t0.Unix()+1, 10))
			return r
		}, nil, http.StatusForbidden},
		{"signature not base64", func() *http.Request {
			r := k.request(ev, t0)
			r.Header.Set(SendGridSignatureHeader, "!!!")
			return r
		}, nil, http.StatusForbidden},
		{"expired", func() *http.Request { return k.request(ev, t0.Add(-2*time.Hour)) }, func(h *SendGrid) { h.MaxAge = time.Hour }, http.StatusForbidden},
		{"from the future", func() *http.Request { return k.request(ev, t0.Add(2*time.Hour)) }, func(h *SendGrid) { h.MaxAge = time.Hour }, http.StatusForbidden},
		{"oversized", func() *http.Request { return k.request("["+strings.Repeat(ev[1:len(ev)-1]+",", 100)+"{}]", t0) }, func(h *SendGrid) { h.MaxBytes = 1024 }, http.StatusRequestEntityTooLarge},
		{"malformed", func() *http.Request { return k.request(`[{"email":`, t0) }, nil, http.StatusBadRequest},
		{"not an array", func() *http.Request { return k.request(`{"email":"a@example.net"}`, t0) }, nil, http.StatusBadRequest},
		{"GET", func() *http.Request { return httpGet("/") }, nil, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, evs := newDeliverer()
			h := newSendGrid(t, d, k)
			if tt.setup != nil {
				tt.setup(h)
			}
			if w := serve(h, tt.req()); w.Code != tt.want {
				t.Fatalf("status = %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.want)
			}
			if n := len(evs.all()); n != 0 {
				t.Errorf("%d events recorded, want none", n)
			}
		})
	}
}

func TestSendGridRedelivery(t *testing.T) {
	k := newSGKey(t)
	d, st, evs := newDeliverer()
	h := newSendGrid(t, d, k)
	body := "[" + sgEvent("x1", "bounce", "gone@example.net", `"reason":"550 5.1.1 user unknown"`) + "," +
		sgEvent("x2", "spamreport", "angry@example.net", "") + "]"
	st.down.Store(true)
	if w := serve(h, k.request(body, t0)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down: status %d, want 503", w.Code)
	}
	st.down.Store(false)
	before := len(evs.rcpt())
	for i := range 2 {
		if w := serve(h, k.request(body, t0.Add(time.Duration(i+1)*time.Minute))); w.Code != http.StatusOK {
			t.Fatalf("redelivery %d: status %d", i, w.Code)
		}
	}
	for _, a := range []string{"gone@example.net", "angry@example.net"} {
		if _, ok := entry(t, st, a); !ok {
			t.Errorf("%s not recorded after redelivery", a)
		}
	}
	if !ingestDeduplicates() {
		t.Skip("deliver.Ingest does not deduplicate keys yet; recorded-once not checked")
	}
	if n := len(evs.rcpt()) - before; n != 2 {
		t.Errorf("redelivered twice: %d events, want 2 (each event once)", n)
	}
}

func TestParseSendGridKey(t *testing.T) {
	k := newSGKey(t)
	der, _ := base64.StdEncoding.DecodeString(k.b64)
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	for _, s := range []string{k.b64, pemKey, " " + k.b64 + "\n"} {
		if _, err := ParseSendGridKey(s); err != nil {
			t.Errorf("ParseSendGridKey(%q) = %v", s, err)
		}
	}
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	d384, _ := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	rk, _ := rsa.GenerateKey(rand.Reader, 1024)
	drsa, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	for _, s := range []string{"", "not base64!", base64.StdEncoding.EncodeToString([]byte("junk")),
		base64.StdEncoding.EncodeToString(d384), base64.StdEncoding.EncodeToString(drsa)} {
		if _, err := ParseSendGridKey(s); err == nil {
			t.Errorf("ParseSendGridKey(%q) = ok, want an error", s)
		}
	}
}

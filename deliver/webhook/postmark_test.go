package webhook

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
)

const (
	pmUser = "bouncekit"
	pmPass = "s3cret-webhook-password"
)

func newPostmark(d *deliver.Deliverer) *Postmark {
	return &Postmark{Deliverer: d, Username: pmUser, Password: pmPass, IDField: "bk_id"}
}

// pmRequest posts body over (pretended) TLS with the test credentials.
func pmRequest(body string) *http.Request {
	r := postJSON("/postmark", []byte(body))
	r.TLS = &tls.ConnectionState{}
	r.SetBasicAuth(pmUser, pmPass)
	return r
}

// pmBounce writes a Postmark bounce record with the documented fields.
func pmBounce(id, typ, email, details string) string {
	return `{"RecordType":"Bounce","ID":` + id + `,"Type":"` + typ + `","TypeCode":1,"Name":"x","Tag":"news",
"MessageID":"00000000-0000-4000-8000-000000000001","ServerID":1,"Description":"d","Details":` + jsonString(details) + `,
"Email":"` + email + `","From":"news@example.org","BouncedAt":"2026-03-02T10:00:00Z","Inactive":false,"CanActivate":true,
"Subject":"News","Metadata":{"bk_id":"m-1@example.org","list":"weekly"},"MessageStream":"broadcast"}`
}

func TestPostmarkTypes(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   []deliver.Kind
		reason bounce.Reason
		stored bool
	}{
		{"HardBounce user unknown", pmBounce("1", "HardBounce", "gone@example.net", "smtp;550 5.1.1 The email account that you tried to reach does not exist"),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		// Postmark files it as a hard bounce; the reply is a block list.
		{"HardBounce blocklisted", pmBounce("2", "HardBounce", "fine@example.net", "smtp;554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using b.barracudacentral.org"),
			[]deliver.Kind{deliver.Blocked}, bounce.ReasonBlocked, false},
		{"HardBounce no detail", pmBounce("3", "HardBounce", "q@example.net", "Test bounce details"),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUndefined, true},
		{"SoftBounce", pmBounce("4", "SoftBounce", "soft@example.net", "unable to deliver right now"),
			[]deliver.Kind{deliver.Expired}, "", false},
		{"SoftBounce codeless user unknown", pmBounce("5", "SoftBounce", "soft2@example.net", "user unknown"),
			[]deliver.Kind{deliver.Expired}, bounce.ReasonUserUnknown, false},
		{"Transient", pmBounce("6", "Transient", "later@example.net", "smtp;421 4.7.0 Try again later"),
			[]deliver.Kind{deliver.Delayed}, "", false},
		{"DnsError", pmBounce("7", "DnsError", "dns@example.net", ""), []deliver.Kind{deliver.Expired}, bounce.ReasonNetworkError, false},
		{"SpamNotification", pmBounce("8", "SpamNotification", "s@example.net", ""), []deliver.Kind{deliver.Blocked}, bounce.ReasonSpamDetected, false},
		{"VirusNotification", pmBounce("9", "VirusNotification", "v@example.net", ""), []deliver.Kind{deliver.Blocked}, bounce.ReasonVirusDetected, false},
		{"BadEmailAddress", pmBounce("10", "BadEmailAddress", "bad@example.net", ""), []deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		{"Blocked", pmBounce("11", "Blocked", "blk@example.net", ""), []deliver.Kind{deliver.Blocked}, bounce.ReasonBlocked, false},
		{"DMARCPolicy", pmBounce("12", "DMARCPolicy", "dm@example.net", ""), []deliver.Kind{deliver.Blocked}, bounce.ReasonAuthFailure, false},
		{"Unknown", pmBounce("13", "Unknown", "u@example.net", ""), []deliver.Kind{deliver.Expired}, bounce.ReasonUndefined, false},
		{"SpamComplaint", strings.Replace(pmBounce("14", "SpamComplaint", "angry@example.net", ""), `"RecordType":"Bounce"`, `"RecordType":"SpamComplaint"`, 1),
			[]deliver.Kind{deliver.Complained}, bounce.ReasonFeedback, true},
		{"Unsubscribe", pmBounce("15", "Unsubscribe", "bye@example.net", ""), []deliver.Kind{deliver.Unsubscribed}, "", true},
		{"SubscriptionChange", `{"RecordType":"SubscriptionChange","MessageID":"x","ServerID":1,"ChangedAt":"2026-03-02T10:00:00Z",
"Recipient":"bye2@example.net","Origin":"Recipient","SuppressSending":true,"SuppressionReason":"ManualSuppression","Tag":"","Metadata":{}}`,
			[]deliver.Kind{deliver.Unsubscribed}, "", true},
		{"SubscriptionChange reactivation", `{"RecordType":"SubscriptionChange","Recipient":"back@example.net","SuppressSending":false,"SuppressionReason":null}`, nil, "", false},
		{"SubscriptionChange hard bounce", `{"RecordType":"SubscriptionChange","Recipient":"hb@example.net","SuppressSending":true,"SuppressionReason":"HardBounce"}`, nil, "", false},
	}
	for _, typ := range []string{"Subscribe", "AutoResponder", "AddressChange", "OpenRelayTest", "ChallengeVerification",
		"ManuallyDeactivated", "Unconfirmed", "SMTPApiError", "InboundError", "TemplateRenderingFailed", "InboxPlacement", "SomethingNew"} {
		tests = append(tests, struct {
			name   string
			body   string
			want   []deliver.Kind
			reason bounce.Reason
			stored bool
		}{typ + " ignored", pmBounce("99", typ, "i@example.net", "smtp;550 5.1.1 user unknown"), nil, "", false})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, st, evs := newDeliverer()
			h := newPostmark(d)
			if w := serve(h, pmRequest(tt.body)); w.Code != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", w.Code, w.Body)
			}
			checkOutcome(t, evs.rcpt(), st, tt.want, tt.reason, tt.stored)
		})
	}
}

func TestPostmarkCorrelation(t *testing.T) {
	d, _, evs := newDeliverer()
	send(t, d, "m-1@example.org", "spring", "gone@example.net")
	if w := serve(newPostmark(d), pmRequest(pmBounce("20", "HardBounce", "gone@example.net", "smtp;550 5.1.1 user unknown"))); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	for _, e := range evs.rcpt() {
		if e.Kind == deliver.Bounced && e.Campaign != "spring" {
			t.Errorf("campaign = %q, want spring (from Metadata bk_id)", e.Campaign)
		}
	}
}

func TestPostmarkRefused(t *testing.T) {
	good := pmBounce("30", "HardBounce", "gone@example.net", "smtp;550 5.1.1 user unknown")
	tests := []struct {
		name  string
		req   func() *http.Request
		setup func(h *Postmark)
		want  int
	}{
		{"plain HTTP", func() *http.Request { r := pmRequest(good); r.TLS = nil; return r }, nil, http.StatusForbidden},
		{"forwarded proto not trusted", func() *http.Request {
			r := pmRequest(good)
			r.TLS = nil
			r.Header.Set("X-Forwarded-Proto", "https")
			return r
		}, nil, http.StatusForbidden},
		{"no credentials", func() *http.Request { r := pmRequest(good); r.Header.Del("Authorization"); return r }, nil, http.StatusUnauthorized},
		{"wrong password", func() *http.Request { r := pmRequest(good); r.SetBasicAuth(pmUser, pmPass+"x"); return r }, nil, http.StatusUnauthorized},
		{"wrong user", func() *http.Request { r := pmRequest(good); r.SetBasicAuth("other", pmPass); return r }, nil, http.StatusUnauthorized},
		{"password too short", func() *http.Request { r := pmRequest(good); r.SetBasicAuth(pmUser, "short"); return r },
			func(h *Postmark) { h.Password = "short" }, http.StatusUnauthorized},
		{"oversized", func() *http.Request {
			return pmRequest(good[:len(good)-1] + `,"Content":"` + strings.Repeat("x", 4096) + `"}`)
		},
			func(h *Postmark) { h.MaxBytes = 2048 }, http.StatusRequestEntityTooLarge},
		{"malformed", func() *http.Request { return pmRequest(`{"RecordType":`) }, nil, http.StatusBadRequest},
		{"bad ID", func() *http.Request { return pmRequest(strings.Replace(good, `"ID":30`, `"ID":"x"`, 1)) }, nil, http.StatusBadRequest},
		{"GET", func() *http.Request {
			r := httpGet("/")
			r.TLS = &tls.ConnectionState{}
			r.SetBasicAuth(pmUser, pmPass)
			return r
		}, nil, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, evs := newDeliverer()
			h := newPostmark(d)
			if tt.setup != nil {
				tt.setup(h)
			}
			w := serve(h, tt.req())
			if w.Code != tt.want {
				t.Fatalf("status = %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.want)
			}
			if w.Code == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if n := len(evs.all()); n != 0 {
				t.Errorf("%d events recorded, want none", n)
			}
		})
	}
}

func TestPostmarkTransport(t *testing.T) {
	good := pmBounce("40", "HardBounce", "gone@example.net", "smtp;550 5.1.1 user unknown")
	d, _, _ := newDeliverer()
	h := newPostmark(d)
	h.TrustForwardedProto = true
	r := pmRequest(good)
	r.TLS = nil
	r.Header.Set("X-Forwarded-Proto", "https")
	if w := serve(h, r); w.Code != http.StatusOK {
		t.Errorf("trusted X-Forwarded-Proto https: status %d, want 200", w.Code)
	}
	r = pmRequest(good)
	r.TLS = nil
	r.Header.Set("X-Forwarded-Proto", "http")
	if w := serve(h, r); w.Code != http.StatusForbidden {
		t.Errorf("trusted X-Forwarded-Proto http: status %d, want 403", w.Code)
	}
	h = newPostmark(d)
	h.AllowHTTP = true
	r = pmRequest(good)
	r.TLS = nil
	if w := serve(h, r); w.Code != http.StatusOK {
		t.Errorf("AllowHTTP: status %d, want 200", w.Code)
	}
}

func TestPostmarkStoreDown(t *testing.T) {
	d, st, _ := newDeliverer()
	h := newPostmark(d)
	body := pmBounce("50", "HardBounce", "gone@example.net", "smtp;550 5.1.1 user unknown")
	st.down.Store(true)
	if w := serve(h, pmRequest(body)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down: status %d, want 503", w.Code)
	}
	unsub := pmBounce("51", "Unsubscribe", "bye@example.net", "")
	if w := serve(h, pmRequest(unsub)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down, unsubscribe: status %d, want 503", w.Code)
	}
	st.down.Store(false)
	if w := serve(h, pmRequest(body)); w.Code != http.StatusOK {
		t.Fatalf("retry: status %d, want 200", w.Code)
	}
	if _, ok := entry(t, st, "gone@example.net"); !ok {
		t.Error("bounce not recorded after retry")
	}
}

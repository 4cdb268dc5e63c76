package webhook

import (
	"net/http"
	"testing"
	"unicode/utf8"
)

// The fuzz tests feed arbitrary bodies to each parser behind a valid
// signature (or valid credentials), so that the parsing is reached. The
// property: no panic, an answer of 200 or 400 (the Store never fails
// here, so nothing may answer 5xx), and each recorded event names a
// recipient in valid UTF-8 whenever the input was.

// okStatus fails unless code is 200 or 400.
func okStatus(t *testing.T, code int, body []byte) {
	t.Helper()
	if code != http.StatusOK && code != http.StatusBadRequest {
		t.Fatalf("status %d for %q", code, body)
	}
}

func checkEvents(t *testing.T, evs *events, in []byte) {
	t.Helper()
	for _, ev := range evs.rcpt() {
		if utf8.Valid(in) && !utf8.ValidString(ev.Rcpt) {
			t.Fatalf("recipient %q is not UTF-8 for UTF-8 input %q", ev.Rcpt, in)
		}
	}
}

func FuzzSESNotification(f *testing.F) {
	for _, s := range []string{
		sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown"),
		sesBounce("Transient", "MailboxFull", "full@example.net", "", ""),
		`{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"a@example.net"}]},"mail":{}}`,
		`{"eventType":"DeliveryDelay","deliveryDelay":{"delayedRecipients":[{"emailAddress":"a@example.net","status":"4.4.7"}]}}`,
		`{"eventType":"Reject","reject":{"reason":"Bad content"},"mail":{"destination":["a@example.net"]}}`,
		`{"notificationType":"Bounce"}`, `null`, `[]`, `{"mail":{"headers":[{"name":"Message-ID"}]}}`,
	} {
		f.Add(s)
	}
	s := testSigner(f)
	f.Fuzz(func(t *testing.T, msg string) {
		d, _, evs := newDeliverer()
		h := newSES(d, s)
		body := s.notification("fuzz", msg, "2").body()
		w := serve(h, postJSON("/", body))
		okStatus(t, w.Code, body)
		checkEvents(t, evs, []byte(msg))
	})
}

func FuzzSendGridBatch(f *testing.F) {
	for _, s := range []string{
		"[" + sgEvent("e1", "bounce", "gone@example.net", `"status":"5.1.1","reason":"550 5.1.1 user unknown"`) + "]",
		"[" + sgEvent("e2", "deferred", "d@example.net", `"response":"451 later"`) + "," + sgEvent("e3", "unsubscribe", "u@example.net", "") + "]",
		"[" + sgEvent("e4", "dropped", "x@example.net", `"reason":"Invalid"`) + "]",
		`[]`, `[null]`, `[{"event":"bounce"}]`, `[{"event":"spamreport","email":""}]`, `{}`,
	} {
		f.Add(s)
	}
	k := newSGKey(f)
	f.Fuzz(func(t *testing.T, body string) {
		d, _, evs := newDeliverer()
		h := newSendGrid(t, d, k)
		w := serve(h, k.request(body, t0))
		okStatus(t, w.Code, []byte(body))
		checkEvents(t, evs, []byte(body))
	})
}

func FuzzMailgunEvent(f *testing.F) {
	for _, s := range []string{
		mgEvent("g1", "failed", "gone@example.net", `"severity":"permanent","delivery-status":{"code":550,"message":"5.1.1 user unknown"}`),
		mgEvent("g2", "failed", "t@example.net", `"severity":"temporary","delivery-status":{"code":"451","enhanced-code":"4.7.1"}`),
		mgEvent("g3", "complained", "c@example.net", ""),
		mgEvent("g4", "unsubscribed", "u@example.net", `"user-variables":{"n":1,"b":true,"o":{}}`),
		`null`, `{}`, `{"event":"failed","id":"x","message":{"headers":{"message-id":["a","b"]}}}`,
	} {
		f.Add(s)
	}
	s := newMGSigner(f)
	f.Fuzz(func(t *testing.T, eventData string) {
		d, _, evs := newDeliverer()
		h := newMailgun(d, s)
		body := s.body(eventData, t0)
		w := serve(h, postJSON("/", []byte(body)))
		okStatus(t, w.Code, []byte(body))
		checkEvents(t, evs, []byte(eventData))
	})
}

func FuzzPostmarkRecord(f *testing.F) {
	for _, s := range []string{
		pmBounce("1", "HardBounce", "gone@example.net", "smtp;550 5.1.1 user unknown"),
		pmBounce("2", "Transient", "t@example.net", ""),
		pmBounce("3", "Unsubscribe", "u@example.net", ""),
		`{"RecordType":"SubscriptionChange","Recipient":"x@example.net","SuppressSending":true,"SuppressionReason":"ManualSuppression"}`,
		`{"Type":"HardBounce","ID":1e400,"Email":"a@example.net"}`, `{"ID":-1}`, `null`, `[]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d, _, evs := newDeliverer()
		w := serve(newPostmark(d), pmRequest(body))
		okStatus(t, w.Code, []byte(body))
		checkEvents(t, evs, []byte(body))
	})
}

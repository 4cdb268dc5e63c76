package webhook

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
)

const (
	testTopic   = "arn:aws:sns:eu-west-1:123456789012:ses-bounces"
	testCertURL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem"
)

// snsSigner signs SNS messages with a self-signed certificate that a fake
// transport serves at testCertURL.
type snsSigner struct {
	key     *rsa.PrivateKey
	certPEM []byte

	mu      sync.Mutex
	fetches map[string]int
}

var (
	signerOnce sync.Once
	signer     *snsSigner
)

// testSigner returns the signer shared by the tests (an RSA key is slow
// to generate).
func testSigner(t testing.TB) *snsSigner {
	signerOnce.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1),
			Subject:      pkix.Name{CommonName: "sns.eu-west-1.amazonaws.com"},
			NotBefore:    t0.Add(-24 * time.Hour),
			NotAfter:     t0.Add(365 * 24 * time.Hour),
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		signer = &snsSigner{key: key, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
	})
	signer.mu.Lock()
	signer.fetches = map[string]int{}
	signer.mu.Unlock()
	return signer
}

// RoundTrip serves the certificate and SubscribeURLs; it counts fetches.
func (s *snsSigner) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.fetches[r.URL.String()]++
	s.mu.Unlock()
	body, code := "", http.StatusNotFound
	switch {
	case r.URL.String() == testCertURL:
		body, code = string(s.certPEM), http.StatusOK
	case strings.Contains(r.URL.RawQuery, "Action=ConfirmSubscription"):
		body, code = "<ConfirmSubscriptionResponse/>", http.StatusOK
	}
	return &http.Response{StatusCode: code, Status: http.StatusText(code), Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}, Request: r}, nil
}

func (s *snsSigner) fetched(url string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches[url]
}

// snsMsg is an SNS delivery as the tests write it.
type snsMsg struct {
	Type             string  `json:"Type"`
	MessageId        string  `json:"MessageId"`
	Token            string  `json:"Token,omitempty"`
	TopicArn         string  `json:"TopicArn"`
	Subject          *string `json:"Subject,omitempty"`
	Message          string  `json:"Message"`
	Timestamp        string  `json:"Timestamp"`
	SignatureVersion string  `json:"SignatureVersion"`
	Signature        string  `json:"Signature"`
	SigningCertURL   string  `json:"SigningCertURL"`
	SubscribeURL     string  `json:"SubscribeURL,omitempty"`
}

// sign signs m as SNS documents it: the fields in byte order of their
// names, each as "name\nvalue\n", Subject only when present.
func (s *snsSigner) sign(m *snsMsg) {
	var b strings.Builder
	w := func(k, v string) { b.WriteString(k + "\n" + v + "\n") }
	w("Message", m.Message)
	w("MessageId", m.MessageId)
	if m.Type == "Notification" {
		if m.Subject != nil {
			w("Subject", *m.Subject)
		}
		w("Timestamp", m.Timestamp)
	} else {
		w("SubscribeURL", m.SubscribeURL)
		w("Timestamp", m.Timestamp)
		w("Token", m.Token)
	}
	w("TopicArn", m.TopicArn)
	w("Type", m.Type)
	var sig []byte
	var err error
	if m.SignatureVersion == "1" {
		sum := sha1.Sum([]byte(b.String()))
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA1, sum[:])
	} else {
		sum := sha256.Sum256([]byte(b.String()))
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	}
	if err != nil {
		panic(err)
	}
	m.Signature = base64.StdEncoding.EncodeToString(sig)
}

// notification wraps an SES notification in a signed SNS message.
func (s *snsSigner) notification(id, message, version string) *snsMsg {
	// What is signed is the message as the JSON carries it (invalid UTF-8
	// becomes U+FFFD).
	var decoded string
	if json.Unmarshal([]byte(jsonString(message)), &decoded) == nil {
		message = decoded
	}
	m := &snsMsg{
		Type: "Notification", MessageId: id, TopicArn: testTopic, Message: message,
		Timestamp: "2026-03-02T10:00:00.000Z", SignatureVersion: version, SigningCertURL: testCertURL,
	}
	s.sign(m)
	return m
}

func (m *snsMsg) body() []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func newSES(d *deliver.Deliverer, s *snsSigner) *SES {
	return &SES{Deliverer: d, TopicARNs: []string{testTopic}, Client: &http.Client{Transport: s}, Now: func() time.Time { return t0 }}
}

// sesBounce writes an SES bounce notification.
func sesBounce(typ, sub, rcpt, status, diag string) string {
	return `{"notificationType":"Bounce","bounce":{"bounceType":"` + typ + `","bounceSubType":"` + sub + `",
"bouncedRecipients":[{"emailAddress":"` + rcpt + `","action":"failed","status":"` + status + `","diagnosticCode":` + jsonString(diag) + `}],
"timestamp":"2026-03-02T09:59:00.000Z","feedbackId":"fb-1","reportingMTA":"dsn; out.eu-west-1.example.com"},
"mail":{"timestamp":"2026-03-02T09:58:00.000Z","source":"news@example.org","messageId":"0100abc-ses",
"destination":["` + rcpt + `"],"headers":[{"name":"From","value":"news@example.org"},{"name":"Message-ID","value":"<m-1@example.org>"}],
"commonHeaders":{"from":["news@example.org"],"to":["` + rcpt + `"],"messageId":"0100abc-ses","subject":"News"}}}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestSESNotifications(t *testing.T) {
	s := testSigner(t)
	tests := []struct {
		name    string
		message string
		want    []deliver.Kind
		reason  bounce.Reason
		stored  bool // a suppression entry is expected
	}{
		{"permanent user unknown", sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown"),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		// SES files this as a permanent bounce; the receiver's reply says the
		// sending IP is on a block list: the recipient is not at fault.
		{"permanent but blocklisted", sesBounce("Permanent", "General", "fine@example.net", "5.7.1", "smtp; 550 5.7.1 Service unavailable; client host [192.0.2.7] blocked using zen.spamhaus.org"),
			[]deliver.Kind{deliver.Blocked}, bounce.ReasonBlocked, false},
		{"permanent no reply", sesBounce("Permanent", "NoEmail", "nobody@example.net", "", ""),
			[]deliver.Kind{deliver.Bounced}, bounce.ReasonUserUnknown, true},
		{"transient mailbox full", sesBounce("Transient", "MailboxFull", "full@example.net", "", ""),
			[]deliver.Kind{deliver.Expired}, bounce.ReasonMailboxFull, false},
		// Without codes, a reply cannot make a transient bounce hard.
		{"transient codeless user unknown", sesBounce("Transient", "General", "maybe@example.net", "", "user unknown"),
			[]deliver.Kind{deliver.Expired}, bounce.ReasonUserUnknown, false},
		{"undetermined", sesBounce("Undetermined", "Undetermined", "odd@example.net", "", ""),
			[]deliver.Kind{deliver.Expired}, bounce.ReasonOnHold, false},
		{"suppression list", sesBounce("Permanent", "OnAccountSuppressionList", "listed@example.net", "", ""), nil, "", false},
		{"complaint", `{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"angry@example.net"}],
"timestamp":"2026-03-02T09:59:00.000Z","feedbackId":"fb-2","userAgent":"isp-fbl","complaintFeedbackType":"abuse","arrivalDate":"2026-03-02T09:58:30.000Z"},
"mail":{"messageId":"0100def-ses","headers":[{"name":"Message-ID","value":"<m-1@example.org>"}],"commonHeaders":{}}}`,
			[]deliver.Kind{deliver.Complained}, bounce.ReasonFeedback, true},
		{"complaint suppression list", `{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"x@example.net"}],"complaintSubType":"OnAccountSuppressionList"},"mail":{}}`, nil, "", false},
		{"delivery delay", `{"eventType":"DeliveryDelay","deliveryDelay":{"delayType":"MailboxFull","delayedRecipients":[{"emailAddress":"slow@example.net","status":"4.2.2","diagnosticCode":"smtp; 452 4.2.2 Mailbox full"}],
"expirationTime":"2026-03-03T10:00:00.000Z","reportingMTA":"out.example.com","timestamp":"2026-03-02T10:00:00.000Z"},"mail":{"messageId":"0100ghi-ses"}}`,
			[]deliver.Kind{deliver.Delayed}, bounce.ReasonMailboxFull, false},
		{"reject", `{"eventType":"Reject","reject":{"reason":"Bad content"},"mail":{"messageId":"0100jkl-ses","destination":["a@example.net","b@example.net"]}}`,
			[]deliver.Kind{deliver.Blocked, deliver.Blocked}, bounce.ReasonVirusDetected, false},
		{"delivery", `{"notificationType":"Delivery","delivery":{"recipients":["ok@example.net"]},"mail":{"messageId":"0100mno-ses"}}`, nil, "", false},
	}
	for _, tt := range tests {
		for _, version := range []string{"1", "2"} {
			t.Run(tt.name+"/v"+version, func(t *testing.T) {
				d, st, evs := newDeliverer()
				h := newSES(d, s)
				w := serve(h, postJSON("/ses", s.notification("sns-"+tt.name, tt.message, version).body()))
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d (%s), want 200", w.Code, w.Body)
				}
				got := evs.rcpt()
				if !slices.Equal(kinds(got), tt.want) {
					t.Fatalf("event kinds = %v, want %v", kinds(got), tt.want)
				}
				for _, ev := range got {
					if ev.Result.Reason != tt.reason {
						t.Errorf("reason of %s = %q, want %q", ev.Rcpt, ev.Result.Reason, tt.reason)
					}
					if !ev.Async {
						t.Errorf("event of %s not Async", ev.Rcpt)
					}
					if _, ok := entry(t, st, ev.Rcpt); ok != tt.stored {
						t.Errorf("store entry of %s: %v, want %v", ev.Rcpt, ok, tt.stored)
					}
				}
			})
		}
	}
}

func TestSESCorrelation(t *testing.T) {
	s := testSigner(t)
	d, _, evs := newDeliverer()
	send(t, d, "m-1@example.org", "spring", "gone@example.net")
	h := newSES(d, s)
	msg := sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown")
	if w := serve(h, postJSON("/ses", s.notification("sns-c1", msg, "2").body())); w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", w.Code)
	}
	var found bool
	for _, ev := range evs.all() {
		if ev.Kind == deliver.Bounced {
			found = true
			if ev.Campaign != "spring" || ev.MessageID != "m-1@example.org" {
				t.Errorf("bounce event campaign %q message %q, want spring, m-1@example.org", ev.Campaign, ev.MessageID)
			}
		}
	}
	if !found {
		t.Fatalf("no Bounced event in %v", kinds(evs.all()))
	}
}

func TestSESRefused(t *testing.T) {
	s := testSigner(t)
	good := sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown")
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"unsigned", func() *http.Request {
			m := s.notification("n1", good, "2")
			m.Signature = ""
			return postJSON("/", m.body())
		}, http.StatusUnauthorized},
		{"forged message", func() *http.Request {
			m := s.notification("n2", good, "2")
			m.Message = strings.Replace(m.Message, "gone@", "victim@", -1)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"forged subject", func() *http.Request {
			m := s.notification("n3", good, "1")
			subj := "added"
			m.Subject = &subj
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"signature of another key", func() *http.Request {
			m := s.notification("n4", good, "2")
			other, _ := rsa.GenerateKey(rand.Reader, 1024)
			sum := sha256.Sum256([]byte("x"))
			sig, _ := rsa.SignPKCS1v15(rand.Reader, other, crypto.SHA256, sum[:])
			m.Signature = base64.StdEncoding.EncodeToString(sig)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"unknown signature version", func() *http.Request {
			m := s.notification("n5", good, "2")
			m.SignatureVersion = "3"
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"cert over http", func() *http.Request {
			m := &snsMsg{Type: "Notification", MessageId: "n6", TopicArn: testTopic, Message: good, Timestamp: "t", SignatureVersion: "2",
				SigningCertURL: "http://sns.eu-west-1.amazonaws.com/cert.pem"}
			s.sign(m)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"cert on another host", func() *http.Request {
			m := &snsMsg{Type: "Notification", MessageId: "n7", TopicArn: testTopic, Message: good, Timestamp: "t", SignatureVersion: "2",
				SigningCertURL: "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem"}
			s.sign(m)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"cert on an amazonaws host that is not SNS", func() *http.Request {
			m := &snsMsg{Type: "Notification", MessageId: "n8", TopicArn: testTopic, Message: good, Timestamp: "t", SignatureVersion: "2",
				SigningCertURL: "https://bucket.s3.amazonaws.com/cert.pem"}
			s.sign(m)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"unknown topic", func() *http.Request {
			m := &snsMsg{Type: "Notification", MessageId: "n9", TopicArn: "arn:aws:sns:eu-west-1:999999999999:other", Message: good, Timestamp: "t", SignatureVersion: "2", SigningCertURL: testCertURL}
			s.sign(m)
			return postJSON("/", m.body())
		}, http.StatusForbidden},
		{"malformed envelope", func() *http.Request { return postJSON("/", []byte(`{"Type":`)) }, http.StatusBadRequest},
		{"malformed notification", func() *http.Request {
			return postJSON("/", s.notification("n10", `{"notificationType":`, "2").body())
		}, http.StatusBadRequest},
		{"oversized", func() *http.Request {
			m := s.notification("n11", good+strings.Repeat(" ", 4096), "2")
			return postJSON("/", m.body())
		}, http.StatusRequestEntityTooLarge},
		{"GET", func() *http.Request { return httpGet("/") }, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _, evs := newDeliverer()
			h := newSES(d, s)
			h.MaxBytes = 4096
			if w := serve(h, tt.req()); w.Code != tt.want {
				t.Fatalf("status = %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.want)
			}
			if n := len(evs.all()); n != 0 {
				t.Errorf("%d events recorded, want none", n)
			}
		})
	}
}

func httpGet(url string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, url, nil)
	return r
}

func TestSESCertCache(t *testing.T) {
	s := testSigner(t)
	d, _, _ := newDeliverer()
	h := newSES(d, s)
	for i, id := range []string{"a", "b", "c"} {
		msg := sesBounce("Permanent", "General", id+"@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown")
		if w := serve(h, postJSON("/", s.notification("cache-"+id, msg, "2").body())); w.Code != http.StatusOK {
			t.Fatalf("message %d: status %d", i, w.Code)
		}
	}
	if n := s.fetched(testCertURL); n != 1 {
		t.Errorf("certificate fetched %d times, want 1", n)
	}
	// A cache of one: a second certificate URL evicts the first.
	h2 := newSES(d, s)
	h2.MaxCerts = 1
	for i := range 3 {
		u := testCertURL
		if i == 1 {
			u = "https://sns.us-east-1.amazonaws.com/other.pem" // served 404: the message is answered 503
		}
		m := &snsMsg{Type: "Notification", MessageId: "e" + string(rune('0'+i)), TopicArn: testTopic, Message: `{"notificationType":"Delivery","mail":{}}`, Timestamp: "t", SignatureVersion: "2", SigningCertURL: u}
		s.sign(m)
		serve(h2, postJSON("/", m.body()))
	}
	if n := len(h2.certs); n > 1 {
		t.Errorf("cache holds %d certificates, want at most 1", n)
	}
}

func TestSESSubscription(t *testing.T) {
	s := testSigner(t)
	d, _, _ := newDeliverer()
	sub := func(url string) *snsMsg {
		m := &snsMsg{Type: "SubscriptionConfirmation", MessageId: "s1", Token: "tok", TopicArn: testTopic,
			Message: "You have chosen to subscribe", Timestamp: "2026-03-02T10:00:00.000Z", SignatureVersion: "2",
			SigningCertURL: testCertURL, SubscribeURL: url}
		s.sign(m)
		return m
	}
	confirm := "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + testTopic + "&Token=tok"

	h := newSES(d, s)
	if w := serve(h, postJSON("/", sub(confirm).body())); w.Code != http.StatusOK {
		t.Fatalf("unconfirmed: status %d, want 200", w.Code)
	}
	if n := s.fetched(confirm); n != 0 {
		t.Fatalf("SubscribeURL fetched %d times without ConfirmSubscriptions", n)
	}
	h.ConfirmSubscriptions = true
	if w := serve(h, postJSON("/", sub(confirm).body())); w.Code != http.StatusOK {
		t.Fatalf("confirmed: status %d, want 200", w.Code)
	}
	if n := s.fetched(confirm); n != 1 {
		t.Fatalf("SubscribeURL fetched %d times, want 1", n)
	}
	evil := "https://attacker.example/?Action=ConfirmSubscription"
	if w := serve(h, postJSON("/", sub(evil).body())); w.Code != http.StatusForbidden {
		t.Fatalf("foreign SubscribeURL: status %d, want 403", w.Code)
	}
	if n := s.fetched(evil); n != 0 {
		t.Fatalf("foreign SubscribeURL fetched")
	}
}

func TestSESStoreDown(t *testing.T) {
	s := testSigner(t)
	d, st, evs := newDeliverer()
	h := newSES(d, s)
	body := s.notification("sns-down", sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown"), "2").body()
	st.down.Store(true)
	if w := serve(h, postJSON("/", body)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down: status %d, want 503", w.Code)
	}
	st.down.Store(false)
	for i := range 2 { // SNS delivers again; a duplicate delivery follows
		if w := serve(h, postJSON("/", body)); w.Code != http.StatusOK {
			t.Fatalf("redelivery %d: status %d, want 200", i, w.Code)
		}
	}
	if _, ok := entry(t, st, "gone@example.net"); !ok {
		t.Fatal("bounce not recorded after redelivery")
	}
	if !ingestDeduplicates() {
		t.Skip("deliver.Ingest does not deduplicate keys yet; recorded-once not checked")
	}
	var n int
	for _, ev := range evs.rcpt() {
		if ev.Kind == deliver.Bounced && ev.Err != nil {
			n++
		}
	}
	// The failed attempt emitted an event too; the two redeliveries count once.
	if n > 2 {
		t.Errorf("%d Bounced events, want the redelivered event recorded once", n)
	}
}

func TestAWSURL(t *testing.T) {
	good := []string{
		"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
		"https://sns.cn-north-1.amazonaws.com.cn/x.pem",
		"https://SNS.EU-WEST-1.AMAZONAWS.COM/x.pem",
	}
	bad := []string{
		"http://sns.us-east-1.amazonaws.com/x.pem",
		"https://sns.us-east-1.amazonaws.com:8443/x.pem",
		"https://user@sns.us-east-1.amazonaws.com/x.pem",
		"https://sns.amazonaws.com/x.pem",
		"https://sns..amazonaws.com/x.pem",
		"https://evil.sns.us-east-1.amazonaws.com/x.pem",
		"https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
		"https://snsus-east-1.amazonaws.com/x.pem",
		"https://sns.us_east-1.amazonaws.com/x.pem",
		"//sns.us-east-1.amazonaws.com/x.pem",
		"",
	}
	for _, u := range good {
		if _, err := awsURL(u); err != nil {
			t.Errorf("awsURL(%q) = %v, want ok", u, err)
		}
	}
	for _, u := range bad {
		if _, err := awsURL(u); err == nil {
			t.Errorf("awsURL(%q) = ok, want an error", u)
		}
	}
}

func TestSESCertExpired(t *testing.T) {
	s := testSigner(t)
	d, _, evs := newDeliverer()
	h := newSES(d, s)
	h.Now = func() time.Time { return t0.Add(2 * 365 * 24 * time.Hour) } // past the certificate's NotAfter
	msg := sesBounce("Permanent", "General", "gone@example.net", "5.1.1", "smtp; 550 5.1.1 user unknown")
	if w := serve(h, postJSON("/", s.notification("exp", msg, "2").body())); w.Code != http.StatusForbidden {
		t.Fatalf("expired certificate: status %d, want 403", w.Code)
	}
	if len(evs.all()) != 0 {
		t.Error("events recorded with an expired certificate")
	}
}

package webhook_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/webhook"
	"github.com/bouncekit/bouncekit/suppress"
)

// newDeliverer returns a Deliverer that prints each outcome.
func newDeliverer() *deliver.Deliverer {
	return &deliver.Deliverer{
		Sender: deliver.SenderFunc(func(context.Context, *deliver.Message) ([]error, error) { return nil, nil }),
		Store:  &suppress.Memory{},
		OnEvent: func(e deliver.Event) {
			fmt.Printf("%s %s (%s, %s)\n", e.Kind, e.Rcpt, e.Result.Category, e.Result.Reason)
		},
	}
}

// Mount the SES handler where the SNS topic's HTTPS subscription points.
// SNS signs every message; the handler checks the signature with the
// certificate it fetches from SNS and accepts only the listed topics.
func ExampleSES() {
	mux := http.NewServeMux()
	mux.Handle("/webhooks/ses", &webhook.SES{
		Deliverer:            newDeliverer(),
		TopicARNs:            []string{"arn:aws:sns:eu-west-1:123456789012:ses-bounces"},
		ConfirmSubscriptions: true,
	})
	_ = mux // http.ListenAndServeTLS(":443", "cert.pem", "key.pem", mux)
}

// SendGrid signs each batch with ECDSA; the handler verifies it with the
// verification key from SendGrid's mail settings. The second bounce is
// filed as a bounce by SendGrid, but the receiver's reply says it refused
// the sending IP: it is Blocked, and the recipient is not suppressed.
func ExampleSendGrid() {
	// SendGrid holds the private key; the test makes one.
	priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	key, err := webhook.ParseSendGridKey(base64.StdEncoding.EncodeToString(der))
	if err != nil {
		panic(err)
	}
	h := &webhook.SendGrid{Deliverer: newDeliverer(), PublicKey: key}

	body := `[{"email":"gone@example.net","event":"bounce","sg_event_id":"ev-1","smtp-id":"<m-1@example.org>",
  "status":"5.1.1","reason":"550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown"},
 {"email":"fine@example.net","event":"bounce","sg_event_id":"ev-2","smtp-id":"<m-1@example.org>",
  "status":"5.7.1","reason":"550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org"}]`
	ts := fmt.Sprint(time.Now().Unix())
	sum := sha256.Sum256([]byte(ts + body))
	sig, _ := ecdsa.SignASN1(rand.Reader, priv, sum[:])

	r := httptest.NewRequest("POST", "/webhooks/sendgrid", strings.NewReader(body))
	r.Header.Set(webhook.SendGridSignatureHeader, base64.StdEncoding.EncodeToString(sig))
	r.Header.Set(webhook.SendGridTimestampHeader, ts)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// bounced gone@example.net (hard, userunknown)
	// blocked fine@example.net (spam, blocked)
	// 200
}

// Mailgun signs the timestamp and a one-time token with the webhook
// signing key; a request whose token was seen, or whose timestamp is too
// old, is refused.
func ExampleMailgun() {
	key := []byte("a-signing-key-of-32-bytes-length")
	h := &webhook.Mailgun{Deliverer: newDeliverer(), SigningKey: key}

	ts, token := fmt.Sprint(time.Now().Unix()), "b6c3a1f0e9d84c2a9f7e5d3c1b0a99887766554433221100ff"
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(ts + token))
	body := `{"signature":{"timestamp":"` + ts + `","token":"` + token + `","signature":"` + hex.EncodeToString(mac.Sum(nil)) + `"},
"event-data":{"id":"ev-1","event":"failed","severity":"permanent","reason":"bounce","recipient":"gone@example.net",
"message":{"headers":{"message-id":"m-1@example.org"}},
"delivery-status":{"code":550,"message":"5.1.1 The email account that you tried to reach does not exist"}}}`

	for range 2 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/webhooks/mailgun", strings.NewReader(body)))
		fmt.Println(w.Code)
	}
	// Output:
	// bounced gone@example.net (hard, userunknown)
	// 200
	// 403
}

// Postmark authenticates with basic auth in the webhook URL
// (https://user:password@host/webhooks/postmark); the handler refuses
// requests that did not come over TLS.
func ExamplePostmark() {
	h := &webhook.Postmark{Deliverer: newDeliverer(), Username: "bouncekit", Password: "a-long-random-password"}

	body := `{"RecordType":"Bounce","ID":4242,"Type":"SoftBounce","TypeCode":4096,"Email":"full@example.net",
"Details":"smtp;552 5.2.2 Mailbox full","MessageID":"00000000-0000-4000-8000-000000000001"}`
	r := httptest.NewRequest("POST", "https://hooks.example.org/webhooks/postmark", strings.NewReader(body))
	r.SetBasicAuth("bouncekit", "a-long-random-password")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// expired full@example.net (soft, mailboxfull)
	// 200
}

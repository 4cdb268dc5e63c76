package webhook

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
)

// The headers of SendGrid's Signed Event Webhook.
const (
	SendGridSignatureHeader = "X-Twilio-Email-Event-Webhook-Signature"
	SendGridTimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp"
)

// SendGrid is the http.Handler of SendGrid's Event Webhook with signed
// requests: a JSON array of events, signed with ECDSA (P-256, SHA-256)
// over the timestamp header followed by the raw body.
//
// The events bounce (type "bounce" or "blocked"), blocked, dropped,
// deferred, spamreport, unsubscribe and group_unsubscribe are recorded;
// the others (processed, delivered, open, click, …) are accepted and
// ignored. Each event is handed to the Deliverer with its sg_event_id as
// the idempotency key, so a batch that SendGrid posts again after a 5xx is
// recorded once.
//
// A SendGrid handler is safe for concurrent use by multiple goroutines
// once its fields are set.
type SendGrid struct {
	// Deliverer records the outcomes. Required.
	Deliverer *deliver.Deliverer
	// PublicKey verifies the signatures: the verification key SendGrid
	// shows in its mail settings, parsed with [ParseSendGridKey].
	// Required: without it every request is refused with 401.
	PublicKey *ecdsa.PublicKey
	// MaxAge, when positive, refuses (403) a request whose timestamp is
	// older than MaxAge or further than MaxAge in the future. 0 means no
	// check: a replayed batch records nothing new, as each event is keyed
	// by its id.
	MaxAge time.Duration
	// IDArg names the custom argument that carries the Deliverer's
	// Message.ID; "" means the smtp-id field (the sent Message-ID) is used.
	IDArg string
	// UnsubscribeScope names the campaign and scope of unsubscribe events
	// from the custom arguments (and asm_group_id); nil means global.
	UnsubscribeScope ScopeFunc
	// MaxBytes caps the request body: 0 means DefaultMaxBytes, -1 no
	// limit. A larger body is answered 413.
	MaxBytes int64
	// Logger, when set, receives refused requests. nil means silent.
	Logger *slog.Logger
	// Now returns the current time, for MaxAge; nil means time.Now.
	Now func() time.Time
}

var _ http.Handler = (*SendGrid)(nil)

// ParseSendGridKey parses the verification key of SendGrid's Signed Event
// Webhook: base64 of a DER SubjectPublicKeyInfo, or the same in a PEM
// "PUBLIC KEY" block. The key must be ECDSA on P-256.
func ParseSendGridKey(s string) (*ecdsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	var der []byte
	if blk, _ := pem.Decode([]byte(s)); blk != nil {
		der = blk.Bytes
	} else {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("webhook: sendgrid: key is neither PEM nor base64: %w", err)
		}
		der = b
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("webhook: sendgrid: parsing key: %w", err)
	}
	ek, ok := k.(*ecdsa.PublicKey)
	if !ok || ek.Curve != elliptic.P256() {
		return nil, errors.New("webhook: sendgrid: key is not an ECDSA P-256 key")
	}
	return ek, nil
}

// sendGridEvent holds the fields of an event that are used.
type sendGridEvent struct {
	Email     string `json:"email"`
	Event     string `json:"event"`
	EventID   string `json:"sg_event_id"`
	MessageID string `json:"sg_message_id"`
	SMTPID    string `json:"smtp-id"`
	Reason    string `json:"reason"`
	Response  string `json:"response"`
	Status    string `json:"status"`
	Type      string `json:"type"`
}

// ServeHTTP verifies the signature, records each event and answers 200
// once all are recorded; 401 without signature headers or key, 403 for a
// bad signature or an expired timestamp, 400 for a malformed body, 413 for
// a body over MaxBytes and 503 when an outcome could not be recorded (the
// batch is then posted again; the events already recorded are recognised
// by their ids).
func (h *SendGrid) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer(w, r, h.Logger, "sendgrid", h.serve(w, r))
}

func (h *SendGrid) serve(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, h.MaxBytes)
	if err != nil {
		return err
	}
	sig, ts := r.Header.Get(SendGridSignatureHeader), r.Header.Get(SendGridTimestampHeader)
	if sig == "" || ts == "" || h.PublicKey == nil {
		return fail(http.StatusUnauthorized, "webhook: sendgrid: missing signature, timestamp or key")
	}
	if err := h.verify(sig, ts, body); err != nil {
		return err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return fail(http.StatusBadRequest, "webhook: sendgrid: malformed event batch: "+err.Error())
	}
	c := classifier(h.Deliverer)
	for i, raw := range raws {
		var ev sendGridEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return fail(http.StatusBadRequest, fmt.Sprintf("webhook: sendgrid: event %d: %v", i, err))
		}
		if err := h.handle(r, c, &ev, raw); err != nil {
			return fmt.Errorf("webhook: sendgrid: event %d (%s): %w", i, ev.EventID, err)
		}
	}
	return nil
}

// verify checks the ECDSA signature of ts+body and the age of ts.
func (h *SendGrid) verify(sig, ts string, body []byte) error {
	der, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return fail(http.StatusForbidden, "webhook: sendgrid: signature is not base64")
	}
	d := sha256.New()
	d.Write([]byte(ts))
	d.Write(body)
	if !ecdsa.VerifyASN1(h.PublicKey, d.Sum(nil), der) {
		return fail(http.StatusForbidden, "webhook: sendgrid: bad signature")
	}
	if h.MaxAge > 0 {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return fail(http.StatusForbidden, "webhook: sendgrid: bad timestamp")
		}
		now := time.Now()
		if h.Now != nil {
			now = h.Now()
		}
		if age := now.Sub(time.Unix(sec, 0)); age > h.MaxAge || age < -h.MaxAge {
			return fail(http.StatusForbidden, "webhook: sendgrid: timestamp outside MaxAge")
		}
	}
	return nil
}

// vars decodes the custom arguments of an event (all its top-level
// string and number fields).
func sendGridVars(raw json.RawMessage) map[string]string {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return stringVars(m)
}

func (h *SendGrid) handle(r *http.Request, c *bounce.Classifier, ev *sendGridEvent, raw json.RawMessage) error {
	ctx := r.Context()
	rep := &dsn.Report{MTA: "sendgrid"}
	rep.Original.MessageID = angle(ev.SMTPID)
	if h.IDArg != "" && bytes.Contains(raw, []byte(h.IDArg)) {
		if id := sendGridVars(raw)[h.IDArg]; id != "" {
			rep.Original.MessageID = angle(id)
		}
	}
	rc := dsn.Recipient{FinalRecipient: ev.Email, Action: dsn.Failed}
	switch ev.Event {
	case "bounce", "blocked":
		rep.Kind = dsn.Bounce
		v := verdict{bounce.Hard, bounce.ReasonUndefined, false}
		if ev.Event == "blocked" || ev.Type == "blocked" {
			v = verdict{bounce.Spam, bounce.ReasonBlocked, false}
		}
		rc.Diagnostic = ev.Reason
		rc.Result = decide(c, ev.Reason, ev.Status, rc.FinalRecipient, "", v)
	case "deferred":
		rep.Kind = dsn.Delay
		rc.Action = dsn.Delayed
		rc.Diagnostic = ev.Response
		rc.Result = decide(c, ev.Response, ev.Status, rc.FinalRecipient, "", verdict{bounce.Soft, bounce.ReasonUndefined, true})
	case "dropped":
		// SendGrid did not send. Only an invalid address is news; the other
		// reasons repeat SendGrid's suppression lists (an earlier bounce,
		// complaint or unsubscribe, recorded when it was reported).
		if !strings.EqualFold(strings.TrimSpace(ev.Reason), "Invalid") {
			return nil
		}
		rep.Kind = dsn.Bounce
		rc.Diagnostic = ev.Reason
		rc.Result = bounce.ResultFor(bounce.ReasonUserUnknown, bounce.Reply{Code: bounce.Code{Class: 5, Subject: 1, Detail: 3}})
	case "spamreport":
		rep.Kind = dsn.Complaint
		rc.Action = ""
		rc.Result = bounce.ResultFor(bounce.ReasonFeedback, bounce.Reply{})
		rep.Feedback = &dsn.Feedback{FeedbackType: "abuse", OriginalRcptTo: []string{ev.Email}}
	case "unsubscribe", "group_unsubscribe":
		vars := sendGridVars(raw)
		return unsubscribe(ctx, h.Deliverer, h.UnsubscribeScope, ev.Email, vars)
	default:
		return nil
	}
	if strings.TrimSpace(ev.Email) == "" {
		return nil
	}
	rc.Status = rc.Result.Status
	rep.Recipients = []dsn.Recipient{rc}
	return ingest(ctx, h.Deliverer, rep, ev.EventID, "sendgrid")
}

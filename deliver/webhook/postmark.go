package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
)

// Postmark is the http.Handler of Postmark's bounce, spam-complaint and
// subscription-change webhooks. Postmark does not sign its webhooks; it
// authenticates with HTTP basic auth in the webhook URL
// (https://user:password@host/path), which this handler checks in
// constant time, and it refuses requests that did not come over TLS, since
// the credentials travel with every request.
//
// Each bounce Type is mapped as the package documentation says; the records that
// report no failure of the recipient's mailbox (AutoResponder,
// ManuallyDeactivated, TemplateRenderingFailed …) are accepted and
// ignored. Each record is handed to the Deliverer with its ID as the
// idempotency key.
//
// A Postmark handler is safe for concurrent use by multiple goroutines once
// its fields are set.
type Postmark struct {
	// Deliverer records the outcomes. Required.
	Deliverer *deliver.Deliverer
	// Username and Password are the basic-auth credentials of the webhook
	// URL. Required: a Password shorter than MinKeyBytes refuses every
	// request with 401.
	Username, Password string
	// AllowHTTP accepts requests that arrived without TLS (a test, or a
	// proxy on the same host that does not set X-Forwarded-Proto).
	AllowHTTP bool
	// TrustForwardedProto accepts a request without TLS when its
	// X-Forwarded-Proto header is "https": set it only behind a proxy that
	// terminates TLS and sets that header itself.
	TrustForwardedProto bool
	// IDField names the Metadata field that carries the Deliverer's
	// Message.ID (Postmark's own MessageID is not the Message-ID header).
	// "" means none: the records are then not correlated.
	IDField string
	// UnsubscribeScope names the campaign and scope of unsubscribe
	// records from the Metadata; nil means global.
	UnsubscribeScope ScopeFunc
	// MaxBytes caps the request body: 0 means DefaultMaxBytes, -1 no
	// limit. A larger body is answered 413.
	MaxBytes int64
	// Logger, when set, receives refused requests. nil means silent.
	Logger *slog.Logger
}

var _ http.Handler = (*Postmark)(nil)

// postmarkRecord is a bounce, spam-complaint or subscription-change
// webhook body.
type postmarkRecord struct {
	RecordType        string
	ID                json.Number
	Type              string
	TypeCode          int
	MessageID         string
	Details           string
	Description       string
	Email             string
	Recipient         string // SubscriptionChange
	From              string
	Subject           string
	Metadata          map[string]any
	SuppressSending   *bool  // SubscriptionChange
	SuppressionReason string // SubscriptionChange
	ChangedAt         string // SubscriptionChange
}

// postmarkKind says what a Postmark bounce Type means.
type postmarkKind struct {
	kind dsn.Kind // Bounce, Delay, Complaint; "" ignored
	v    verdict
	// unsub: an unsubscribe
	unsub bool
}

// postmarkTypes maps Postmark's bounce types. Those that say the
// recipient's mailbox or server refused the message are bounces or
// delays; the others report no delivery failure of the recipient and are
// ignored.
var postmarkTypes = map[string]postmarkKind{
	"HardBounce":              {kind: dsn.Bounce, v: verdict{bounce.Hard, bounce.ReasonUndefined, false}},
	"Transient":               {kind: dsn.Delay, v: verdict{bounce.Soft, bounce.ReasonUndefined, true}},
	"Unsubscribe":             {unsub: true},
	"Subscribe":               {},
	"AutoResponder":           {},
	"AddressChange":           {},
	"DnsError":                {kind: dsn.Bounce, v: verdict{bounce.Soft, bounce.ReasonNetworkError, true}},
	"SpamNotification":        {kind: dsn.Bounce, v: verdict{bounce.Spam, bounce.ReasonSpamDetected, false}},
	"OpenRelayTest":           {},
	"Unknown":                 {kind: dsn.Bounce, v: verdict{bounce.Soft, bounce.ReasonUndefined, true}},
	"SoftBounce":              {kind: dsn.Bounce, v: verdict{bounce.Soft, bounce.ReasonUndefined, true}},
	"VirusNotification":       {kind: dsn.Bounce, v: verdict{bounce.Spam, bounce.ReasonVirusDetected, false}},
	"ChallengeVerification":   {},
	"BadEmailAddress":         {kind: dsn.Bounce, v: verdict{bounce.Hard, bounce.ReasonUserUnknown, false}},
	"InvalidEmail":            {kind: dsn.Bounce, v: verdict{bounce.Hard, bounce.ReasonUserUnknown, false}},
	"SpamComplaint":           {kind: dsn.Complaint},
	"ManuallyDeactivated":     {},
	"Unconfirmed":             {},
	"Blocked":                 {kind: dsn.Bounce, v: verdict{bounce.Spam, bounce.ReasonBlocked, false}},
	"SMTPApiError":            {},
	"InboundError":            {},
	"DMARCPolicy":             {kind: dsn.Bounce, v: verdict{bounce.Spam, bounce.ReasonAuthFailure, false}},
	"TemplateRenderingFailed": {},
	"InboxPlacement":          {},
}

// ServeHTTP checks the credentials and the transport, records the record
// and answers 200 once it is recorded (also for types that record
// nothing); 401 for missing or wrong credentials, 403 for a request
// without TLS, 400 for a malformed body, 413 for a body over MaxBytes and
// 503 when the outcome could not be recorded, so that Postmark retries.
func (h *Postmark) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer(w, r, h.Logger, "postmark", h.serve(w, r))
}

func (h *Postmark) serve(w http.ResponseWriter, r *http.Request) error {
	if r.TLS == nil && !h.AllowHTTP && !(h.TrustForwardedProto && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		return fail(http.StatusForbidden, "webhook: postmark: request without TLS")
	}
	user, pass, ok := r.BasicAuth()
	okUser, okPass := equalSecret(user, h.Username), equalSecret(pass, h.Password)
	if !ok || len(h.Password) < MinKeyBytes || !okUser || !okPass {
		return fail(http.StatusUnauthorized, "webhook: postmark: bad credentials")
	}
	body, err := readBody(w, r, h.MaxBytes)
	if err != nil {
		return err
	}
	var rec postmarkRecord
	if err := json.Unmarshal(body, &rec); err != nil {
		return fail(http.StatusBadRequest, "webhook: postmark: malformed record: "+err.Error())
	}
	return h.handle(r, &rec)
}

// equalSecret compares in time that does not depend on where a and b
// differ (their SHA-256 sums, so that the length does not leak either).
func equalSecret(a, b string) bool {
	x, y := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(x[:], y[:]) == 1
}

func (h *Postmark) handle(r *http.Request, rec *postmarkRecord) error {
	vars := stringVars(rec.Metadata)
	if rec.RecordType == "SubscriptionChange" {
		// ManualSuppression is the recipient's unsubscribe; the other
		// reasons repeat Postmark's bounce and complaint records.
		if rec.SuppressSending != nil && *rec.SuppressSending && rec.SuppressionReason == "ManualSuppression" {
			if err := unsubscribe(r.Context(), h.Deliverer, h.UnsubscribeScope, rec.Recipient, vars); err != nil {
				return fmt.Errorf("webhook: postmark: %w", err)
			}
		}
		return nil
	}
	pk, ok := postmarkTypes[rec.Type]
	if !ok {
		if h.Logger != nil {
			h.Logger.Warn("webhook: postmark: unknown bounce type ignored", slog.String("type", rec.Type), slog.Int("type_code", rec.TypeCode))
		}
		return nil
	}
	if pk.unsub {
		if err := unsubscribe(r.Context(), h.Deliverer, h.UnsubscribeScope, rec.Email, vars); err != nil {
			return fmt.Errorf("webhook: postmark: %w", err)
		}
		return nil
	}
	if pk.kind == "" || strings.TrimSpace(rec.Email) == "" {
		return nil
	}
	id := rec.ID.String()
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return fail(http.StatusBadRequest, fmt.Sprintf("webhook: postmark: bad record ID %q", id))
	}
	rep := &dsn.Report{Kind: pk.kind, MTA: "postmark"}
	rep.Original.Subject = rec.Subject
	rep.Original.From = rec.From
	if h.IDField != "" {
		rep.Original.MessageID = angle(vars[h.IDField])
	}
	rc := dsn.Recipient{FinalRecipient: rec.Email, Action: dsn.Failed, Diagnostic: rec.Details}
	switch pk.kind {
	case dsn.Complaint:
		rc.Action = ""
		rc.Result = bounce.ResultFor(bounce.ReasonFeedback, bounce.Reply{})
		rep.Feedback = &dsn.Feedback{FeedbackType: "abuse", OriginalRcptTo: []string{rec.Email}}
	case dsn.Delay:
		rc.Action = dsn.Delayed
		fallthrough
	default:
		rc.Result = decide(classifier(h.Deliverer), rec.Details, "", rc.FinalRecipient, "", pk.v)
		rc.Status = rc.Result.Status
	}
	rep.Recipients = []dsn.Recipient{rc}
	if err := ingest(r.Context(), h.Deliverer, rep, id, "postmark"); err != nil {
		return fmt.Errorf("webhook: postmark: record %s: %w", id, err)
	}
	return nil
}

package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
)

// MinKeyBytes is the length, in bytes, of the shortest secret a handler
// accepts: a [Mailgun] SigningKey or a [Postmark] Password shorter than it
// has every request refused with 401, so that a key left empty or short
// by mistake never lets a forged event through.
const MinKeyBytes = 16

// DefaultMailgunMaxAge is the default of Mailgun.MaxAge.
const DefaultMailgunMaxAge = 15 * time.Minute

// Mailgun is the http.Handler of Mailgun's webhooks (the JSON form, with
// "signature" and "event-data"). The signature is the HMAC-SHA256, with the
// webhook signing key, of the timestamp followed by the token. A request
// whose timestamp is older than MaxAge, or whose token was already used by
// a request that was handled, is refused with 403.
//
// The events failed (severity permanent: a bounce; temporary: a delay),
// complained and unsubscribed are recorded; the others (accepted,
// delivered, opened, clicked) are accepted and ignored. Each event is
// handed to the Deliverer with its event-data id as the idempotency key.
//
// A Mailgun handler is safe for concurrent use by multiple goroutines once
// its fields are set.
type Mailgun struct {
	// Deliverer records the outcomes. Required.
	Deliverer *deliver.Deliverer
	// SigningKey is the HTTP webhook signing key. Required, at least
	// MinKeyBytes long: without it every request is refused with 401.
	SigningKey []byte
	// MaxAge refuses a request whose timestamp is older than MaxAge (or
	// further than MaxAge in the future). 0 means DefaultMailgunMaxAge,
	// -1 no check (and then tokens are remembered for a day).
	MaxAge time.Duration
	// MaxTokens bounds the number of tokens remembered to refuse reused
	// ones; the oldest are forgotten first. 0 means 100 000.
	MaxTokens int
	// IDVar names the user variable that carries the Deliverer's
	// Message.ID; "" means the message's Message-ID header is used.
	IDVar string
	// UnsubscribeScope names the campaign and scope of unsubscribe events
	// from the user variables; nil means global.
	UnsubscribeScope ScopeFunc
	// MaxBytes caps the request body: 0 means DefaultMaxBytes, -1 no
	// limit. A larger body is answered 413.
	MaxBytes int64
	// Logger, when set, receives refused requests. nil means silent.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu     sync.Mutex
	tokens map[string]int64 // token → unix time after which it is forgotten
	order  []tokenAt        // tokens in the order they were remembered, from head on
	head   int
}

type tokenAt struct {
	token string
	until int64
}

var _ http.Handler = (*Mailgun)(nil)

// mailgunBody is a Mailgun webhook request.
type mailgunBody struct {
	Signature struct {
		Timestamp string `json:"timestamp"`
		Token     string `json:"token"`
		Signature string `json:"signature"`
	} `json:"signature"`
	EventData *struct {
		ID        string `json:"id"`
		Event     string `json:"event"`
		Severity  string `json:"severity"`
		Reason    string `json:"reason"`
		Recipient string `json:"recipient"`
		Message   struct {
			Headers map[string]any `json:"headers"`
		} `json:"message"`
		DeliveryStatus struct {
			Code         json.Number `json:"code"`
			EnhancedCode string      `json:"enhanced-code"`
			Message      string      `json:"message"`
			Description  string      `json:"description"`
			MXHost       string      `json:"mx-host"`
		} `json:"delivery-status"`
		UserVariables map[string]any `json:"user-variables"`
	} `json:"event-data"`
}

// ServeHTTP verifies the signature, records the event and answers 200
// once it is recorded; 401 without a signature or key, 403 for a bad
// signature, an old timestamp or a reused token, 400 for a malformed body,
// 413 for a body over MaxBytes and 503 when the outcome could not be
// recorded (Mailgun then retries; the token is only remembered once the
// event is recorded, so the retry is accepted).
func (h *Mailgun) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer(w, r, h.Logger, "mailgun", h.serve(w, r))
}

func (h *Mailgun) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Mailgun) serve(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, h.MaxBytes)
	if err != nil {
		return err
	}
	var b mailgunBody
	if err := json.Unmarshal(body, &b); err != nil {
		return fail(http.StatusBadRequest, "webhook: mailgun: malformed body: "+err.Error())
	}
	sig := &b.Signature
	if len(h.SigningKey) < MinKeyBytes || sig.Signature == "" || sig.Token == "" || sig.Timestamp == "" {
		return fail(http.StatusUnauthorized, "webhook: mailgun: missing signature or signing key")
	}
	mac := hmac.New(sha256.New, h.SigningKey)
	mac.Write([]byte(sig.Timestamp))
	mac.Write([]byte(sig.Token))
	got, err := hex.DecodeString(sig.Signature)
	if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
		return fail(http.StatusForbidden, "webhook: mailgun: bad signature")
	}
	ts, err := strconv.ParseInt(sig.Timestamp, 10, 64)
	if err != nil {
		return fail(http.StatusForbidden, "webhook: mailgun: bad timestamp")
	}
	now := h.now()
	maxAge := h.MaxAge
	if maxAge == 0 {
		maxAge = DefaultMailgunMaxAge
	}
	if maxAge > 0 {
		if age := now.Sub(time.Unix(ts, 0)); age > maxAge || age < -maxAge {
			return fail(http.StatusForbidden, "webhook: mailgun: timestamp too old")
		}
	} else {
		maxAge = 24 * time.Hour
	}
	if h.seen(sig.Token, now) {
		return fail(http.StatusForbidden, "webhook: mailgun: token already used")
	}
	if b.EventData == nil {
		return fail(http.StatusBadRequest, "webhook: mailgun: no event-data")
	}
	if err := h.handle(r, &b); err != nil {
		return fmt.Errorf("webhook: mailgun: event %s: %w", b.EventData.ID, err)
	}
	h.remember(sig.Token, max(ts, now.Unix())+int64(maxAge/time.Second))
	return nil
}

// seen reports whether token was used by a handled request.
func (h *Mailgun) seen(token string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	until, ok := h.tokens[token]
	return ok && now.Unix() <= until
}

// remember records a used token until the unix time until, forgetting
// expired tokens and, past MaxTokens, the oldest.
func (h *Mailgun) remember(token string, until int64) {
	limit := h.MaxTokens
	if limit <= 0 {
		limit = 100_000
	}
	now := h.now().Unix()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tokens == nil {
		h.tokens = make(map[string]int64)
	}
	for h.head < len(h.order) && (h.order[h.head].until < now || len(h.order)-h.head >= limit) {
		t := h.order[h.head]
		if u, ok := h.tokens[t.token]; ok && u == t.until {
			delete(h.tokens, t.token)
		}
		h.order[h.head] = tokenAt{}
		h.head++
	}
	if h.head > 1024 && h.head > len(h.order)/2 {
		h.order = append(h.order[:0:0], h.order[h.head:]...)
		h.head = 0
	}
	h.tokens[token] = until
	h.order = append(h.order, tokenAt{token, until})
}

func (h *Mailgun) handle(r *http.Request, b *mailgunBody) error {
	ev := b.EventData
	vars := stringVars(ev.UserVariables)
	rep := &dsn.Report{MTA: "mailgun"}
	if id, ok := headerValue(ev.Message.Headers, "message-id"); ok {
		rep.Original.MessageID = angle(id)
	}
	if h.IDVar != "" && vars[h.IDVar] != "" {
		rep.Original.MessageID = angle(vars[h.IDVar])
	}
	if s, ok := headerValue(ev.Message.Headers, "subject"); ok {
		rep.Original.Subject = s
	}
	rc := dsn.Recipient{FinalRecipient: ev.Recipient, Action: dsn.Failed}
	c := classifier(h.Deliverer)
	switch ev.Event {
	case "failed":
		switch ev.Reason {
		case "suppress-bounce", "suppress-unsubscribe", "suppress-complaint":
			return nil // Mailgun's suppression lists: not a delivery attempt
		}
		ds := &ev.DeliveryStatus
		reply := strings.TrimSpace(ds.Message)
		if reply == "" {
			reply = strings.TrimSpace(ds.Description)
		}
		if code := ds.Code.String(); code != "" && code != "0" && !strings.HasPrefix(reply, code) {
			reply = code + " " + reply
		}
		v := verdict{bounce.Hard, bounce.ReasonUndefined, false}
		if ev.Reason == "esp-block" {
			v = verdict{bounce.Spam, bounce.ReasonBlocked, false}
		}
		rep.Kind = dsn.Bounce
		if ev.Severity == "temporary" {
			rep.Kind, rc.Action = dsn.Delay, dsn.Delayed
			v = verdict{bounce.Soft, bounce.ReasonUndefined, true}
		}
		rc.Diagnostic = reply
		rc.RemoteMTA = ds.MXHost
		rc.Result = decide(c, reply, ds.EnhancedCode, rc.FinalRecipient, rc.RemoteMTA, v)
		rc.Status = rc.Result.Status
	case "complained":
		rep.Kind = dsn.Complaint
		rc.Action = ""
		rc.Result = bounce.ResultFor(bounce.ReasonFeedback, bounce.Reply{})
		rep.Feedback = &dsn.Feedback{FeedbackType: "abuse", OriginalRcptTo: []string{ev.Recipient}}
	case "unsubscribed":
		return unsubscribe(r.Context(), h.Deliverer, h.UnsubscribeScope, ev.Recipient, vars)
	default:
		return nil
	}
	if strings.TrimSpace(ev.Recipient) == "" {
		return nil
	}
	if ev.ID == "" {
		return fail(http.StatusBadRequest, "event without id")
	}
	rep.Recipients = []dsn.Recipient{rc}
	return ingest(r.Context(), h.Deliverer, rep, ev.ID, "mailgun")
}

// headerValue finds a header in Mailgun's message.headers, case-folded; a
// list value gives its first string.
func headerValue(hs map[string]any, name string) (string, bool) {
	for k, v := range hs {
		if !strings.EqualFold(k, name) {
			continue
		}
		switch v := v.(type) {
		case string:
			return v, true
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					return s, true
				}
			}
		}
	}
	return "", false
}

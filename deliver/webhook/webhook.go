package webhook

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/internal/addr"
	"github.com/bouncekit/bouncekit/suppress"
)

// DefaultMaxBytes is the default cap on the body of one webhook request.
const DefaultMaxBytes = 2 << 20

// ScopeFunc names the campaign and suppression scope of an unsubscribe
// event from the variables the sender attached to the message (SES
// message tags, SendGrid custom arguments, Mailgun user variables, Postmark
// metadata; for a SendGrid group unsubscribe also "asm_group_id"). nil
// means no campaign and the global scope.
type ScopeFunc func(vars map[string]string) (campaign string, scope suppress.Scope)

// errStatus is an error that carries the HTTP status to answer.
type errStatus struct {
	code int
	msg  string
}

func (e *errStatus) Error() string { return e.msg }

func fail(code int, msg string) error { return &errStatus{code, msg} }

// readBody reads the request body up to max bytes (0 means
// DefaultMaxBytes, -1 no limit).
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if r.Method != http.MethodPost {
		return nil, fail(http.StatusMethodNotAllowed, "method not allowed")
	}
	if max == 0 {
		max = DefaultMaxBytes
	}
	body := io.Reader(r.Body)
	if max > 0 {
		if r.ContentLength > max {
			return nil, fail(http.StatusRequestEntityTooLarge, "body too large")
		}
		body = http.MaxBytesReader(w, r.Body, max)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		var tl *http.MaxBytesError
		if errors.As(err, &tl) {
			return nil, fail(http.StatusRequestEntityTooLarge, "body too large")
		}
		return nil, fail(http.StatusBadRequest, "reading body: "+err.Error())
	}
	return b, nil
}

// answer writes the response for err (nil: 200) and logs failures.
func answer(w http.ResponseWriter, r *http.Request, log *slog.Logger, provider string, err error) {
	if err == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	code := http.StatusServiceUnavailable // the outcome could not be recorded: have it sent again
	var es *errStatus
	if errors.As(err, &es) {
		code = es.code
	}
	if code == http.StatusUnauthorized && provider == "postmark" {
		w.Header().Set("WWW-Authenticate", `Basic realm="webhook"`)
	}
	if log != nil {
		lvl := slog.LevelWarn
		if code >= 500 {
			lvl = slog.LevelError
		}
		log.LogAttrs(r.Context(), lvl, "webhook: request refused", slog.String("provider", provider), slog.Int("status", code), slog.String("err", err.Error()))
	}
	http.Error(w, http.StatusText(code), code)
}

// verdict is what a provider says about a failure, used when the
// receiver's own reply says nothing.
type verdict struct {
	cat       bounce.Category
	reason    bounce.Reason
	transient bool // the provider says the failure is temporary
}

// decide classifies the receiver's reply (with status, an RFC 3463 code
// given beside it) and falls back to the provider's verdict v when the
// reply is absent or says nothing a rule recognises.
//
// rcpt and host (the recipient and the server that answered, when known) let
// a receiver's own meaning of its words decide (bounce.Input.Host).
// The reply's codes decide permanence: a 4xx reply is never Hard whatever
// the provider says. A reply without codes cannot be Hard when the provider
// calls the failure temporary.
func decide(c *bounce.Classifier, reply, status, rcpt, host string, v verdict) bounce.Result {
	rp := bounce.ParseReply(reply)
	if rp.Code.IsZero() {
		if code, err := bounce.ParseCode(strings.TrimSpace(status)); err == nil {
			rp.Code = code
		}
	}
	coded := rp.Basic != 0 || !rp.Code.IsZero()
	var res bounce.Result
	if strings.TrimSpace(reply) != "" || coded {
		in := bounce.Input{Reply: rp, Domain: addr.Domain(rcpt), Host: host}
		if c != nil {
			res = c.ClassifyInput(in)
		} else {
			res = bounce.ClassifyInput(in)
		}
	}
	if !informative(res.Reason) {
		res = bounce.Result{Category: v.cat, Reason: v.reason, Status: rp.Code, ReplyCode: rp.Basic}
		if coded && (rp.Basic/100 == 4 || rp.Code.Transient()) && res.Category == bounce.Hard {
			res.Category = bounce.Soft
		}
		res.Retry = res.Category == bounce.Soft || (coded && (rp.Basic/100 == 4 || rp.Code.Transient()))
		res.Suppress = res.Category == bounce.Hard
	}
	if !coded && v.transient && res.Category == bounce.Hard {
		res.Category, res.Suppress, res.Retry = bounce.Soft, false, true
	}
	return res
}

// informative reports whether a classification found something in the
// reply (and did not merely fail to).
func informative(r bounce.Reason) bool {
	return r != "" && r != bounce.ReasonOnHold && r != bounce.ReasonUndefined
}

// ingest hands one report to the Deliverer.
func ingest(ctx context.Context, d *deliver.Deliverer, rep *dsn.Report, key, source string) error {
	if d == nil {
		return errors.New("webhook: no Deliverer")
	}
	// Every handler calls this after checking the request's signature or
	// credentials: the event comes from the provider.
	// A recipient that is not an address never reaches the Store: Ingest
	// reports it Unmatched, without an error.
	_, err := d.Ingest(ctx, deliver.Incoming{Report: rep, Key: key, Source: source, Authenticated: true})
	return err
}

// unsubscribe records an unsubscribe event.
func unsubscribe(ctx context.Context, d *deliver.Deliverer, scopeOf ScopeFunc, rcpt string, vars map[string]string) error {
	if d == nil {
		return errors.New("webhook: no Deliverer")
	}
	rcpt = strings.TrimSpace(rcpt)
	if rcpt == "" {
		return nil
	}
	var campaign string
	var scope suppress.Scope
	if scopeOf != nil {
		campaign, scope = scopeOf(vars)
	}
	// The Store refuses an address it cannot hold: sending the event again
	// would not change that.
	if err := d.Unsubscribe(ctx, rcpt, campaign, scope); err != nil && !errors.Is(err, suppress.ErrInvalidAddress) {
		return err
	}
	return nil
}

// classifier returns the Deliverer's Classifier (nil means the default).
func classifier(d *deliver.Deliverer) *bounce.Classifier {
	if d == nil {
		return nil
	}
	return d.Classifier
}

// idHeader returns the name of the header that carries Message.ID in the
// returned message, "" when none is configured.
func idHeader(d *deliver.Deliverer) string {
	if d == nil || d.Parser == nil {
		return ""
	}
	return d.Parser.IDHeader
}

// angle puts a message id in angle brackets, as dsn.Original.MessageID
// keeps it.
func angle(id string) string {
	id = strings.TrimSpace(id)
	if id == "" || strings.HasPrefix(id, "<") {
		return id
	}
	return "<" + id + ">"
}

// stringVars turns decoded JSON values into strings: strings as they are,
// numbers and booleans in their JSON form; objects and arrays are left out.
func stringVars(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = v
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[k] = strconv.FormatBool(v)
		}
	}
	return out
}

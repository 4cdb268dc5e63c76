package unsubscribe

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/bouncekit/bouncekit/suppress"
)

// maxBody bounds the body of a POST; the RFC 8058 body is 26 bytes.
const maxBody = 64 << 10

// State is what a page of the [Handler] tells the visitor.
type State string

// The states of a page.
const (
	Confirm State = "confirm" // GET with a valid token: asks to confirm, records nothing
	Done    State = "done"    // POST with a valid token: recorded
	Invalid State = "invalid" // no token, or an invalid one (400)
	Expired State = "expired" // a token past its expiry (410)
	Failed  State = "failed"  // recording failed (500)
)

// Page is what the page template of a [Handler] is executed with.
type Page struct {
	State State
	// Token is the verified token; zero for Invalid, and with Expires
	// set for Expired.
	Token Token
	// Action is the URL the confirmation form posts to: the query of the
	// requested URL, relative, so that it works behind a proxy that
	// rewrites the path.
	Action string
}

// Handler is the endpoint of the links of [Links]. It is an http.Handler:
//
//   - POST (RFC 8058 §3.2, the one-click unsubscribe of a mail client,
//     with the body List-Unsubscribe=One-Click as
//     application/x-www-form-urlencoded or multipart/form-data) verifies
//     the token and records the unsubscribe, then answers 200.
//   - GET and HEAD (someone opened the link, or a link scanner fetched it)
//     verify the token and answer 200 with a confirmation page whose form
//     makes the same POST. They never unsubscribe: RFC 8058 §3.2 warns that
//     anti-spam software fetches the URLs of mail.
//
// A missing, malformed or forged token is 400 and an expired one 410, with
// nothing recorded; a POST without List-Unsubscribe=One-Click is 400, any
// other method 405. A failure to record is 500, and is logged to Logger; so
// is a Signer that does not pass [Signer.Validate] (an empty or short
// secret), which makes every request 500 and records nothing.
// Answers are never cached and send no Referer onwards.
//
// Recording is idempotent with a [suppress.Store]: a second POST of the
// same link finds the permanent entry and keeps it. It is done with a
// context that is not cancelled when the client hangs up, so an unsubscribe
// that reached the server is recorded.
//
// A Handler is safe for concurrent use by multiple goroutines once its
// fields are set.
type Handler struct {
	// Signer verifies the tokens. Required.
	Signer *Signer
	// Record records an unsubscribe. nil means Store.Record with Outcome
	// suppress.Unsubscribed in the token's scope. Set it to go through a
	// Deliverer, which also counts the unsubscribe and emits an event:
	//
	//	h.Record = func(ctx context.Context, t unsubscribe.Token) error {
	//		return d.Unsubscribe(ctx, t.Addr, t.Campaign, t.Scope)
	//	}
	Record func(ctx context.Context, t Token) error
	// Store is the suppression store Record defaults to.
	Store suppress.Store
	// Page renders the pages, executed with a [Page]; nil means a short
	// built-in English page. A preference center (one page for all the
	// lists of a tenant) can be rendered from Page.Token.
	Page *template.Template
	// Logger receives the errors of Record; nil means silent.
	Logger *slog.Logger
}

var _ http.Handler = (*Handler)(nil)

// Unsubscribe verifies tok and records the unsubscribe it names: what a
// POST does, for a program that receives unsubscribe requests by mail
// (pass the token from the Subject, see [Links.Mailto]). Errors wrap
// [ErrInvalidToken] or [ErrExpired], with nothing recorded, or are the
// error of [Signer.Validate] (nothing recorded) or of Record.
func (h *Handler) Unsubscribe(ctx context.Context, tok string) (Token, error) {
	if h.Signer == nil {
		return Token{}, errors.New("unsubscribe: Handler has no Signer")
	}
	t, err := h.Signer.Verify(strings.TrimSpace(tok))
	if err != nil {
		return t, err
	}
	return t, h.record(ctx, t)
}

func (h *Handler) record(ctx context.Context, t Token) error {
	if h.Record != nil {
		return h.Record(ctx, t)
	}
	if h.Store == nil {
		return errors.New("unsubscribe: Handler has neither Record nor Store")
	}
	_, err := h.Store.Record(ctx, suppress.Event{Addr: t.Addr, Scope: t.Scope, Outcome: suppress.Unsubscribed}, h.Signer.now())
	if err != nil {
		return fmt.Errorf("unsubscribe: recording <%s> in %s: %w", t.Addr, t.Scope, err)
	}
	return nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Robots-Tag", "noindex")
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		hd.Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var p Page
	if h.Signer == nil {
		h.log(r, "unsubscribe: Handler has no Signer")
		h.render(w, http.StatusInternalServerError, p, Failed)
		return
	}
	if err := h.Signer.Validate(); err != nil {
		// A weak or missing key is the server's fault, not the link's: no
		// token is trusted until it is fixed.
		h.log(r, err.Error())
		h.render(w, http.StatusInternalServerError, p, Failed)
		return
	}
	tok := r.URL.Query().Get(QueryKey)
	if tok == "" {
		h.render(w, http.StatusBadRequest, p, Invalid)
		return
	}
	p.Action = "?" + url.Values{QueryKey: {tok}}.Encode()
	t, err := h.Signer.Verify(tok)
	p.Token = t
	switch {
	case errors.Is(err, ErrExpired):
		h.render(w, http.StatusGone, p, Expired)
		return
	case err != nil:
		h.render(w, http.StatusBadRequest, p, Invalid)
		return
	}
	if r.Method != http.MethodPost {
		h.render(w, http.StatusOK, p, Confirm)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	// PostFormValue reads the body only, never the URL's query.
	if r.PostFormValue("List-Unsubscribe") != "One-Click" {
		http.Error(w, "the body must be List-Unsubscribe=One-Click (RFC 8058)", http.StatusBadRequest)
		return
	}
	if err := h.record(context.WithoutCancel(r.Context()), t); err != nil {
		h.log(r, err.Error())
		h.render(w, http.StatusInternalServerError, p, Failed)
		return
	}
	h.render(w, http.StatusOK, p, Done)
}

func (h *Handler) log(r *http.Request, msg string) {
	if h.Logger != nil {
		h.Logger.LogAttrs(r.Context(), slog.LevelError, msg, slog.String("remote", r.RemoteAddr))
	}
}

func (h *Handler) render(w http.ResponseWriter, code int, p Page, s State) {
	p.State = s
	tmpl := h.Page
	if tmpl == nil {
		tmpl = defaultPage
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, p); err != nil {
		// The page is the caller's template: fall back to plain text.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(code)
		fmt.Fprintln(w, string(s))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write([]byte(b.String()))
}

// defaultPage is the built-in page. It is immutable once parsed.
var defaultPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>Unsubscribe</title></head><body>
{{- if eq .State "confirm"}}
<p>Stop sending {{if .Token.Scope.List}}“{{.Token.Scope.List}}” {{end}}mail to {{.Token.Addr}}?</p>
<form method="post" action="{{.Action}}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>
{{- else if eq .State "done"}}
<p>{{.Token.Addr}} is unsubscribed{{if .Token.Scope.List}} from “{{.Token.Scope.List}}”{{end}}.</p>
{{- else if eq .State "expired"}}
<p>This unsubscribe link has expired. Please use the link of a more recent message.</p>
{{- else if eq .State "failed"}}
<p>Sorry, the unsubscribe could not be recorded. Please try again later.</p>
{{- else}}
<p>This unsubscribe link is not valid.</p>
{{- end}}
</body></html>
`))

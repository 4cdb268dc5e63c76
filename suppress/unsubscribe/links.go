package unsubscribe

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// QueryKey is the query parameter of the HTTPS link that carries the token.
const QueryKey = "t"

// Links makes the unsubscribe links of a message: the List-Unsubscribe and
// List-Unsubscribe-Post header fields ([RFC 2369], [RFC 8058]) and the URL
// to show in the body.
//
// A Links is safe for concurrent use by multiple goroutines once its fields
// are set.
//
// [RFC 2369]: https://www.rfc-editor.org/rfc/rfc2369
// [RFC 8058]: https://www.rfc-editor.org/rfc/rfc8058
type Links struct {
	// Signer signs the tokens. Required.
	Signer *Signer
	// URL is the https URL at which a [Handler] answers, for example
	// "https://mail.example.com/unsubscribe". The token is added to it as
	// the query parameter [QueryKey]. RFC 8058 §3.1 wants an HTTPS URI, so
	// other schemes are refused.
	URL string
	// Mailto, when set, is an address that takes unsubscribe requests by
	// mail (RFC 2369 §3.2): the link is
	// "mailto:<Mailto>?subject=unsubscribe%20<token>", and the receiving
	// program passes the last word of the Subject to
	// [Handler.Unsubscribe].
	Mailto string
	// TTL is how long the tokens stay valid; 0 means they do not expire.
	// Mailbox providers may use the link long after delivery, so a TTL
	// shorter than a few months unsubscribes nobody from old mail.
	TTL time.Duration
}

// sign returns the token of t, setting Expires from TTL when it is zero.
func (l *Links) sign(t Token) (string, error) {
	if l.Signer == nil {
		return "", errors.New("unsubscribe: Links has no Signer")
	}
	if t.Expires.IsZero() && l.TTL > 0 {
		t.Expires = l.Signer.now().Add(l.TTL).Truncate(time.Second)
	}
	return l.Signer.Sign(t)
}

// httpsURL returns URL with the token added.
func (l *Links) httpsURL(tok string) (string, error) {
	u, err := url.Parse(l.URL)
	if err != nil {
		return "", fmt.Errorf("unsubscribe: invalid URL: %w", err)
	}
	if u.Scheme != "https" || u.Host == "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("unsubscribe: URL %q is not an https URL with a host and no fragment or user", l.URL)
	}
	q := u.Query()
	q.Set(QueryKey, tok)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// mailto returns the mailto URI of the token.
func (l *Links) mailto(tok string) (string, error) {
	at := strings.LastIndexByte(l.Mailto, '@')
	if at <= 0 || at == len(l.Mailto)-1 {
		return "", fmt.Errorf("unsubscribe: invalid Mailto %q", l.Mailto)
	}
	for i := 0; i < len(l.Mailto); i++ {
		// RFC 6068 §2: these would need percent-encoding; no mailbox one
		// would publish needs them.
		if c := l.Mailto[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"%<>?#,;/\[]`, c) >= 0 {
			return "", fmt.Errorf("unsubscribe: Mailto %q has a character that needs escaping", l.Mailto)
		}
	}
	return "mailto:" + l.Mailto + "?subject=unsubscribe%20" + tok, nil
}

// URLFor returns the HTTPS link of t, to show in the body of the message. An
// unsubscribe page linked from the body should use this link: a GET shows
// the confirmation page of the [Handler], a POST from it unsubscribes.
func (l *Links) URLFor(t Token) (string, error) {
	tok, err := l.sign(t)
	if err != nil {
		return "", err
	}
	return l.httpsURL(tok)
}

// Header returns the header fields that let a mail client unsubscribe the
// recipient of t with one click:
//
//	List-Unsubscribe: <https://…?t=TOKEN>, <mailto:…?subject=unsubscribe%20TOKEN>
//	List-Unsubscribe-Post: List-Unsubscribe=One-Click
//
// The mailto link is there only when Mailto is set, and List-Unsubscribe-Post
// only when URL is (RFC 8058 §3.1: it needs an HTTPS URI); one of them is
// required. t.Expires is now+TTL when zero.
//
// RFC 8058 §4 requires a DKIM signature that covers both fields, so the
// message must be signed after they are added. Header fits the
// Deliverer's Decorate hook; textproto there is go-message's
// (import "github.com/emersion/go-message/textproto"), the type Header
// returns, not net/textproto:
//
//	links := &unsubscribe.Links{Signer: signer, URL: "https://mail.example.com/unsubscribe"}
//	d.Decorate = func(m *deliver.Message, rcpt string) (textproto.Header, error) {
//		return links.Header(unsubscribe.Token{Addr: rcpt, Scope: m.Scope, Campaign: m.Campaign})
//	}
//
// See [Signer] for how to build signer.
func (l *Links) Header(t Token) (textproto.Header, error) {
	var h textproto.Header
	if l.URL == "" && l.Mailto == "" {
		return h, errors.New("unsubscribe: Links has neither URL nor Mailto")
	}
	tok, err := l.sign(t)
	if err != nil {
		return h, err
	}
	var uris []string
	if l.URL != "" {
		u, err := l.httpsURL(tok)
		if err != nil {
			return h, err
		}
		uris = append(uris, "<"+u+">")
	}
	if l.Mailto != "" {
		m, err := l.mailto(tok)
		if err != nil {
			return h, err
		}
		uris = append(uris, "<"+m+">")
	}
	h.Set("List-Unsubscribe", strings.Join(uris, ", "))
	if l.URL != "" {
		h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	return h, nil
}

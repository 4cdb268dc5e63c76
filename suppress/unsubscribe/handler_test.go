package unsubscribe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"html"
	"io"
	"math/big"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/textproto"

	"github.com/bouncekit/bouncekit/suppress"
)

var news = suppress.Scope{Tenant: "acme", List: "news"}

func newLinks() *Links {
	return &Links{Signer: signer, URL: "https://mail.example.com/unsubscribe", Mailto: "unsubscribe@example.com"}
}

func TestLinksHeader(t *testing.T) {
	l := newLinks()
	l.TTL = 90 * 24 * time.Hour
	tok := Token{Addr: "jane@example.net", Scope: news, Campaign: "c1"}
	h, err := l.Header(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q, want List-Unsubscribe=One-Click", got)
	}
	// Write the header as the Deliverer does and read it back.
	var buf bytes.Buffer
	if err := textproto.WriteHeader(&buf, h); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n") {
		if len(line) > 998 {
			t.Errorf("header line of %d bytes, want <= 998 (RFC 5322 §2.1.1)", len(line))
		}
	}
	rh, err := textproto.ReadHeader(bufio.NewReader(&buf))
	if err != nil {
		t.Fatal(err)
	}
	v := rh.Get("List-Unsubscribe")
	uris := strings.Split(v, ",")
	if len(uris) != 2 {
		t.Fatalf("List-Unsubscribe = %q, want two URIs", v)
	}
	want := tok
	want.Expires = t0.Add(l.TTL)
	https := strings.Trim(strings.TrimSpace(uris[0]), "<>")
	u, err := url.Parse(https)
	if err != nil || u.Scheme != "https" || u.Host != "mail.example.com" || u.Path != "/unsubscribe" {
		t.Fatalf("List-Unsubscribe https URI = %q, want https://mail.example.com/unsubscribe?t=…", https)
	}
	if got, err := signer.Verify(u.Query().Get(QueryKey)); err != nil || got != want {
		t.Errorf("token of the https URI = %+v, %v, want %+v", got, err, want)
	}
	mailto := strings.Trim(strings.TrimSpace(uris[1]), "<>")
	m, err := url.Parse(mailto)
	if err != nil || m.Scheme != "mailto" || m.Opaque != "unsubscribe@example.com" {
		t.Fatalf("List-Unsubscribe mailto URI = %q (%v), want mailto:unsubscribe@example.com?…", mailto, err)
	}
	subject := m.Query().Get("subject")
	fields := strings.Fields(subject)
	if len(fields) != 2 || fields[0] != "unsubscribe" {
		t.Fatalf("mailto subject = %q, want \"unsubscribe TOKEN\"", subject)
	}
	if got, err := signer.Verify(fields[1]); err != nil || got != want {
		t.Errorf("token of the mailto URI = %+v, %v, want %+v", got, err, want)
	}

	// Mailto alone: RFC 2369 only, no one-click.
	h, err = (&Links{Signer: signer, Mailto: "u@example.com"}).Header(tok)
	if err != nil || h.Get("List-Unsubscribe-Post") != "" || !strings.HasPrefix(h.Get("List-Unsubscribe"), "<mailto:u@example.com?") {
		t.Errorf("Header with Mailto only = %v, %v, want a mailto and no List-Unsubscribe-Post", h.Map(), err)
	}
	// URLFor gives the same kind of link for the body.
	body, err := l.URLFor(tok)
	if err != nil || !strings.HasPrefix(body, "https://mail.example.com/unsubscribe?t=") {
		t.Errorf("URLFor(%+v) = %q, %v, want the https link", tok, body, err)
	}
}

func TestLinksInvalid(t *testing.T) {
	tok := Token{Addr: "jane@example.net"}
	for _, tc := range []struct {
		name string
		l    Links
	}{
		{"no signer", Links{URL: "https://example.com/u"}},
		{"nothing", Links{Signer: signer}},
		{"http", Links{Signer: signer, URL: "http://example.com/u"}},
		{"relative", Links{Signer: signer, URL: "/u"}},
		{"fragment", Links{Signer: signer, URL: "https://example.com/u#x"}},
		{"user info", Links{Signer: signer, URL: "https://user@example.com/u"}},
		{"mailto without @", Links{Signer: signer, Mailto: "unsubscribe"}},
		{"mailto with ?", Links{Signer: signer, Mailto: "u?x@example.com"}},
		{"mailto with space", Links{Signer: signer, Mailto: "u x@example.com"}},
	} {
		if h, err := tc.l.Header(tok); err == nil {
			t.Errorf("%s: Header() = %v, nil, want an error", tc.name, h.Map())
		}
	}
}

// recorder is a Record func that remembers its calls.
type recorder struct {
	calls []Token
	err   error
}

func (r *recorder) record(ctx context.Context, t Token) error {
	r.calls = append(r.calls, t)
	return r.err
}

func TestHandler(t *testing.T) {
	link, err := newLinks().URLFor(Token{Addr: "jane@example.net", Scope: news})
	if err != nil {
		t.Fatal(err)
	}
	expired, _ := (&Links{Signer: signer, URL: "https://mail.example.com/unsubscribe"}).URLFor(Token{Addr: "jane@example.net", Expires: t0})
	forged := strings.Replace(link, "?t=A", "?t=B", 1)
	if forged == link {
		forged = link + "x"
	}
	form := "List-Unsubscribe=One-Click"
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("List-Unsubscribe", "One-Click")
	mw.Close()

	for _, tc := range []struct {
		name, method, url, ctype, body string
		recordErr                      error
		wantCode                       int
		wantRecorded                   bool
		wantText                       string
	}{
		{"GET confirms", "GET", link, "", "", nil, 200, false, "<form method=\"post\" action=\"?t="},
		{"HEAD confirms", "HEAD", link, "", "", nil, 200, false, ""},
		{"POST one-click", "POST", link, "application/x-www-form-urlencoded", form, nil, 200, true, "is unsubscribed from “news”"},
		{"POST multipart", "POST", link, mw.FormDataContentType(), mp.String(), nil, 200, true, "is unsubscribed"},
		{"POST without the body", "POST", link, "application/x-www-form-urlencoded", "", nil, 400, false, "One-Click"},
		{"POST with another value", "POST", link, "application/x-www-form-urlencoded", "List-Unsubscribe=Yes", nil, 400, false, "One-Click"},
		{"POST with the field in the query only", "POST", link + "&List-Unsubscribe=One-Click", "application/x-www-form-urlencoded", "", nil, 400, false, "One-Click"},
		{"POST too large", "POST", link, "application/x-www-form-urlencoded", form + "&x=" + strings.Repeat("a", maxBody), nil, 400, false, ""},
		{"no token", "POST", "https://mail.example.com/unsubscribe", "application/x-www-form-urlencoded", form, nil, 400, false, "not valid"},
		{"forged token", "POST", forged, "application/x-www-form-urlencoded", form, nil, 400, false, "not valid"},
		{"expired token", "POST", expired, "application/x-www-form-urlencoded", form, nil, 410, false, "expired"},
		{"expired token GET", "GET", expired, "", "", nil, 410, false, "expired"},
		{"PUT", "PUT", link, "application/x-www-form-urlencoded", form, nil, 405, false, ""},
		{"store down", "POST", link, "application/x-www-form-urlencoded", form, errors.New("down"), 500, true, "could not be recorded"},
	} {
		rec := &recorder{err: tc.recordErr}
		h := &Handler{Signer: signer, Record: rec.record}
		req := httptest.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != tc.wantCode {
			t.Errorf("%s: %s %s = %d, want %d (%s)", tc.name, tc.method, tc.url, w.Code, tc.wantCode, w.Body)
		}
		if got := len(rec.calls) > 0; got != tc.wantRecorded {
			t.Errorf("%s: recorded = %v, want %v", tc.name, got, tc.wantRecorded)
		} else if got && (rec.calls[0].Addr != "jane@example.net" || rec.calls[0].Scope != news) {
			t.Errorf("%s: recorded %+v, want jane@example.net in %v", tc.name, rec.calls[0], news)
		}
		if !strings.Contains(w.Body.String(), tc.wantText) {
			t.Errorf("%s: body = %q, want it to contain %q", tc.name, w.Body, tc.wantText)
		}
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store", tc.name, got)
		}
		if tc.wantCode == 405 && w.Header().Get("Allow") != "GET, HEAD, POST" {
			t.Errorf("%s: Allow = %q, want GET, HEAD, POST", tc.name, w.Header().Get("Allow"))
		}
	}
}

// TestHandlerStore records into a suppress.Store: the unsubscribe applies to
// its list only, and a second POST changes nothing.
func TestHandlerStore(t *testing.T) {
	ctx := context.Background()
	store := &suppress.Memory{}
	h := &Handler{Signer: signer, Store: store}
	link, err := newLinks().URLFor(Token{Addr: "Jane@Example.net", Scope: news})
	if err != nil {
		t.Fatal(err)
	}
	post := func() int {
		req := httptest.NewRequest("POST", link, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	if code := post(); code != 200 {
		t.Fatalf("POST = %d, want 200", code)
	}
	first, ok, err := store.Get(ctx, "jane@example.net", news, t0)
	if err != nil || !ok || first.Kind != suppress.Unsubscribe || !first.Permanent() {
		t.Fatalf("Get after POST = %+v, %v, %v, want a permanent unsubscribe", first, ok, err)
	}
	if code := post(); code != 200 {
		t.Fatalf("second POST = %d, want 200", code)
	}
	if again, _, _ := store.Get(ctx, "jane@example.net", news, t0); again != first {
		t.Errorf("entry after a second POST = %+v, want %+v unchanged", again, first)
	}
	for _, tc := range []struct {
		scope suppress.Scope
		want  bool
	}{
		{news, false},
		{suppress.Scope{Tenant: "acme", List: "offers"}, true},
		{suppress.Scope{Tenant: "acme"}, true},
		{suppress.Global, true},
	} {
		d, err := store.Allow(ctx, "jane@example.net", tc.scope, t0)
		if err != nil || d.Allowed != tc.want {
			t.Errorf("Allow(jane, %v) = %+v, %v, want Allowed %v", tc.scope, d, err, tc.want)
		}
	}
}

func TestHandlerUnsubscribe(t *testing.T) {
	rec := &recorder{}
	h := &Handler{Signer: signer, Record: rec.record}
	tok, _ := signer.Sign(Token{Addr: "jane@example.net", Scope: news})
	if got, err := h.Unsubscribe(context.Background(), " "+tok+"\r\n"); err != nil || got.Addr != "jane@example.net" || len(rec.calls) != 1 {
		t.Errorf("Unsubscribe(token) = %+v, %v (%d records), want jane, nil, 1 record", got, err, len(rec.calls))
	}
	if _, err := h.Unsubscribe(context.Background(), "garbage"); !errors.Is(err, ErrInvalidToken) || len(rec.calls) != 1 {
		t.Errorf("Unsubscribe(garbage) = %v (%d records), want ErrInvalidToken and no record", err, len(rec.calls))
	}
	if _, err := (&Handler{Signer: signer}).Unsubscribe(context.Background(), tok); err == nil {
		t.Errorf("Unsubscribe without Record or Store = nil error, want one")
	}
}

// TestLoopback serves the Handler over TLS on a loopback port and posts the
// one-click request to the link of the header with a real http.Client.
func TestLoopback(t *testing.T) {
	cert, pool := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	store := &suppress.Memory{}
	srv := &http.Server{
		Handler:           &Handler{Signer: signer, Store: store},
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}},
		ReadHeaderTimeout: 5 * time.Second,
	}
	done := make(chan error, 1)
	go func() { done <- srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("ServeTLS: %v", err)
		}
	})

	links := &Links{Signer: signer, URL: "https://" + ln.Addr().String() + "/unsubscribe", TTL: 24 * time.Hour}
	h, err := links.Header(Token{Addr: "jane@example.net", Scope: news, Campaign: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	target := strings.Trim(h.Get("List-Unsubscribe"), "<>")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer client.CloseIdleConnections()

	// A link scanner's GET unsubscribes nobody.
	resp, err := client.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s = %d, want 200", target, resp.StatusCode)
	}
	ctx := context.Background()
	if d, _ := store.Allow(ctx, "jane@example.net", news, t0); !d.Allowed {
		t.Fatalf("after GET: Allow = %+v, want allowed", d)
	}
	// The mail client's one-click POST (RFC 8058 §3.2).
	resp, err = client.Post(target, "application/x-www-form-urlencoded", strings.NewReader(h.Get("List-Unsubscribe-Post")))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("POST %s = %d, want 200", target, resp.StatusCode)
	}
	if d, err := store.Allow(ctx, "jane@example.net", news, t0); err != nil || d.Allowed || d.Entry.Kind != suppress.Unsubscribe {
		t.Errorf("after POST: Allow = %+v, %v, want suppressed by an unsubscribe", d, err)
	}
}

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// TestConfirmPage follows the confirmation page as a browser does: its form
// posts to a URL relative to the page, with the one-click field.
func TestConfirmPage(t *testing.T) {
	rec := &recorder{}
	h := &Handler{Signer: signer, Record: rec.record}
	// Mounted under a prefix that is stripped, as behind a proxy.
	mux := http.NewServeMux()
	mux.Handle("/mail/", http.StripPrefix("/mail", h))
	link, _ := (&Links{Signer: signer, URL: "https://example.com/mail/unsubscribe"}).URLFor(Token{Addr: "jane@example.net", Scope: news})
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", link, nil))
	body := w.Body.String()
	_, rest, ok := strings.Cut(body, `action="`)
	action, _, ok2 := strings.Cut(rest, `"`)
	if w.Code != 200 || !ok || !ok2 || len(rec.calls) != 0 {
		t.Fatalf("GET = %d, %q (%d records), want 200, a form, no record", w.Code, body, len(rec.calls))
	}
	base, _ := url.Parse(link)
	rel, err := url.Parse(html.UnescapeString(action))
	if err != nil {
		t.Fatal(err)
	}
	target := base.ResolveReference(rel).String()
	if target != link {
		t.Errorf("form action resolves to %q, want the link %q", target, link)
	}
	req := httptest.NewRequest("POST", target, strings.NewReader(url.Values{"List-Unsubscribe": {"One-Click"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != 200 || len(rec.calls) != 1 {
		t.Errorf("POST of the form = %d (%d records), want 200 and 1 record", w.Code, len(rec.calls))
	}
}

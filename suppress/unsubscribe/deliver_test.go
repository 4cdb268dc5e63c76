package unsubscribe_test

// This test wires the package into a real Deliverer. It lives in the
// external test package: package unsubscribe itself never imports deliver.

import (
	"bufio"
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/textproto"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/unsubscribe"
)

func TestDeliverer(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	signer := &unsubscribe.Signer{Keys: []unsubscribe.Key{{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")}}, Now: clock}
	links := &unsubscribe.Links{Signer: signer, URL: "https://mail.example.com/u", TTL: 180 * 24 * time.Hour}

	var mu sync.Mutex
	sent := map[string][]byte{} // recipient -> data
	var events []deliver.Event
	d := &deliver.Deliverer{
		Store: &suppress.Memory{},
		Now:   clock,
		Sender: deliver.SenderFunc(func(ctx context.Context, m *deliver.Message) ([]error, error) {
			mu.Lock()
			defer mu.Unlock()
			for _, to := range m.To {
				sent[to] = m.Data
			}
			return nil, nil
		}),
		// Every message of a list gets the one-click header fields.
		Decorate: func(m *deliver.Message, rcpt string) (textproto.Header, error) {
			if m.Scope.List == "" {
				return textproto.Header{}, nil
			}
			return links.Header(unsubscribe.Token{Addr: rcpt, Scope: m.Scope, Campaign: m.Campaign})
		},
		OnEvent: func(e deliver.Event) {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		},
	}
	news := suppress.Scope{Tenant: "acme", List: "news"}
	msg := &deliver.Message{ID: "1@example.com", From: "b@example.com", To: []string{"jane@example.net", "joe@example.net"},
		Campaign: "march", Scope: news, Data: []byte("Subject: news\r\n\r\nhello\r\n")}
	if _, err := d.Deliver(ctx, msg); err != nil {
		t.Fatal(err)
	}
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(sent["jane@example.net"])))
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("sent List-Unsubscribe-Post = %q, want List-Unsubscribe=One-Click", got)
	}
	if got := h.Get("Subject"); got != "news" {
		t.Errorf("sent Subject = %q, want the message's own header after the added fields", got)
	}
	link := strings.Trim(h.Get("List-Unsubscribe"), "<>")
	tok, err := signer.Verify(link[strings.Index(link, "?t=")+3:])
	if err != nil || tok.Addr != "jane@example.net" || tok.Scope != news || tok.Campaign != "march" {
		t.Fatalf("token of the sent link = %+v, %v, want jane in %v, campaign march", tok, err, news)
	}

	// Jane's mail client posts the one-click request; the Handler goes
	// through the Deliverer.
	handler := &unsubscribe.Handler{Signer: signer, Record: func(ctx context.Context, t unsubscribe.Token) error {
		return d.Unsubscribe(ctx, t.Addr, t.Campaign, t.Scope)
	}}
	req := httptest.NewRequest("POST", link, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("POST = %d, want 200", w.Code)
	}
	var unsub int
	for _, e := range events {
		if e.Kind == deliver.Unsubscribed && e.Rcpt == "jane@example.net" && e.Campaign == "march" {
			unsub++
		}
	}
	if unsub != 1 {
		t.Errorf("Unsubscribed events for jane = %d, want 1", unsub)
	}

	// The next message of the list skips Jane; another list and mail
	// outside any list still reach her, without the header.
	for _, tc := range []struct {
		scope suppress.Scope
		want  deliver.Kind
	}{
		{news, deliver.Suppressed},
		{suppress.Scope{Tenant: "acme", List: "offers"}, deliver.Delivered},
		{suppress.Scope{Tenant: "acme"}, deliver.Delivered},
	} {
		m := &deliver.Message{ID: "2-" + tc.scope.List + "@example.com", From: "b@example.com", To: []string{"jane@example.net"},
			Scope: tc.scope, Data: []byte("Subject: x\r\n\r\nx\r\n")}
		res, err := d.Deliver(ctx, m)
		if err != nil || len(res) != 1 || res[0].Kind != tc.want {
			t.Errorf("Deliver to jane in %v = %+v, %v, want %s", tc.scope, res, err, tc.want)
		}
		if tc.scope.List == "" {
			if bytes.Contains(sent["jane@example.net"], []byte("List-Unsubscribe")) {
				t.Errorf("mail outside a list got a List-Unsubscribe field")
			}
		}
	}
}

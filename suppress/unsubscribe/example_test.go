package unsubscribe_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/unsubscribe"
)

func Example() {
	// One key signs; keep the previous ones in Keys while old mail is around.
	signer := &unsubscribe.Signer{Keys: []unsubscribe.Key{
		{ID: "2026a", Secret: []byte("a secret of at least 16 bytes, random in real life")},
	}}
	links := &unsubscribe.Links{
		Signer: signer,
		URL:    "https://mail.example.com/unsubscribe",
		Mailto: "unsubscribe@example.com",
	}
	news := suppress.Scope{Tenant: "acme", List: "news"}

	// The header fields of one recipient's message.
	h, err := links.Header(unsubscribe.Token{Addr: "jane@example.net", Scope: news})
	if err != nil {
		panic(err)
	}
	fmt.Println("List-Unsubscribe-Post:", h.Get("List-Unsubscribe-Post"))
	https := strings.Trim(strings.Split(h.Get("List-Unsubscribe"), ", ")[0], "<>")
	fmt.Println(strings.HasPrefix(https, "https://mail.example.com/unsubscribe?t="))

	// The endpoint: the mail client posts List-Unsubscribe=One-Click.
	store := &suppress.Memory{}
	handler := &unsubscribe.Handler{Signer: signer, Store: store}
	req := httptest.NewRequest("POST", https, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, req)
	fmt.Println("POST:", w.Code)

	ctx := context.Background()
	for _, scope := range []suppress.Scope{news, {Tenant: "acme", List: "offers"}} {
		d, _ := store.Allow(ctx, "jane@example.net", scope, time.Now())
		fmt.Printf("%s allowed: %v\n", scope, d.Allowed)
	}
	// Output:
	// List-Unsubscribe-Post: List-Unsubscribe=One-Click
	// true
	// POST: 200
	// list acme/news allowed: false
	// list acme/offers allowed: true
}

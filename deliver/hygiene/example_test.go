package hygiene_test

import (
	"context"
	"fmt"
	"net"

	"github.com/bouncekit/bouncekit/deliver/hygiene"
)

// dns is a fake resolver; in production use net.DefaultResolver.
type dns map[string][]*net.MX

func (d dns) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	if mx, ok := d[name]; ok {
		return mx, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func (d dns) LookupHost(ctx context.Context, name string) ([]string, error) {
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func Example() {
	c := &hygiene.Checker{Resolver: dns{
		"gnail.com.":             {{Host: "mx.gnail.com.", Pref: 10}},
		"example.com.":           {{Host: "mx.example.com.", Pref: 10}},
		"nullmx.example.":        {{Host: ".", Pref: 0}},
		"xn--bcher-kva.example.": {{Host: "mx.xn--bcher-kva.example.", Pref: 10}},
	}}
	for _, addr := range []string{
		"Jane@Example.COM",
		"jane@gnail.com",
		"jane@bücher.example",
		"jane@nullmx.example",
		"jane@nowhere.example",
		"jane doe@example.com",
	} {
		r, err := c.Check(context.Background(), addr)
		switch {
		case err != nil:
			fmt.Printf("%-22s cannot tell: %v\n", addr, err)
		case !r.OK():
			fmt.Printf("%-22s %s (%s): %v\n", addr, r.Bounce.Category, r.Bounce.Reason, r.Err)
		case r.Suggestion != "":
			fmt.Printf("%-22s ok as %s; did you mean %s?\n", addr, r.Addr, r.Suggestion)
		default:
			fmt.Printf("%-22s ok as %s\n", addr, r.Addr)
		}
	}
	// Output:
	// Jane@Example.COM       ok as Jane@example.com
	// jane@gnail.com         ok as jane@gnail.com; did you mean jane@gmail.com?
	// jane@bücher.example    ok as jane@xn--bcher-kva.example
	// jane@nullmx.example    hard (notaccept): hygiene: domain nullmx.example accepts no mail (null MX, RFC 7505)
	// jane@nowhere.example   hard (hostunknown): hygiene: domain nowhere.example has no mail host (no MX and no address record)
	// jane doe@example.com   hard (userunknown): hygiene: invalid local part: "jane doe" has ' '
}

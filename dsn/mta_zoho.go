package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Zoho Mail writes the failed address and "ERROR_CODE :550, ERROR_CODE
// :5.1.1 …" on one line.
var famZoho = family{
	name:   "zoho",
	from:   []string{"@mail.zoho.com", "@zoho.com", "@zohomail.com"},
	header: []string{"X-Zohomail", "X-Mailer: zoho mail"},
	begin:  []string{"this is a permanent error", "this is a temporary error"},
	end:    []string{"received:from mail.zoho.com", "received:from "},
	hints: []hint{
		{"host not reachable", bounce.ReasonExpired, false},
	},
}

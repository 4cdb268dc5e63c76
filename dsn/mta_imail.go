package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Ipswitch IMail Server (SMTP32) writes "Unknown user: addr" and similar
// one-line reasons before "Original message follows.".
var famIMail = family{
	name:   "imail",
	header: []string{"X-Mailer: <smtp32"},
	infix:  []string{"attempts: "},
	label:  []string{"unknown user:", "invalid final delivery userid:", "user mailbox exceeds allowed size:", "undeliverable to"},
	end:    []string{"original message follows."},
	hints: []hint{
		{"unknown user", bounce.ReasonUserUnknown, false},
		{"invalid final delivery userid", bounce.ReasonUserUnknown, false},
		{"user mailbox exceeds allowed size", bounce.ReasonMailboxFull, false},
		{"delivery failed", bounce.ReasonExpired, false}, // "Delivery failed 20 attempts: addr"
		{"host unknown", bounce.ReasonHostUnknown, false},
	},
}

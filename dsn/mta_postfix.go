package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Postfix writes "This is the mail system at host …" and, after "The mail
// system", one block per recipient: "<addr>: host mx[ip] said: 550 …".
var famPostfix = family{
	name:    "postfix",
	subject: []string{"undelivered mail returned to sender", "delayed mail (still being retried)"},
	header:  []string{"X-Postfix-Queue-Id"},
	body:    []string{"this is the mail system at host", "the mail system\n", "this is the postfix program at host"},
	begin:   []string{"the mail system\n", "                   the mail system"},
	end:     []string{"undelivered message", "content-description: undelivered message"},
	hints: []hint{
		{"loops back to myself", bounce.ReasonMailerError, false},
		{"host or domain name not found", bounce.ReasonHostUnknown, false},
		{"host not found, try again", bounce.ReasonNetworkError, false},
		{"malformed or unexpected name server reply", bounce.ReasonNetworkError, false},
		{"unknown user:", bounce.ReasonUserUnknown, false},
	},
}

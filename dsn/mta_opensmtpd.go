package dsn

import "github.com/bouncekit/bouncekit/bounce"

// OpenSMTPD writes "Hi! This is the MAILER-DAEMON, please DO NOT REPLY to
// this e-mail." and a list of "Error: recipient: reply" lines.
var famOpenSMTPD = family{
	name: "opensmtpd",
	body: []string{"this is the mailer-daemon, please do not reply to this e-mail",
		"an error has occurred while attempting to deliver a message for the following list of recipients",
		"hi! this is the mailer-daemon"},
	begin: []string{"following list of recipients", "for the following recipients"},
	end:   []string{"below is a copy of the original message", "    below is a copy of the original message"},
	hints: []hint{
		{"envelope expired", bounce.ReasonExpired, false},
		{"network error on destination mxs", bounce.ReasonNetworkError, false},
		{"no mx found for domain", bounce.ReasonNotAccept, false},
	},
}

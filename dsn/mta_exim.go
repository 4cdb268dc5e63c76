package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Exim writes "This message was created automatically by mail delivery
// software." and lists each failed address, indented, with the remote
// reply below it.
var famExim = family{
	name:    "exim",
	subject: []string{"mail delivery failed", "warning: message ", "mail failure - malformed recipient address"},
	body: []string{
		"this message was created automatically by mail delivery software",
		"a message that you sent could not be delivered to",
		"a message that you sent has not yet been delivered",
		"contained one or more recipient addresses that were",
	},
	begin: []string{
		"following address(es) failed",
		"following address(es) have not yet been delivered",
		"could not be delivered to one or more of its",
		"has not yet been delivered to one or more of its",
		// The notice of addresses it could not parse.
		"recipient addresses that were incorrectly constructed:",
	},
	end: []string{"------ this is a copy of the message", "------ this is a copy of your message"},
	hints: []hint{
		{"retry timeout exceeded", bounce.ReasonExpired, true},
		{"retry time not reached for any host after a long failure period", bounce.ReasonExpired, true},
		{"have been failing for a long time", bounce.ReasonExpired, true},
		{"delivery attempts will continue", bounce.ReasonExpired, true},
		{"all relevant mx records point to non-existent hosts", bounce.ReasonHostUnknown, false},
		{"unrouteable address", bounce.ReasonHostUnknown, false},
		{"unrouteable mail domain", bounce.ReasonHostUnknown, false},
		{"mailbox is full", bounce.ReasonMailboxFull, false},
		{"message has been frozen", bounce.ReasonOnHold, false},
		{"too many \"received\" headers", bounce.ReasonContentError, false},
	},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Outlook.com (Hotmail) sends standard reports from postmaster@hotmail.com
// or outlook.com whose diagnostics end in a numeric triple
// "(-2147467259:308:-2147467259)".
var famOutlook = family{
	name: "outlook",
	from: []string{"postmaster@hotmail.com", "postmaster@mail.hotmail.com", "postmaster@outlook.com", "postmaster@mail.outlook.com"},
	hints: []hint{
		// Outlook.com answers RCPT for a mailbox it does not have
		// with this wording.
		{"requested action not taken: mailbox unavailable", bounce.ReasonUserUnknown, false},
		{"because the domain is not reachable", bounce.ReasonHostUnknown, false},
	},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Apple iCloud Mail (icloud.com, me.com, mac.com) sends standard reports;
// its own replies use a few fixed wordings.
var famApple = family{
	name: "icloud",
	from: []string{"@icloud.com", "@me.com", "@mac.com", "@mail.icloud.com"},
	hints: []hint{
		{"user does not exist", bounce.ReasonUserUnknown, false},
		{"mailbox is disabled", bounce.ReasonSuspend, false},
		{"user is over quota", bounce.ReasonMailboxFull, false},
		{"message rejected due to local policy", bounce.ReasonPolicyViolation, false},
	},
}

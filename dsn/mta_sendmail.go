package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Sendmail writes "----- The following addresses had permanent fatal
// errors -----", then each address and a transcript of the session.
var famSendmail = family{
	name:    "sendmail",
	subject: []string{"returned mail:", "warning: could not send message"},
	body: []string{
		"----- the following addresses had permanent fatal errors -----",
		"----- transcript of session follows -----",
		"the original message was received at",
	},
	begin: []string{
		"----- the following addresses had permanent fatal errors -----",
		"----- the following addresses had transient non-fatal errors -----",
		"the original message was received at",
	},
	end: []string{"----- unsent message follows -----", "----- original message follows -----", "----- message header follows -----"},
	// "554 <addr>... Remote protocol error" closes the session that
	// failed for addr, quoted above it.
	transcript: true,
	hints: []hint{
		{"mail.local: unknown user", bounce.ReasonUserUnknown, false},
		{"warning: message still undelivered after", bounce.ReasonExpired, true},
		{"cannot send message for", bounce.ReasonExpired, true},
		{"message could not be delivered for", bounce.ReasonExpired, true},
	},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Trend Micro InterScan Messaging Security Suite writes "Message from
// InterScan Messaging Security Suite" and "Unable to deliver message to
// <addr>", or quotes the SMTP session ("Sent <<< RCPT TO:", "Received >>>").
var famTrendMicro = family{
	name:  "trendmicro",
	from:  []string{"interscan"},
	body:  []string{"message from interscan messaging security suite"},
	label: []string{"unable to deliver message to", "reason:  unable to deliver message to", "reason: unable to deliver message to"},
	// InterScan says "Unable to deliver message to <addr>" when the
	// remote host refused the recipient.
	hints: []hint{
		{"please check if address is correct", bounce.ReasonUserUnknown, false},
		{"unable to deliver message to", bounce.ReasonUserUnknown, false},
	},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Mobile carriers' MMS and SMS gateways (Verizon vzwpix.com and vtext.com,
// on Apache James) answer "Error: Invalid user address" or "No valid
// recipients for this MM", with the envelope quoted as "RCPT TO: addr".
var famMMS = family{
	name:  "mms",
	from:  []string{"@vzwpix.com", "@vtext.com", "post_master@"},
	body:  []string{"message could not be delivered to mobile", "error message below:", "no valid recipients for this mm"},
	label: []string{"rcpt to:"},
	end:   []string{"original message:"},
	hints: []hint{
		{"no valid recipients for this mm", bounce.ReasonUserUnknown, false},
		{"no such user here", bounce.ReasonUserUnknown, false},
		{"invalid user address", bounce.ReasonUserUnknown, false},
	},
}

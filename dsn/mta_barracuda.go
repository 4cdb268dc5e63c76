package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Barracuda Spam Firewall returns "**Message you sent blocked by our bulk
// email filter**" with a standard report.
var famBarracuda = family{
	name:    "barracuda",
	subject: []string{"message you sent blocked by our bulk email filter"},
	header:  []string{"X-Barracuda-Connect", "X-Barracuda-Spam-Status"},
	body:    []string{"was blocked by our spam firewall"},
	hints: []hint{
		{"message content rejected, ube", bounce.ReasonSpamDetected, false},
		{"blocked by our spam firewall", bounce.ReasonSpamDetected, false},
	},
}

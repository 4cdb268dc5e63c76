package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Gmail writes "Delivery to the following recipient failed permanently:",
// the address on its own line and the remote reply below.
var famGmail = family{
	name: "gmail",
	body: []string{
		"delivery to the following recipient failed permanently",
		"delivery to the following recipient has been delayed",
		"delivery to the following recipients failed permanently",
		"technical details of permanent failure",
		"technical details of temporary failure",
		"** address not found **",
		"your message wasn't delivered to",
	},
	begin: []string{"delivery to the following recipient", "delivery to the following recipients"},
	end:   []string{"----- original message -----", "----- message header follows -----"},
	hints: []hint{
		{"the address couldn't be found", bounce.ReasonUserUnknown, false},
		{"the email account that you tried to reach does not exist", bounce.ReasonUserUnknown, false},
		{"dns error: domain name not found", bounce.ReasonHostUnknown, false},
		{"dns error: dns server returned answer with no data", bounce.ReasonHostUnknown, false},
		{"message will be retried for", bounce.ReasonExpired, true},
		{"the recipient server did not accept our requests to connect", bounce.ReasonExpired, false},
		{"delivery to the following recipient has been delayed", bounce.ReasonExpired, true},
		{"message rejected by google groups", bounce.ReasonRejected, false},
		{"the account has been disabled or discontinued", bounce.ReasonSuspend, false},
	},
}

// Google Groups returns posts that a group refused, naming the poster in
// X-Failed-Recipients.
var famGoogleGroups = family{
	name:       "googlegroups",
	from:       []string{"@googlegroups.com"},
	header:     []string{"X-Google-Group-Id"},
	body:       []string{"google groups", "google グループ"},
	notBody:    []string{"delivery to the following recipient"},
	noRcptLine: true,
	hints:      []hint{{"", bounce.ReasonRejected, false}},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Other Japanese providers and carriers (NTT docomo, SoftBank, BIGLOBE,
// ODN, …) send sendmail-like notices, sometimes with their own section
// headings ("----- Non-delivered information -----").
var famJapan = family{
	name: "japan",
	from: []string{"@docomo.ne.jp", "@softbank.ne.jp", "@biglobe.ne.jp", "@disney.ne.jp", "@vodafone.ne.jp",
		"@i.softbank.jp"},
	body:  []string{"docomo.ne.jp", "softbank.ne.jp", "----- non-delivered information -----"},
	begin: []string{"----- the following addresses had delivery problems -----"},
	hints: []hint{
		{"the number of messages in recipient's mailbox exceeded the local limit", bounce.ReasonMailboxFull, false},
		{"the recipient's mailbox is full", bounce.ReasonMailboxFull, false},
		{"user unknown", bounce.ReasonUserUnknown, true},
	},
}

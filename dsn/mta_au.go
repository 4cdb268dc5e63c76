package dsn

import "github.com/bouncekit/bouncekit/bounce"

// au by KDDI (EZweb, au one net) returns "Mail System Error - Returned
// Mail" with one English sentence per kind of failure, often after a
// Japanese paragraph.
// QUIRK(EZweb): the Japanese text may be EUC-JP although the part says
// ISO-2022-JP, or ISO-2022-JP although it says EUC-JP or Shift_JIS;
// sniffCharset reads it as what its bytes are.
var famAU = family{
	name:    "au",
	from:    []string{"@ezweb.ne.jp", "@au.com", ".dion.ne.jp", "@auone-net.jp"},
	subject: []string{"mail system error - returned mail"},
	body: []string{
		"each of the following recipients was rejected by a remote mail server",
		"could not be delivered to:", "the user(s) account is disabled",
		"your message was not delivered within",
	},
	// The returned header follows a rule of hyphens.
	end:   []string{"-----\nreceived:"},
	label: []string{"recipient:", "could not be delivered to:"},
	hints: []hint{
		{"the user(s) account is disabled", bounce.ReasonSuspend, false},
		{"your message was not delivered within", bounce.ReasonExpired, false},
		{"as their mailbox is full", bounce.ReasonMailboxFull, false},
		{"each of the following recipients was rejected by a remote mail server", bounce.ReasonFiltered, true},
	},
}

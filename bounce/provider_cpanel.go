package bounce

import "slices"

// cPanel's Exim configuration, the default of most shared hosting
// (Bluehost, HostGator, Hostinger's cPanel plans, InMotion, A2 and many
// others): its ACLs answer with fixed texts.
//
// Sources: https://pastebin.com/ZR4Gcwca and https://pastebin.com/0SG3bRcw
// (cPanel Exim logs and bounces: "JunkMail rejected - <host> [<ip>] is in
// an RBL on <zone>, see <reason>"),
// https://support.cpanel.net/hc/en-us/articles/4410879747479 (mail to a
// suspended cPanel account may be rejected at SMTP time).
var cpanelRules = slices.Concat(
	// "550-JunkMail rejected - ... is in an RBL": the sending IP is on a
	// block list cPanel queries.
	group(ReasonBlocked, strong, "junkmail rejected"),
)

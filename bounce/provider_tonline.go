package bounce

import "slices"

// Telekom (t-online.de, magenta.de). T-Online accepts mail only from IPs
// with a known reputation and names the cause in parentheses: "554 IP=...
// - None/bad reputation. ... (NOWL)", "554 Dialup/transient IP not allowed
// ... (DIAL)".
//
// Sources: https://postmaster.t-online.de/index.en.html (4.6, 4.7, 4.12),
// https://help.creoline.com/de/doc/t-online-554-dialuptransient-ip-not-allowed-zVwMz4z866.
var tonlineRules = slices.Concat(
	// NOWL: no whitelist entry and no or bad reputation: a reputation
	// reset is asked from the postmaster; the recipient is not at fault.
	group(ReasonBadReputation, strong, "(nowl)", "none/bad reputation"),
	// DIAL: "Dialup/transient IP not allowed. Use a mailgateway".
	group(ReasonBlocked, strong, "(dial)", "dialup/transient ip not allowed"),
	// "552 5.2.2 Over STORAGE quota".
	group(ReasonMailboxFull, strong, "over storage quota"),
)

package bounce

import "slices"

// Seznam (seznam.cz, email.cz, post.cz), the largest Czech mailbox
// provider, and the Czech hosters whose servers run qmail with chkuser
// (Forpsi, ASPone, GRhosting). Seznam writes "szn;" before its English
// reason; Czech DSN texts use the words below.
//
// Sources: https://napoveda.seznam.cz/uzivatel-neexistuje ("5.1.1 szn;
// User hasn't got the service mapped": a permanent failure, the address
// does not exist), https://wiki.aspone.cz/wiki/index.php?title=Omezen%C3%AD_pro_emaily,
// https://support.grhosting.cz/kb/a290/email-se-vratil-odesilateli-jako-nedorucitelny.aspx,
// https://faq.c4.cz/odeslany-e-mail-se-vraci-zpet-s-chybou.
var czechRules = slices.Concat(
	group(ReasonUserUnknown, strong, "hasn't got the service mapped"),
	// "550 5.1.0 <id> blocked by SPF": the sender domain's SPF does not
	// allow the sending IP.
	group(ReasonAuthFailure, strong, "blocked by spf"),
	// Czech texts: "uživatel neexistuje" / "schránka neexistuje" (no such
	// user or box), "schránka příjemce je přeplněná" / "plná" (full),
	// "zpráva byla odmítnuta jako spam" (refused as spam).
	group(ReasonUserUnknown, strong, "uživatel neexistuje", "uzivatel neexistuje", "schránka neexistuje",
		"schranka neexistuje", "adresát neexistuje", "adresat neexistuje", "adresa neexistuje"),
	group(ReasonMailboxFull, strong, "je přeplněná", "je preplnena", "schránka je plná", "schranka je plna",
		"schránka příjemce je plná"),
	group(ReasonSpamDetected, strong, "odmítnuta jako spam", "odmitnuta jako spam", "vyhodnocen jako spam"),
)

package bounce

import "slices"

// STRATO (strato.de, strato.nl), a large German and Dutch hosting and
// mail provider. Its filter refuses with "Refused by local policy. No SPAM
// please!" and puts a hint in brackets: B-URL (a suspicious link), B-TEXT,
// B-SCORE and B-EX (suspicious text), B-ATTACH (an attachment that may not
// be sent). Without a hint the sending server or sender is blocked.
//
// Source: https://www.strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/
// (the table of error messages, cause and remedy).
var stratoRules = slices.Concat(
	group(ReasonSpamDetected, strong, "(b-url)", "(b-text)", "(b-score)", "(b-ex)"),
	group(ReasonPolicyViolation, strong, "(b-attach)"),
	// "Refused by local policy. No SPAM please" with no hint: "De mail komt
	// van een mailserver of afzender die geblokkeerd is" (the server or
	// sender is blocked).
	group(ReasonBlocked, strong, "no spam please"),
	// Dutch texts that Dutch hosts and their pages use: "mailbox is vol" /
	// "postvak is vol" (the box is full), "gebruiker onbekend" (unknown
	// user), "bestaat niet" after an address word (does not exist).
	group(ReasonMailboxFull, strong, "mailbox is vol", "postvak is vol", "mailbox zit vol", "postvak zit vol"),
	group(ReasonUserUnknown, strong, "gebruiker onbekend", "onbekende gebruiker", "ontvanger onbekend",
		"adres bestaat niet", "mailbox bestaat niet", "e-mailadres bestaat niet", "gebruiker bestaat niet"),
)

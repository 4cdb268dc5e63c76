package bounce

import "slices"

// GMX, WEB.DE, mail.com and 1&1/IONOS (United Internet). Replies are
// multi-line; the last line links the case ("For explanation visit
// https://postmaster.gmx.net/en/case?c=r0201..."); texts are in English or
// German.
//
// Sources: https://postmaster.gmx.com/en/error-messages,
// https://postmaster.web.de/de/fehlermeldungen, https://smtp.codes/unitedinternet/.
var unitedInternetRules = slices.Concat(
	// "554-No SMTP service 554-IP address is block listed": the sending IP,
	// not a host without mail service.
	group(ReasonBlocked, strong, "ip address is block listed", "ip address is blocklisted"),
	// "550-Requested action not taken: mailbox unavailable 550 invalid DNS
	// MX or A/AAAA resource record": the domain of the envelope sender
	// has no MX and no A/AAAA record, so a bounce could not be returned
	// to it; the sender's, not an unknown recipient, whatever the first
	// line says. "554 invalid DNS PTR resource record, IP=…": the
	// sending IP has no reverse DNS.
	group(ReasonRejected, strong, "invalid dns mx or a/aaaa resource record"),
	group(ReasonRequirePTR, strong, "invalid dns ptr resource record"),
	// "421/450 Reject due to policy violations": "the IP address of your
	// e-mail server is currently blocked ... too many non-existent
	// addresses" or a changing HELO.
	group(ReasonBlocked, strong, "reject due to policy violations"),
	// "421 Rate limit reached. Please try again later"; "Es wurden zu viele
	// E-Mails in zu kurzer Zeit eingeliefert".
	group(ReasonSpeeding, strong, "rate limit reached", "zu viele e-mails in zu kurzer zeit"),
	// "550 Reject due to SPF policy. The originating IP of the message is
	// not permitted by the domain owner"; German "laut SPF-Eintrag".
	group(ReasonAuthFailure, strong, "reject due to spf policy", "spf-eintrag"),
	// "550 Benutzer hat das Speichervolumen ueberschritten / User has
	// exhausted allowed storage space"; "Benutzer hat zuviele Mails auf dem
	// Server".
	group(ReasonMailboxFull, strong, "speichervolumen", "exhausted allowed storage space", "zuviele mails auf dem server"),
	// "550 Benutzer nicht bekannt/User unknown", "User is inactive"
	// (550 5.2.1, GMX).
	group(ReasonUserUnknown, strong, "benutzer nicht bekannt", "empfänger unbekannt", "empfaenger unbekannt"),
	group(ReasonSuspend, strong, "user is inactive"),
	// "Ihre E-Mail wurde abgewiesen, weil unser System aufgrund einer
	// generellen Überlastsituation die Annahme temporär verweigert hat."
	// The pattern leaves out the "Ü", which text rules do not fold: a
	// reply that begins with the word writes "Überlastsituation".
	group(ReasonSystemError, strong, "berlastsituation"),
	// German spam-filter texts: "als Spam eingestuft", "als Spam erkannt".
	group(ReasonSpamDetected, strong, "als spam eingestuft", "als spam erkannt"),
)

package bounce

import "slices"

// Yandex Mail (yandex.ru, ya.ru, yandex.com and Yandex 360 domains).
//
// Source: https://www.yandex.com/support/mail/bounces/yandex.html and
// https://yandex.com/support/mail/bounces/yandex/policy-rejection-on-the-target-address.html.
var yandexRules = slices.Concat(
	// "Policy rejection on the target address": "your message recipient's
	// account has been blocked because of User agreement violations" (the
	// owner may unblock it; until then mail to it fails).
	group(ReasonSuspend, strong, "policy rejection on the target address"),
	// "Message rejected under suspicion of SPAM"; "Blocked by spam
	// statistics": "If only spam is coming from your mailbox, the Yandex
	// mail server will block receipt of messages from it for 24 hours."
	group(ReasonSpamDetected, strong, "rejected under suspicion of spam"),
	group(ReasonBlocked, strong, "blocked by spam statistics"),
	// "Mailbox size exceeded", "Mailbox size limit exceeded": the
	// recipient's box (not a message size).
	group(ReasonMailboxFull, strong, "mailbox size exceeded"),
	// "Message infected by virus".
	group(ReasonVirusDetected, strong, "message infected by virus"),
	// "No correct recipients", "Bad address mailbox syntax".
	group(ReasonUserUnknown, strong, "no correct recipients", "bad address mailbox syntax"),
)

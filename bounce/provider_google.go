package bounce

import "slices"

// Gmail and Google Workspace. Most Gmail replies are already read by the
// general rules (their phrases are in rules.go); these are the ones that
// only Google writes.
//
// Source: https://support.google.com/a/answer/3726730 (SMTP error
// reference) and https://support.google.com/a/answer/3221692.
var googleRules = slices.Concat(
	// "550 5.7.350 Remote server returned message detected as spam"
	// (Workspace outbound gateway).
	group(ReasonSpamDetected, strong, "returned message detected as spam"),
	// "421 4.7.28 ... unusual rate of unsolicited mail originating from your
	// IP Netblock", "... from your SPF domain": the sending network.
	group(ReasonBlocked, strong, "unsolicited mail originating from your"),
	// "550 5.7.1 The user or domain that you are sending to (or from) has
	// a policy that prohibited the mail that you sent."
	group(ReasonPolicyViolation, strong, "has a policy that prohibited the mail"),
	// "554 5.6.0 Mail message is malformed. Not accepted."
	group(ReasonNotCompliantRFC, strong, "mail message is malformed"),
	// "452 4.5.3 Domain policy size per transaction exceeded, please try
	// this recipient in a separate transaction": a rate of recipients.
	group(ReasonTooManyConn, strong, "size per transaction exceeded"),
	// Google Groups' notice to a sender it does not let post: "The group
	// you tried to contact (name) may not exist, or you may not have
	// permission to post messages to the group." Google words both cases
	// in one sentence; the group refused the sender, so it is the
	// sender's rejection, not an unknown mailbox (decided: Sisimai's
	// rejected). Groups sends the notice in the poster's language; the
	// English wording is the one quoted across Groups' help forums, the
	// Japanese its localization. No Google help page lists the notice.
	group(ReasonRejected, strong,
		"may not have permission to post messages to the group",
		"グループにメッセージを投稿する権限がない"),
	// "550 5.2.1 The email account that you tried to reach is disabled."
	group(ReasonSuspend, strong, "account that you tried to reach is disabled"),
	// Gmail's DSN, localized ("The email account that you tried to reach
	// does not exist").
	group(ReasonUserUnknown, strong,
		"la cuenta de correo electrónico a la que intentaste llegar no existe",
		"le compte de messagerie que vous avez essayé de joindre n'existe pas",
		"das e-mail-konto, das sie erreichen wollten, existiert nicht",
		"l'account email che hai tentato di raggiungere non esiste"),
)

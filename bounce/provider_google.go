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
	// this recipient in a separate transaction": answer/7282433 says the
	// size or number of the recipient domain's email policies was
	// exceeded, a condition of the receiving system (as Sisimai's table
	// has it), not a rate of the sender's.
	group(ReasonSystemError, strong, "size per transaction exceeded"),

	// The rest of Google's SMTP error reference (answer/3726730), About
	// SMTP error messages (answer/3221692), the Email sender guidelines
	// (mail/answer/81126) and the SMTP relay service errors
	// (answer/6140680): the texts that no general rule reads as Google
	// means them.
	//
	// "552 5.3.4 Your message exceeded Google's message header size
	// limits", "... exceeds Google's header name limit of N bytes": a
	// limit on the headers, not on the size of the message.
	group(ReasonExceedLimit, strong,
		"google's message header size limit", "google's header name limit"),
	// "421 4.7.29 Your email has been rate limited because this message
	// wasn't sent over a TLS connection. Gmail requires all bulk email
	// senders to use TLS/SSL for SMTP connections."
	group(ReasonFailedSTARTTLS, strong, "senders to use tls/ssl for smtp"),
	// Workspace's SMTP relay: "550 5.7.1 Invalid credentials for relay
	// [IP]. The IP address you've registered in your Workspace SMTP Relay
	// service doesn't match the domain of the account ...". (Gmail's "The
	// IP you're using to send mail is not authorized to send email
	// directly to our servers", NotAuthorizedError, stays the general
	// rule's blocked: it refuses IPs that policy block lists such as
	// Spamhaus's PBL list as not meant to send mail, a block-list refusal,
	// where Sisimai's table has norelaying.)
	group(ReasonNoRelaying, strong, "invalid credentials for relay"),
	// "421 4.7.28 Gmail has detected this message exceeded its quota for
	// sending messages with the same Message-ID:": a policy on duplicates,
	// not a full mailbox.
	group(ReasonPolicyViolation, strong, "sending messages with the same message-id"),
	// "550 5.7.0 Mail Sending denied. This error occurs if the sender
	// account is disabled or not registered within your Google Workspace
	// domain": the sender's account, not the recipient's.
	group(ReasonRejected, strong, "mail sending denied"),
	// The older DMARC refusal "550 5.7.1 Unauthenticated email is not
	// accepted from this domain" refuses the sender's domain (Sisimai's
	// table: rejected); 5.7.26's "Unauthenticated email from <domain> is
	// not accepted due to domain's DMARC policy" stays authfailure.
	group(ReasonRejected, strong, "unauthenticated email is not accepted"),
	// Protocol errors: "451 4.5.0 SMTP protocol violation, see RFC 2821",
	// "525 5.7.10 SMTP protocol violation, no commands allowed to pipeline
	// after STARTTLS", "535 5.5.4 Optional Argument not permitted for that
	// AUTH mode", "504 5.7.4 XOAUTH is no longer supported". Only
	// Google's two sentences: Exim's "SMTP protocol violation:
	// synchronization error" is left to the general rules.
	group(ReasonSyntaxError, strong, "smtp protocol violation, see rfc",
		"smtp protocol violation, no commands allowed to pipeline",
		"optional argument not permitted", "xoauth is no longer supported"),
	// "553 5.1.3 The recipient address <address> is not a valid RFC 5321
	// address" is about the recipient (its "553 5.1.7 The sender address
	// ..." twin is the general rule's notcompliantrfc).
	group(ReasonUserUnknown, strong, "recipient address*is not a valid rfc 5321 address"),
	// Workspace's DSN: "Your message wasn't delivered to x because the
	// address couldn't be found. Check for typos or unnecessary spaces
	// and try again."
	group(ReasonUserUnknown, strong, "because the address couldn't be found"),
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
	// "550 5.1.1 The email account that you tried to reach does not
	// exist": Gmail's own words for an address it does not have, also
	// where another server relays them without the 5.1.1 (a report that
	// names no command: not a filter's words).
	group(ReasonUserUnknown, strong, "account that you tried to reach does not exist"),
	// The same, localized (knowledge: Gmail's DSN in French, German,
	// Spanish, Portuguese, Italian): the words between "account" and
	// "disabled" are too many for a two-part pattern. ASCII parts around
	// the accented letters ("est désactivé", "está inhabilitada") keep
	// them in the automaton.
	group(ReasonSuspend, strong,
		"avez essay*de joindre est d*sactiv", "das sie erreichen wollten, ist deaktiviert",
		"intentaste llegar est*inhabilitada", "tentou acessar est*desativada",
		"hai tentato di raggiungere *disattivato"),
	// Gmail's DSN, localized ("The email account that you tried to reach
	// does not exist"; German "Adresse nicht gefunden … weil die Adresse
	// nicht gefunden wurde").
	group(ReasonUserUnknown, strong,
		"weil die adresse nicht gefunden wurde",
		"la cuenta de correo electrónico a la que intentaste llegar no existe",
		"le compte de messagerie que vous avez essayé de joindre n'existe pas",
		"das e-mail-konto, das sie erreichen wollten, existiert nicht",
		"l'account email che hai tentato di raggiungere non esiste"),
)

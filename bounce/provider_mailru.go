package bounce

import "slices"

// Mail.ru (mail.ru, bk.ru, list.ru, inbox.ru). Replies are English with a
// link to help.mail.ru; localized DSNs are Russian.
//
// Sources: https://help.mail.ru/mail/postmaster (error codes),
// https://mailout.ru/2015/09, https://errorsmaster.ru/oshibka-550-spam-message-rejected.
var mailruRules = slices.Concat(
	// "550 spam message rejected. Please visit http://help.mail.ru/notspam-support/..."
	group(ReasonSpamDetected, strong, "spam message rejected"),
	// "550 Message was not accepted -- invalid mailbox. Local mailbox ... is
	// unavailable: user not found".
	group(ReasonUserUnknown, strong, "invalid mailbox. local mailbox"),
	// "550 message sending for this account is disabled": the sender's own
	// Mail.ru account is blocked (suspected compromise).
	group(ReasonRejected, strong, "message sending for this account is disabled"),
	// "550 5.7.1 This message was not accepted due to domain owner DMARC
	// policy (RFC 7489)".
	group(ReasonAuthFailure, strong, "due to domain owner dmarc policy"),
	// Russian DSN texts: "ящик переполнен" / "превышен размер ящика" (box
	// full), "пользователь не существует" (no such user), "ящик
	// заблокирован" (box blocked), "письмо похоже на спам" (looks like spam).
	// Text rules fold only ASCII case: each pattern leaves out the first
	// letter of a word that may be capitalized.
	group(ReasonMailboxFull, strong, "ревышен размер ящика", "едостаточно места в ящике"),
	group(ReasonUserUnknown, strong, "ользователь не существует", "акого ящика нет", "дресат не существует"),
	group(ReasonSuspend, strong, "щик заблокирован", "щик отключен"),
	group(ReasonSpamDetected, strong, "охоже на спам", "ризнано спамом"),
)

package bounce

import "slices"

// i.ua (Ukraine). Each refusal links the page that explains it,
// mail.i.ua/err/N/, and the number N is the cause.
//
// Source: https://mail.i.ua/err/1/ to https://mail.i.ua/err/10/.
var iuaRules = slices.Concat(
	// 1: "The use of SMTP as mail gate is forbidden"; 6: "Use SMTP of your
	// provider to send mail": i.ua relays for no one.
	iuaCodes(ReasonNoRelaying, "1", "6"),
	// 2: "User is not found".
	iuaCodes(ReasonUserUnknown, "2"),
	// 3: "Mailbox was not used for more than 3 months": the account was
	// closed for inactivity.
	iuaCodes(ReasonSuspend, "3"),
	// 4: "Mailbox is full".
	iuaCodes(ReasonMailboxFull, "4"),
	// 5: "Letter sending limit is exceeded".
	iuaCodes(ReasonTooManyConn, "5"),
	// 7: a wrong HELO/EHLO argument; 9: "IP-address of the sender is
	// blacklisted": both about the sending host.
	iuaCodes(ReasonBlocked, "7", "9"),
	// 8: "Couldn't check sender address".
	iuaCodes(ReasonRejected, "8"),
	// 10: the recipient accepts only the senders on their own list ("Mail
	// address management").
	iuaCodes(ReasonFiltered, "10"),
)

// iuaCodes returns the rules for i.ua's numbered error pages; the closing
// slash keeps "err/1/" apart from "err/10/".
func iuaCodes(r Reason, codes ...string) []textRule {
	pats := make([]string, len(codes))
	for i, c := range codes {
		pats[i] = "i.ua/err/" + c + "/"
	}
	return group(r, strong, pats...)
}

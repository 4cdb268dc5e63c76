package bounce

import "slices"

// Naver and other Korean portals (naver.com, daum.net, hanmail.net).
//
// Sources: https://policy.naver.com/rules/spamcheck.html,
// https://puffinknight.tistory.com/102 and https://oliveit.tistory.com/39
// (collected replies of Korean portals).
var naverRules = slices.Concat(
	// "421 4.3.2 Your IP(...) is filtered and this connection will be
	// closed. You must register your IP to http://realip.naver.com".
	group(ReasonBlocked, strong, "is filtered and this connection will be closed",
		// "Since you sent too many e-mails, you are not allowed to send more
		// e-mails within 24 hours" (Daum).
		"not allowed to send more e-mails within",
		// "421 4.4.5 CCRT ... Connection refused. Server is busy(RT)": "spam
		// center detected the IP as a spam IP and temporarily blocked".
		"server is busy(rt)"),
	// "421 4.3.1 You send too many messages."
	group(ReasonSpeeding, strong, "you send too many messages"),
	// "550 You are registered as spammer (by user's reject list)",
	// "554 5.0.0 Service unavailable (...: mail is denied, by spam filter)":
	// the recipient's own settings.
	group(ReasonFiltered, strong, "by user's reject list", "mail is denied, by spam filter"),
	// "550 5.1.1 RUSR ... No such user"; Korean 존재하지 않는 (does not exist).
	group(ReasonUserUnknown, strong, "5.1.1 rusr", "존재하지 않는 사용자", "존재하지 않는 메일"),
	// Korean: 메일함 용량 초과 (mailbox over quota).
	group(ReasonMailboxFull, strong, "메일함 용량", "용량 초과"),
)

package bounce

import "slices"

// BT (btinternet.com, btopenworld.com, talk21.com), the largest British
// ISP mailbox service. Its refusals carry a dotted code in brackets.
//
// Sources: https://btbusiness.custhelp.com/app/answers/detail/a_id/15074
// ("550 Message rejected due to sender IP reputation"),
// http://blog.frankleonhardt.com/tag/bt-internet/ ("554 Message rejected,
// policy (3.2.1.1) - Your message looks like SPAM or has been reported as
// SPAM", "421 Too many messages (1.5.6.1) from <IP>").
var btRules = slices.Concat(
	// 3.2.1.1: the content was judged spam.
	group(ReasonSpamDetected, strong, "policy (3.2.1.1)", "looks like spam or has been reported as spam"),
	// 1.5.6.1: too many messages from one IP in a day: a rate limit.
	group(ReasonSpeeding, strong, "(1.5.6.1)"),
	group(ReasonBadReputation, strong, "due to sender ip reputation"),
)

package bounce

import "slices"

// Telstra BigPond (bigpond.com, bigpond.net.au, telstra.com), the largest
// Australian ISP mailbox service. Its refusals end with an "IBnnn" code.
//
// Sources: https://es.ittrip.xyz/?p=8126 ("550 5.7.1 Sender rejected.
// Sender domain is blacklisted. IB309"),
// https://www.suped.com/knowledge/email-deliverability/troubleshooting/why-are-emails-to-bigpond-bouncing-or-being-marked-as-spam
// ("558 5.7.1 Message content rejected due to suspected spam. IB704x"),
// https://crowdsupport.telstra.com.au/t5/broadband-nbn/why-is-my-email-being-blacklisted/ta-p/76234.
var telstraRules = slices.Concat(
	// IB309: the sender's domain is on BigPond's list: the sender is
	// refused, not the recipient.
	group(ReasonRejected, strong, "ib309"),
	// IB704: the content was taken for spam.
	group(ReasonSpamDetected, strong, "ib704"),
	// "Defined SPAM source: bl.spamcop.net": the sending IP is on a block
	// list BigPond uses.
	group(ReasonBlocked, strong, "defined spam source"),
)

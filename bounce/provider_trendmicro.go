package bounce

import "slices"

// Trend Micro Email Security (formerly Hosted Email Security, in.hes.trendmicro.com)
// and its Email Reputation Services (ERS), the former MAPS block lists at
// mail-abuse.com. ERS refusals end with a code: ERS-RBL (the RBL+ list of
// spam sources), ERS-QIL (the Quick IP Lookup list of sources seen
// sending in bursts) and ERS-DUL (dynamic user addresses).
//
// Postfix puts them after its generic "Recipient address rejected:", which
// alone would read as an unknown recipient; the code says the sending IP
// was refused, so each is blocked (Spam, never Hard).
//
// Sources: https://success.trendmicro.com/en-US/solution/KA-0001346 (the
// QIL: IPs "temporarily denied access for a period of 5 minutes to 12
// hours", answered with a 450),
// https://docs.trendmicro.com/en-us/enterprise/email-reputation-services-online-help/blocked_001.aspx
// (the DUL and Known Spam Source lists), http://www.mailabuse.org/enduserinfo_qil.html,
// https://community.virginmedia.com/t5/Email/ntlworld-domain-blocked-by-trend-micro/td-p/5521393
// ("554 5.7.1 <...>: Recipient address rejected: ERS-QIL."),
// https://pastebin.com/VaFdFSVL and https://pastebin.com/ZkvSZ1jq (bounces
// from in.hes.trendmicro.com and from a receiver querying r.mail-abuse.com).
var trendmicroRules = slices.Concat(
	group(ReasonBlocked, strong, "ers-rbl", "ers-qil", "ers-dul",
		"trend micro email reputation", "mail-abuse.com"),
)

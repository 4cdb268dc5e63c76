package bounce

import "slices"

// The wording of DNS block lists, which their operators ask receivers to
// put in their refusals, and the zone names that such refusals quote. A
// refusal that names a block list is about the sending IP or domain:
// blocked, never Hard. Spamhaus, SpamCop, SORBS, Barracuda and
// URIBL/SURBL are already in the general rules; these are the others.
//
// Sources: http://www.spamhaus.org/lookup.lasso ("550 5.7.1 Email rejected
// because 1.2.3.4 is listed by zen.spamhaus.org"),
// https://community.plus.net/t5/Tech-Help-Software-Hardware-etc/RBL-Blacklisting-by-UCEPROTECT/td-p/1925592
// and https://docs.inboxally.com/troubleshooting-recovery/blocklists/uceprotectl1
// (UCEPROTECT's levels), https://bastion.umanix.net/info ("The sender is
// in a black list hostkarma.junkemailfilter.com"),
// https://conetix.com.au/support/uceprotect-email-protection-scam/
// (Abusix Mail Intelligence), https://blacklist.kpnmail.nl/Help/17 (KPN).
var dnsblRules = slices.Concat(
	group(ReasonBlocked, strong, "uceprotect", "psbl.surriel", "abusix", "mailspike", "spamrats",
		"junkemailfilter.com", "backscatterer", "gbudb", "blacklist.kpnmail", "the sender is in a black list"),
)

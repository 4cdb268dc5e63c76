package bounce

import "slices"

// Fastmail (fastmail.com, messagingengine.com).
//
// Sources: https://fastmail.help/hc/en-us/articles/7010500320655-Why-messages-bounce-back,
// https://www.fastmail.com/help/send/undeliverable.html,
// https://brianjohnson.co.za/posts/avoid-fastmail/ (a reply from
// messagingengine.com to mail for a locked account).
var fastmailRules = slices.Concat(
	// "554 5.7.1 <client>: Client host rejected: Address locked or
	// deactivated; see .../docs/locked.html": the recipient's Fastmail
	// account was locked by Fastmail (the reply was given to Gmail's
	// client host, which was not itself refused). The page does not say
	// whether the lock lasts; a locked or deactivated account is taken
	// as suspended (Hard on a 5xx, as the existing suspend rules decide).
	group(ReasonSuspend, strong, "address locked or deactivated"),
	// "551 5.7.1 Not authorised to send from this header address": the
	// sender's From address is not theirs.
	group(ReasonRejected, strong, "not authorised to send from this header address"),
)

package bounce

import "slices"

// Trellix Email Security - Cloud (formerly FireEye ETP), a filtering
// service that writes an "ETPnnn" code into its refusals.
//
// Source: https://docs.trellix.com/data-and-email/docs/error-codes (the
// code table: code, message, reject or defer, reason).
var trellixRules = slices.Concat(
	// ETP101 and ETP102: "Invalid recipient": a BCC recipient the client
	// does not have, or one the upstream MTA rejected. ETP103 is the same
	// message deferred (the upstream MTA did not answer in time): a 4xx,
	// so Soft by its class.
	group(ReasonUserUnknown, strong, "etp101", "etp102", "etp103"),
	// ETP100: "Invalid recipient ... The specified domain doesn't match a
	// known inline or OOB domain": the domain is not served there, which
	// is what a relay refusal says.
	group(ReasonNoRelaying, strong, "etp100", "etp105"),
	// ETP104: "Routing loop detected".
	group(ReasonNetworkError, strong, "etp104"),
	// ETP106: "Requested action aborted: Try again later" (the MTA could
	// not reach its own API): a fault of the receiving system.
	group(ReasonSystemError, strong, "etp106"),
)

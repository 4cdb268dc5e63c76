package bounce

import "slices"

// Barracuda Email Security Gateway and Email Security Service.
//
// Sources: https://campus.barracuda.com/product/emailsecuritygateway/article/BSF/SMTPErrorCodes/,
// https://campus.barracuda.com/doc/39815000,
// https://www.barracudacentral.org/lookups (Barracuda Reputation).
var barracudaRules = slices.Concat(
	// "554 Service unavailable; Client host [...] blocked using Barracuda
	// Reputation"; "550 permanent failure for one or more recipients
	// (...:blocked)".
	group(ReasonBlocked, strong, "barracuda reputation", "barracudacentral"),
	// "420 The message has been deferred due to suspect content": Barracuda
	// defers a message whose content it doubts (Spam, retried as 4xx).
	group(ReasonSpamDetected, strong, "deferred due to suspect content", "barracuda spam firewall",
		"message blocked by barracuda"),
	// "Rejected by intent analysis": a link of the message points to a
	// known spam or phishing site.
	group(ReasonSpamDetected, strong, "intent analysis"),
)

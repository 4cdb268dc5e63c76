package bounce

import "slices"

// Cloudflare Email Routing.
//
// Source: https://developers.cloudflare.com/email-routing/postmaster/
var cloudflareRules = slices.Concat(
	// "... found on one or more DNSBLs".
	group(ReasonBlocked, strong, "found on one or more dnsbls"),
	// "... Upstream error": the destination server behind Email Routing
	// failed; Email Routing gives it back as a transient error.
	group(ReasonSystemError, strong, "upstream error"),
	// "... Email Routing ... rejected ... SPF / DKIM / DMARC".
	group(ReasonAuthFailure, strong, "does not pass spf, dkim or dmarc"),
)

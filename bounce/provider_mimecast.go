package bounce

import "slices"

// Mimecast. Each refusal names Mimecast's policy.
//
// Source: https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes
var mimecastRules = slices.Concat(
	// "550 Local CT IP Reputation - (reject)": "Ongoing reputation checks
	// have resulted in the message being rejected due to poor IP
	// reputation"; "451 Internal resources are temporarily unavailable":
	// greylisting or "the sender's IP address has a poor reputation".
	group(ReasonBadReputation, strong, "ct ip reputation", "internal resources are temporarily unavailable"),
	// "421 Sender address blocked" (a Blocked Senders policy on the IP),
	// "451 Recipient temporarily unavailable" (the IP is on the block list
	// for too many invalid connections), "451 IP temporarily blacklisted".
	group(ReasonBlocked, strong, "sender address blocked", "recipient temporarily unavailable", "ip temporarily blacklisted"),
	// "550 Rejected by header-based Blocked Senders - block policy for
	// Header From", "550 Envelope rejected - block policy for envelope
	// from address", "Rejected by header-based manually Blocked Senders".
	group(ReasonRejected, strong, "block policy for header from", "block policy for envelope from",
		"manually blocked senders", "envelope blocked - user domain entry"),
	// "550 Anti-Spoofing policy - Inbound not allowed".
	group(ReasonPolicyViolation, strong, "anti-spoofing policy", "content examination policy"),
	// "554 Configuration is invalid for this certificate".
	group(ReasonFailedSTARTTLS, strong, "configuration is invalid for this certificate"),
	// "451 Account outbounds disabled", "451 Hostname is not authorized"
	// (Omni Directional hostnames), "550 Journal message past expiration":
	// the customer's account holds the mail until its settings change;
	// Mimecast retries, so onhold (the recipient is not at fault).
	group(ReasonOnHold, strong, "account outbounds disabled", "hostname is not authorized",
		"journal message past expiration"),
	// "451 Account inbounds disabled": the customer's account takes no
	// inbound mail.
	group(ReasonNotAccept, strong, "account inbounds disabled"),
	// "451/550 The incorrect hostname used for inbounds": the recipient
	// domain's MX points at an outbound host.
	group(ReasonNetworkError, strong, "incorrect hostname used for inbounds"),
	// "554 Host network not allowed" and "554 Email rejected due to
	// security policies" are decided on Mimecast's servers only (host.go):
	// other servers write the same words with their own meaning.
	// "550 Submitter failed to authenticate".
	group(ReasonSecurityError, strong, "submitter failed to"),
	// "550 Journal messages past the expiration".
	group(ReasonExpired, strong, "past the expiration", "past expiration"),
)

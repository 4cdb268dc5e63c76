package bounce

import "slices"

// Spectrum and Charter (charter.net, spectrum.net, twc.com, rr.com).
// Refusals carry "AUP#I-NNNN" (mail to Spectrum) or "AUP#O-NNNN" (mail
// from Spectrum), four digits whose range says why.
//
// Source: https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes
// and http://www.spectrum.net/support/internet/charter-postmaster-services/.
var spectrumRules = slices.Concat(
	// 1000: "Your IP address has been blocked due to suspicious activity."
	// 1200-1210: "flagged by Cloudmark CSI as potential spam"; 1220-1250:
	// "blacklisted by Spamhaus".
	spectrumAUP(ReasonBlocked, 1000, 1000),
	spectrumAUP(ReasonBlocked, 1200, 1250),
	// 1010-1080: the sender's own Spectrum account is blocked or limited
	// "due to suspicious activity"; 1500, 1520: "attempting to send as a
	// different email address".
	spectrumAUP(ReasonRejected, 1010, 1080),
	spectrumAUP(ReasonRejected, 1500, 1500),
	spectrumAUP(ReasonRejected, 1520, 1520),
	// 1090: "The email you're trying to send can't be processed. Try
	// sending again at a later time."
	spectrumAUP(ReasonSystemError, 1090, 1090),
	// 1100-1150: "Spectrum requires a full circle DNS".
	spectrumAUP(ReasonRequirePTR, 1100, 1150),
	// 1160-1190: "goes against your domain's security policies".
	spectrumAUP(ReasonPolicyViolation, 1160, 1190),
	// 1260: "Spectrum doesn't process IPV6 addresses. Connect with an IPv4
	// address and try again": the sender can retry over IPv4.
	spectrumAUP(ReasonNetworkError, 1260, 1260),
	// 1300-1340: "limits the number of concurrent connections".
	spectrumAUP(ReasonTooManyConn, 1300, 1340),
	// 1350-1490, 1540, 1550, 1580: limits on messages, recipients per
	// message, per session and per period: rate limits.
	spectrumAUP(ReasonSpeeding, 1350, 1490),
	spectrumAUP(ReasonSpeeding, 1540, 1550),
	spectrumAUP(ReasonSpeeding, 1580, 1580),
	// 1530: "larger than the maximum size of 20MB".
	spectrumAUP(ReasonMesgTooBig, 1530, 1530),
	// 1560: "too many invalid recipients": a sender-side policy decision.
	spectrumAUP(ReasonPolicyViolation, 1560, 1560),
	// "554 Email Security Alert": the Spectrum customer's account sends
	// spam or viruses and is blocked.
	group(ReasonSecurityError, strong, "email security alert"),
)

// spectrumAUP returns the rules for Spectrum's codes lo to hi (steps of 10),
// in the forms "AUP#I-1000", "AUP#O-1000", "AUP#I1000" and "AUP#1000".
func spectrumAUP(r Reason, lo, hi int) []textRule {
	var codes []string
	for c := lo; c <= hi; c += 10 {
		codes = append(codes, itoa4(c))
	}
	return tokens(r, []string{"aup#i-", "aup#o-", "aup#i", "aup#o", "aup#"}, codes...)
}

// itoa4 formats a four-digit number.
func itoa4(n int) string {
	return string([]byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

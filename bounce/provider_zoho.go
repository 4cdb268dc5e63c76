package bounce

import "slices"

// Zoho Mail (zoho.com, zohomail.com and hosted domains).
//
// Sources: https://www.zoho.com/mail/help/spam-reason.html,
// https://github.com/zoho/zohodesk-oas/blob/main/v1.0/EmailFailureAlert.json,
// https://smtpfieldmanual.com/provider/zoho.
var zohoRules = slices.Concat(
	// "554 5.7.1 Email cannot be delivered. Reason: Email flagged as
	// Spam.", given in reply to RCPT TO, before any content was sent: a
	// refusal of the sender (rejected), as Sisimai's table has it.
	group(ReasonRejected, strong, "email flagged as spam"),
	// "541 5.4.1 Mail rejected by destination domain": the receiving
	// organisation refuses this sender.
	group(ReasonRejected, strong, "mail rejected by destination domain"),
	// "554 5.7.7 Email policy violation detected", "452 Mailbox delivery
	// restricted by policy error": the recipient organisation's rules.
	group(ReasonPolicyViolation, strong, "email policy violation detected", "restricted by policy error"),
	// "550 5.1.1 User does not exist - <...>"; "552 5.1.1 <...> Mailbox
	// delivery failure policy error", Zoho's 5.1.1 for an address it has
	// no mailbox for (Sisimai's table lists it with the unknown users).
	group(ReasonUserUnknown, strong, "user does not exist", "delivery failure policy error"),
	// "452 4.3.1 Temporary System Error".
	group(ReasonSystemError, strong, "temporary system error"),
	// "552 5.7.1 virus ... detected by Zoho Mail".
	group(ReasonVirusDetected, strong, "detected by zoho mail"),
)

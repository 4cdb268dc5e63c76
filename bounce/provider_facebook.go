package bounce

import "slices"

// Facebook (facebook.com, the mail of its users and groups). A refusal
// carries Facebook's own code, three letters, a dash, T (temporary) or P
// (permanent) and a number, before a link to the page that explains it:
// "550 5.1.1 RCP-P1 http://postmaster.facebook.com/response_codes?ip=…#rcp".
// The codes are matched as words, between spaces, so that a longer word
// with the same letters does not match.
//
// Source: http://postmaster.facebook.com/response_codes (SMTP Response
// Codes).
var facebookRules = slices.Concat(
	// Policy Issues. POL-P1: "Your mail server's IP Address is listed on
	// the Spamhaus PBL"; POL-P2: "Facebook will no longer accept mail
	// from your mail server's IP Address"; POL-P3, POL-P4 and POL-T1 to
	// POL-T3: "Facebook is not accepting messages from your mail server"
	// for some hours.
	facebookCodes(ReasonBlocked, "pol-p1", "pol-p2", "pol-p3", "pol-p4", "pol-t1", "pol-t2", "pol-t3"),
	// POL-P5: "The message contains a virus."
	facebookCodes(ReasonVirusDetected, "pol-p5"),
	// POL-P6: "The message contains a url that has been blocked by
	// Facebook."
	facebookCodes(ReasonSpamDetected, "pol-p6"),
	// POL-P7: "The message does not comply with Facebook's Domain
	// Authentication requirements." (Sisimai's table also lists POL-P7
	// as spamdetected, for the text of POL-P8.)
	facebookCodes(ReasonAuthFailure, "pol-p7"),
	// POL-P8: "The message does not comply with Facebook's abuse policies
	// and will not be accepted."
	facebookCodes(ReasonPolicyViolation, "pol-p8"),
	// Sender Domain Issues. DNS-P1, DNS-P2, DNS-T1: "Your SMTP MAIL FROM
	// domain does not exist / does not have an MX record / does not
	// currently resolve": the sender's domain, not the recipient's.
	facebookCodes(ReasonRejected, "dns-p1", "dns-p2", "dns-t1"),
	// DNS-P3, DNS-T2: "Your mail server does not have a reverse DNS
	// record", "... does not currently resolve".
	facebookCodes(ReasonRequirePTR, "dns-p3", "dns-t2"),
	// Recipient Issues. RCP-P1, INT-P1, INT-P4: "The attempted recipient
	// address does not exist"; INT-P3: the same for a group address.
	facebookCodes(ReasonUserUnknown, "rcp-p1", "int-p1", "int-p3", "int-p4"),
	// RCP-P2: "The attempted recipient's preferences prevent messages from
	// being delivered"; RCP-P3: "The attempted recipient's privacy
	// settings blocked the delivery".
	facebookCodes(ReasonFiltered, "rcp-p2", "rcp-p3"),
	// RCP-T1: "not currently available due to an internal system issue.
	// This is a temporary condition."
	facebookCodes(ReasonSystemError, "rcp-t1"),
	// RCP-T4: "The attempted recipient address is currently deactivated.
	// The user may or may not reactivate it."
	facebookCodes(ReasonSuspend, "rcp-t4"),
	// INT-P7: "The attempted recipient has exceeded their storage quota."
	facebookCodes(ReasonMailboxFull, "int-p7"),
	// Message Issues. MSG-P1, INT-P2: "The message exceeds Facebook's
	// maximum allowed size."
	facebookCodes(ReasonMesgTooBig, "msg-p1", "int-p2"),
	// MSG-P2: "The message contains an attachment type that Facebook does
	// not accept."
	facebookCodes(ReasonContentError, "msg-p2"),
	// MSG-P3: "The message contains multiple instances of a header field
	// that can only be present once."
	facebookCodes(ReasonNotCompliantRFC, "msg-p3"),
	// Connection Issues. CON-T1 to CON-T3: too many connections, open or
	// new, from the sender or to Facebook; CON-T4: "exceeded the maximum
	// number of recipients for its current connection"; MSG-T1: "The
	// number of recipients on the message exceeds Facebook's allowed
	// maximum".
	facebookCodes(ReasonTooManyConn, "con-t1", "con-t2", "con-t3", "con-t4", "msg-t1"),
)

// facebookCodes returns the rules for Facebook's codes, each between
// spaces or the ends of the text.
func facebookCodes(r Reason, codes ...string) []textRule {
	pats := make([]string, len(codes))
	for i, c := range codes {
		pats[i] = " " + c + " "
	}
	return group(r, strong, pats...)
}

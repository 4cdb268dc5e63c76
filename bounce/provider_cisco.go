package bounce

import "slices"

// Cisco Secure Email (IronPort). Its default replies come from the Host
// Access Table and the mail flow policies.
//
// Source: https://www.cisco.com/c/en/us/td/docs/security/esa/esa14-0/user_guide/b_ESA_Admin_Guide_14-0/b_ESA_Admin_Guide_12_1_chapter_0111.html
// (Configuring the Gateway to Receive Email: default SMTP responses).
var ciscoRules = slices.Concat(
	// "452 Too many recipients received this hour": the mail flow policy's
	// rate limit on the sending host.
	group(ReasonSpeeding, strong, "too many recipients received this hour"),
	// "554 Access Denied" / "550 #5.7.1 Your access to submit messages to
	// this e-mail system has been rejected": the HAT refuses the sender's
	// SenderBase reputation group.
	group(ReasonBlocked, strong, "your access to submit messages to this e-mail system has been rejected",
		"rejected based on blacklist"),
	// "421 Too many concurrent SMTP connections from this IP address".
	group(ReasonTooManyConn, strong, "concurrent smtp connections from this ip"),
)

package bounce

import "slices"

// Comcast and Xfinity (comcast.net). Comcast's 5xx refusals "contain a
// block code and a link" to the code's FAQ, e.g. ".../smtp-error-codes.php#BL000001".
//
// Source: http://postmaster.comcast.net/mail-error-codes.html,
// https://es.xfinity.com/support/articles/email-errors and
// https://business.comcast.com/help-and-support/internet/email-bounce-back-messages/.
var comcastRules = slices.Concat(
	// BL000000: "addresses that sent mail in patterns characteristic of
	// spam"; BL000001..BL000111: listed on Spamhaus Zen, Cloudmark CSI,
	// SenderScore (one bit per list); the older BL001..BL0010 the same.
	// ES000001/ES000010: "mail delivery is attempted from dynamic/residential
	// space". All refuse the sending IP: blocked.
	group(ReasonBlocked, strong, "bl000000", "bl000001", "bl000010", "bl000011", "bl000100",
		"bl000101", "bl000110", "bl000111", "#bl00", "es000001", "es000010"),
	// RL000001 and the RL codes: the sending IP exceeded Comcast's rate
	// limits; the page says to retry later at a lower rate.
	group(ReasonSpeeding, strong, "rl000001", "rl000010", "rl000100", "#rl00"),
	// "421 - [Too many sessions opened] Comcast allows 25 simultaneous
	// connections per sending IP address."
	group(ReasonTooManyConn, strong, "too many sessions opened"),
	// "421 - [Reverse DNS failure : Try again later] ... should be treated
	// as a temp-fail and can be retried."
	temporary(ReasonRequirePTR, "reverse dns failure : try again later"),
)

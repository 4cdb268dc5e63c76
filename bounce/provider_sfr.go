package bounce

import "slices"

// SFR (sfr.fr, neuf.fr, club-internet.fr, numericable.fr and the other
// domains of smtp-in.sfr.fr). Blocks carry "SFR_IN_dNN": the first digit
// is internal, the last two say why, and every block lasts two hours.
//
// Sources: https://www.postmastery.com/all-about-isp-sfr-and-smtp-error-codes-sfr_in_xxx/,
// https://bentonow.com/smtp-errors/sfr.
var sfrRules = slices.Concat(
	// NN = 01 "too many spam messages", 02 "virus/malware detected", 03
	// "SMTP protocol errors", 04 "too many unknown users": the sending IP
	// is blocked for two hours.
	sfrCodes(ReasonBlocked, "01", "02", "03", "04"),
	// NN = 05 "volume limit exceeded": a rate limit.
	sfrCodes(ReasonSpeeding, "05"),
)

// sfrCodes returns the rules for SFR_IN_dNN with NN one of codes.
func sfrCodes(r Reason, codes ...string) []textRule {
	var pats []string
	for d := '0'; d <= '9'; d++ {
		for _, c := range codes {
			pats = append(pats, "sfr_in_"+string(d)+c)
		}
	}
	return group(r, strong, pats...)
}

package bounce

import "slices"

// Free (free.fr, aliceadsl.fr, libertysurf.fr). Free blocks an IP for up to
// 24 hours from real-time statistics of spam and errors, and names the
// cause in the reply.
//
// Source: http://postmaster.free.fr/
var freeRules = slices.Concat(
	// ("550 spam detected": "le mail que vous avez envoyé a été analysé
	// comme étant un spam par notre filtre antispam" is read by the general
	// rules.)
	// "421 Too many spams from your IP (...), please visit
	// http://postmaster.free.fr/": the IP is blocked for its spam (the
	// same decision Free's page explains for the other block reasons).
	group(ReasonSpamDetected, strong, "too many spams from your ip"),
	// "... too many errors from your IP" / "too many unknown recipients":
	// the IP is blocked for its error rate.
	group(ReasonBlocked, strong, "too many invalid recipients from your ip", "too many unknown users from your ip"),
)

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// famGeneric is the fallback for bounces from unknown software: the
// generic shapes only. Its hints apply to every family, after the
// family's own.
var famGeneric = family{
	name: "generic",
	hints: []hint{
		// QUIRK(au/KDDI): a reply naming no address, "550 : User
		// unknown", is the recipient's receiving filter, not a missing
		// mailbox.
		{"550 : user unknown", bounce.ReasonFiltered, false},
		{"550: : user unknown", bounce.ReasonFiltered, false},
		// QUIRK(Yahoo): "554 delivery error: dd This user doesn't have
		// a yahoo.com account" comes after DATA but means no mailbox.
		{"delivery error: dd this user doesn't have", bounce.ReasonUserUnknown, false},
		{"delivery error: dd requested mail action aborted", bounce.ReasonUserUnknown, false},
	},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Proofpoint (pphosted.com) protected hosts refuse with replies that point
// to support.proofpoint.com, and its own notices say "Proofpoint".
var famProofpoint = family{
	name:   "proofpoint",
	header: []string{"X-Proofpoint-Spam-Details: rule=quarantine"},
	body:   []string{"pphosted.com", "proofpoint essentials"},
	hints: []hint{
		{"support.proofpoint.com/dnsbl-lookup", bounce.ReasonBlocked, false},
		{"rejected by recipients' email security policy", bounce.ReasonPolicyViolation, false},
	},
}

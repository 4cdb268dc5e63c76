package dsn

// Filtering appliances and services (Barracuda, Proofpoint, Mimecast, Trend
// Micro, MessageLabs, Sophos, McAfee …) reject with their own notices.
var famAppliance = family{
	name: "appliance",
	body: []string{"mimecast", "barracuda", "trend micro", "interscan", "messagelabs", "mcafee",
		"proofpoint", "sophos", "surfcontrol", "mxlogic", "mailmarshal", "mailfoundry"},
	filters: true,
}

package dsn

// Sophos Email Appliance and Sophos Central Email run Exim underneath and
// add their own banner to its text.
var famSophos = family{
	name:   "sophos",
	header: []string{"X-Sophos-Senderhistory", "X-Lasered"},
	body:   []string{"sophos email appliance", "sophos central email"},
	begin:  []string{"following address(es) failed", "could not be delivered to one or more of its"},
	end:    []string{"------ this is a copy of the message"},
}

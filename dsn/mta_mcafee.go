package dsn

// McAfee Email and Web Security appliances mark their notices with an
// X-NAI-Header field and list "--- The following addresses had delivery
// problems ---".
var famMcAfee = family{
	name:   "mcafee",
	header: []string{"X-NAI-Header"},
	begin:  []string{"--- the following addresses had delivery problems ---"},
}

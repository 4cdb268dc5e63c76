package dsn

// m-FILTER (Digital Arts) reports "-------server message" and "-------SMTP
// command" sections.
var famMFilter = family{
	name:   "mfilter",
	header: []string{"X-Mailer: m-filter"},
	body:   []string{"-------server message", "-------smtp command"},
	end:    []string{"-------original message", "-------original mail info"},
}

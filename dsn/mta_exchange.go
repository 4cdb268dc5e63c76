package dsn

// Microsoft Exchange and Office 365 send non-delivery reports ("NDR") in
// HTML and text; older versions send only text.
var famExchange = family{
	name: "exchange",
	header: []string{"X-Ms-Exchange-Message-Is-Ndr", "X-Ms-Exchange-Crosstenant-Originalarrivaltime",
		"X-Ms-Tnef-Correlator"},
	body: []string{
		"delivery has failed to these recipients or groups",
		"your message did not reach some or all of the intended recipients",
		"the following recipient(s) could not be reached",
		"diagnostic information for administrators",
		"your message wasn't delivered to",
	},
	begin: []string{
		"delivery has failed to these recipients or groups",
		"your message did not reach some or all of the intended recipients",
		"the following recipient(s) could not be reached",
		"your message wasn't delivered to",
	},
	end: []string{"original message headers:"},
}

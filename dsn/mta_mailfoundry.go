package dsn

// MailFoundry writes "Unable to deliver message to: <addr>" and "Delivery
// failed for the following reason:".
var famMailFoundry = family{
	name: "mailfoundry",
	body: []string{"delivery failed for the following reason:"},
}

package dsn

// Other filtering gateways (McAfee MX Logic, MailMarshal) whose notices
// carry no sentence of their own; an "unknown user" from them is their
// filter's verdict.
var famAppliance = family{
	name:   "appliance",
	header: []string{"X-Mx-Bounce"},
	body:   []string{"mailmarshal.sender", "mxlogic.net"},
}

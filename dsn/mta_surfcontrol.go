package dsn

// SurfControl (Websense) writes "Your message could not be sent. A
// transcript of the attempts to send the message follows."
var famSurfControl = family{
	name:   "surfcontrol",
	header: []string{"X-Sef-Processed", "X-Mailer: surfcontrol"},
	body:   []string{"a transcript of the attempts to send the message follows"},
	label:  []string{"addressed to:"},
}

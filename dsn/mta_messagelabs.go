package dsn

// MessageLabs (Symantec Email Security.cloud) marks its mail with an
// X-Msg-Ref field and writes "Your message could not be delivered to the
// following recipients".
var famMessageLabs = family{
	name:   "messagelabs",
	header: []string{"X-Msg-Ref: messagelabs"},
	from:   []string{"@messagelabs.com"},
	body:   []string{"this is an automatically generated message from symantec.cloud"},
	begin:  []string{"could not be delivered to the following recipient", "delivery has failed to these recipients"},
}

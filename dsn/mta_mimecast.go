package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Mimecast sends "This is an automated alert notification" with the
// address, the problem and additional information each after "-- ".
var famMimecast = family{
	name:   "mimecast",
	header: []string{"X-Mc-System", "X-Mimecast-Spam-Score"},
	body:   []string{"this is an automated alert notification. please do not reply"},
	begin:  []string{"could not be delivered", "could not be d"},
	end:    []string{"if you require further information, please contact"},
	hints: []hint{
		{"recipient email address is possibly incorrect", bounce.ReasonUserUnknown, true},
		{"the recipient's mailbox is full", bounce.ReasonMailboxFull, false},
	},
}

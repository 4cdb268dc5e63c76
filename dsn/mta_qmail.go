package dsn

import "github.com/bouncekit/bouncekit/bounce"

// qmail writes "Hi. This is the qmail-send program at …" and one block
// per recipient, "<addr>:" followed by what the remote host said.
var famQmail = family{
	name: "qmail",
	body: []string{"this is the qmail-send program", "this is the qmail program", "qmail-send program at"},
	begin: []string{
		"i'm afraid i wasn't able to deliver your message",
		"i'm not going to try again",
		"wasn't able to deliver",
	},
	end: []string{"--- below this line is a copy of the message", "--- enclosed are the original headers of the message"},
	hints: []hint{
		{"sorry, no mailbox here by that name", bounce.ReasonUserUnknown, false},
		{"sorry, i couldn't find any host named", bounce.ReasonHostUnknown, false},
		{"sorry, i couldn't find any host by that name", bounce.ReasonHostUnknown, false},
		{"sorry, i couldn't find a mail exchanger or ip address", bounce.ReasonNotAccept, false},
		{"but my name was rejected", bounce.ReasonBlocked, false},
		{"sorry, i wasn't able to establish an smtp connection", bounce.ReasonNetworkError, false},
		{"unable to contact ldap server", bounce.ReasonSystemError, false},
		{"sorry. although i'm listed as a best-preference mx", bounce.ReasonSystemError, false},
		{"this message is looping", bounce.ReasonContentError, false},
		{"recipient's mailbox is full", bounce.ReasonMailboxFull, false},
		{"mailbox is full", bounce.ReasonMailboxFull, false},
		{"message is too long", bounce.ReasonMesgTooBig, false},
		{"unable to switch to home directory", bounce.ReasonMailerError, false},
		{"unable to run", bounce.ReasonMailerError, false},
		{"the mailbox has been disabled", bounce.ReasonSuspend, false},
	},
}

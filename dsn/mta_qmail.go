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
		{"sorry, no mailbox here by that name", bounce.ReasonUserUnknown},
		{"sorry, i couldn't find any host named", bounce.ReasonHostUnknown},
		{"sorry, i couldn't find any host by that name", bounce.ReasonHostUnknown},
		{"sorry, i couldn't find a mail exchanger or ip address", bounce.ReasonNotAccept},
		{"but my name was rejected", bounce.ReasonBlocked},
		{"sorry, i wasn't able to establish an smtp connection", bounce.ReasonNetworkError},
		{"unable to contact ldap server", bounce.ReasonSystemError},
		{"sorry. although i'm listed as a best-preference mx", bounce.ReasonSystemError},
		{"this message is looping", bounce.ReasonContentError},
		{"recipient's mailbox is full", bounce.ReasonMailboxFull},
		{"mailbox is full", bounce.ReasonMailboxFull},
		{"message is too long", bounce.ReasonMesgTooBig},
		{"unable to switch to home directory", bounce.ReasonMailerError},
		{"unable to run", bounce.ReasonMailerError},
		{"the mailbox has been disabled", bounce.ReasonSuspend},
	},
}

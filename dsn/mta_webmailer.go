package dsn

// Some hosted mail services write "We had trouble delivering your message.
// Full details follow:" and one sentence per failed recipient: "SMTP
// Server <host> rejected recipient <addr> (Error following RCPT command)"
// or "The following recipients returned permanent errors: addr.".
var famWebMailer = family{
	name:  "webmailer",
	body:  []string{"we had trouble delivering your message. full details follow"},
	infix: []string{"rejected recipient ", "returned permanent errors: ", "returned temporary errors: "},
	end:   []string{"the attachment contains the original mail headers"},
}

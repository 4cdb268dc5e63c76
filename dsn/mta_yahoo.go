package dsn

// Yahoo! Mail writes "Sorry, we were unable to deliver your message to the
// following address." and "<addr>:" with "Remote host said: …".
var famYahoo = family{
	name:  "yahoo",
	body:  []string{"sorry, we were unable to deliver your message to the following address"},
	begin: []string{"sorry, we were unable to deliver your message"},
	end:   []string{"--- below this line is a copy of the message"},
}

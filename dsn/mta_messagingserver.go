package dsn

// Oracle (Sun) Communications Messaging Server writes "This report relates
// to a message you sent with the following header fields:" and labelled
// "Recipient address:" lines.
var famMessagingServer = family{
	name:  "messagingserver",
	body:  []string{"this report relates to a message you sent with the following header fields"},
	begin: []string{"your message cannot be delivered to the following recipients", "the following recipients"},
}

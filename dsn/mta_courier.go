package dsn

// Courier writes "This is a delivery status notification from …".
var famCourier = family{
	name:  "courier",
	body:  []string{"this is a delivery status notification from", "courier mail server at"},
	begin: []string{"the original message was received on", "your message to the following recipients"},
}

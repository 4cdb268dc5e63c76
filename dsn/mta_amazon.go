package dsn

// Amazon SES and WorkMail send standard reports with their own text.
var famAmazonSES = family{
	name:   "amazonses",
	header: []string{"X-Ses-Outgoing"},
	from:   []string{"@amazonses.com"},
	body:   []string{"amazonses.com", "an error occurred while trying to deliver the mail to the following recipients"},
	begin:  []string{"the following recipients", "to the following recipients"},
}

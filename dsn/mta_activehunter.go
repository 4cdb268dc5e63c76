package dsn

// ActiveHunter (TOWA) sends sendmail-like notices marked X-AHMAILID and
// lists recipients as ">>> addr <addr>".
var famActiveHunter = family{
	name:    "activehunter",
	header:  []string{"X-Ahmailid"},
	subject: []string{"failure notice :"},
	begin:   []string{"----- the following addresses had permanent fatal errors -----"},
	label:   []string{">>>"},
}

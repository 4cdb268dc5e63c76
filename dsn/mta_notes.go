package dsn

import "github.com/bouncekit/bouncekit/bounce"

// Lotus Notes and Domino write "------- Failure Reasons --------" (Notes)
// or "was not delivered to: … because: …" (Domino).
var famNotes = family{
	name:  "notes",
	body:  []string{"------- failure reasons", "was not delivered to:", "not listed in domino directory"},
	begin: []string{"------- failure reasons", "was not delivered to:"},
	end:   []string{"------- returned message --------"},
	hints: []hint{
		{"not listed in public name & address book", bounce.ReasonUserUnknown, false},
		{"not listed in domino directory", bounce.ReasonUserUnknown, false},
		{"no such user", bounce.ReasonUserUnknown, false},
	},
}

package dsn

// Smail 3 frames each part of its notice in a ruled line,
// "|---- Failed addresses follow: ----|", and lists each failed address
// as "addr ... reason"; the returned message follows "Message text
// follows:".
var famSmail = family{
	name:  "smail",
	body:  []string{"- failed addresses follow: -", "- message log follows: -"},
	begin: []string{"- failed addresses follow: -"},
	end:   []string{"- message text follows: -"},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// The DragonFly Mail Agent (dma) writes "There was an error delivering
// your mail to <addr>." followed by the remote reply.
var famDragonFly = family{
	name:  "dragonfly",
	body:  []string{"this is the dragonfly mail agent", "there was an error delivering your mail to"},
	label: []string{"there was an error delivering your mail to"},
	end:   []string{"message headers follow."},
	hints: []hint{{"could not deliver for the last", bounce.ReasonExpired, false}},
}

package dsn

import "github.com/bouncekit/bouncekit/bounce"

// fml, a mailing-list manager, answers posts it refuses with notices
// marked X-MLServer; the list's address is the recipient.
var famFML = family{
	name:       "fml",
	header:     []string{"X-Mlserver: fml"},
	body:       []string{"you are not a member of this mailing list", "duplicated message-id in <"},
	infix:      []string{"mailing list <", "duplicated message-id in <"},
	noRcptLine: true,
	end:        []string{"original mail as follows:"},
	hints: []hint{
		{"you are not a member", bounce.ReasonRejected, false},
		{"duplicated message-id", bounce.ReasonSystemError, false},
	},
}

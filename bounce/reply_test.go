package bounce

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		name, in string
		want     Reply
	}{
		{"single", "550 5.1.1 User unknown", Reply{550, Code{5, 1, 1}, "User unknown", ""}},
		{"multi", "550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please try again.",
			Reply{550, Code{5, 1, 1}, "The email account that you tried to reach does not exist. Please try again.", ""}},
		{"multi lf", "452-4.2.2 first\n452 4.2.2 second\n", Reply{452, Code{4, 2, 2}, "first second", ""}},
		{"dsn", "smtp; 550 5.1.1 <a@example.com>... User unknown", Reply{550, Code{5, 1, 1}, "<a@example.com>... User unknown", "smtp"}},
		{"dsn upper", "SMTP;550 5.7.1 Denied", Reply{550, Code{5, 7, 1}, "Denied", "SMTP"}},
		{"x-postfix", "X-Postfix; host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: User unknown",
			Reply{550, Code{5, 1, 1}, "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: User unknown", "X-Postfix"}},
		{"basic only", "550", Reply{550, Code{}, "", ""}},
		{"enhanced only", "5.1.1", Reply{0, Code{5, 1, 1}, "", ""}},
		{"no code", "User unknown", Reply{0, Code{}, "User unknown", ""}},
		{"hash code", "550 #5.1.0 Address rejected.", Reply{550, Code{5, 1, 0}, "Address rejected.", ""}},
		{"quoted enhanced", "Sorry, no mailbox here by that name. (#5.1.1)", Reply{0, Code{5, 1, 1}, "Sorry, no mailbox here by that name. (#5.1.1)", ""}},
		{"ip is no code", "connect to 192.5.1.1: refused", Reply{0, Code{}, "connect to 192.5.1.1: refused", ""}},
		{"said basic", "host example.com said: 554 Transaction failed", Reply{554, Code{}, "host example.com said: 554 Transaction failed", ""}},
		{"empty", "", Reply{}},
		{"spaces", "  \r\n ", Reply{}},
		{"x-unix", "X-Unix; 127", Reply{0, Code{}, "127", "X-Unix"}},
		{"dash basic", "550-", Reply{550, Code{}, "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseReply(tt.in); got != tt.want {
				t.Errorf("ParseReply(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseReplyBounded(t *testing.T) {
	long := strings.Repeat("550-5.1.1 é user unknown\r\n", 20000)
	r := ParseReply(long)
	if len(r.Text) > MaxReplyText || !utf8.ValidString(r.Text) || r.Basic != 550 {
		t.Errorf("ParseReply(long) = text of %d bytes (valid UTF-8 %v), basic %d", len(r.Text), utf8.ValidString(r.Text), r.Basic)
	}
	one := strings.Repeat("é", MaxReplyText)
	if r := ParseReply(one); len(r.Text) > MaxReplyText || !utf8.ValidString(r.Text) {
		t.Errorf("ParseReply(one long line) = %d bytes, valid %v", len(r.Text), utf8.ValidString(r.Text))
	}
}

package dsn

import (
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/bounce"
)

func TestRecipientLine(t *testing.T) {
	valid := []struct {
		in, addr, rest string
	}{
		{"<a@example.com>:", "a@example.com", ""},
		{"a@example.com", "a@example.com", ""},
		{"<a@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown", "a@example.com", "host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown"},
		{"<a@example.com> (expanded from <b@example.org>): user unknown", "a@example.com", "user unknown"},
		{"<a@example.com>... User unknown", "a@example.com", "User unknown"},
		{"\"a@example.com\":", "a@example.com", ""},
		{"* a@example.com", "a@example.com", ""},
		{"-- a@example.com", "a@example.com", ""},
		{"a@example.com on Mon, 2 Mar 2026 10:00:00 +0000", "a@example.com", ""},
		{"a@example.com [User unknown]", "a@example.com", "[User unknown]"},
		{">>> RCPT TO:<a@example.com>", "a@example.com", ">>> RCPT TO:<a@example.com>"},
		{"550 <a@example.com>... User unknown", "a@example.com", "550 <a@example.com>... User unknown"},
		{"Recipient address: a@example.com", "a@example.com", ""},
		{"Unknown user: a@example.com", "a@example.com", "Unknown user"},
		{"Could not be delivered to: <a@example.com>", "a@example.com", "Could not be delivered to"},
	}
	for _, tt := range valid {
		addr, rest, ok := famGeneric.recipientLine(tt.in)
		if !ok || addr != tt.addr || rest != tt.rest {
			t.Errorf("recipientLine(%q) = %q, %q, %v, want %q, %q, true", tt.in, addr, rest, ok, tt.addr, tt.rest)
		}
	}
	invalid := []string{
		"Hello a@example.com",
		"From: a@example.com",
		"<<< 550 5.1.1 <a@example.com>... User unknown",
		"To: a@example.com",
		"a@localhost",
		"the mail system",
		"target mail address: a@example.com",
	}
	for _, in := range invalid {
		if addr, _, ok := famGeneric.recipientLine(in); ok {
			t.Errorf("recipientLine(%q) = %q, true, want false", in, addr)
		}
	}
}

func TestFindBasic(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"550 5.1.1 unknown", 0},
		{"said: 550 5.1.1 unknown", 6},
		{"550-5.7.26 text", 0},
		{"host [192.0.2.250] said: 451 later", 25},
		{"Remote host said: 552: 5.2.2 full", 18},
		{"ERROR_CODE :550, ERROR_CODE :5.1.1", 12},
		{"size 550 bytes", -1},
		{"2026-03-02 10:00", -1},
		{"192.0.2.250 rejected", -1},
		{"Size (in bytes): 222\n", -1},
		{"Out: 250 2.1.5 Ok", 5},
		{"no code here", -1},
	}
	for _, tt := range tests {
		if got := findBasic(tt.in); got != tt.want {
			t.Errorf("findBasic(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestFindCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"550 5.1.1 unknown", "5.1.1"},
		{"(#5.5.0)", "5.5.0"},
		{"550-'5.7.1 <a@example.com>", "5.7.1"},
		{"5.4.310 DNS domain does not exist", "5.4.310"},
		{"host 192.0.2.5 said", ""},
		{"version 4.1.2.3", ""},
		{"v2.1.5", ""},
	}
	for _, tt := range tests {
		c, _ := findCode(tt.in)
		if c.String() != tt.want {
			t.Errorf("findCode(%q) = %q, want %q", tt.in, c, tt.want)
		}
	}
}

func TestAddress(t *testing.T) {
	tests := []struct{ typ, in, want string }{
		{"rfc822", "<a@example.com>", "a@example.com"},
		{"rfc822", "a+2Bb@example.com", "a+b@example.com"},
		{"utf-8", `m\x{00FC}ller@example.com`, "müller@example.com"},
		{"utf-8", "müller@example.com", "müller@example.com"},
		{"rfc822", "a@example.com (comment)", "a@example.com"},
		{"", "plain+tag@example.com", "plain+tag@example.com"},
	}
	for _, tt := range tests {
		if got := address(tt.typ, tt.in); got != tt.want {
			t.Errorf("address(%q, %q) = %q, want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}

func TestParseActionStatus(t *testing.T) {
	actions := []struct {
		in   string
		want Action
	}{
		{"failed", Failed}, {"FAILED", Failed}, {"delayed", Delayed}, {"delivered", Delivered},
		{"relayed", Relayed}, {"expanded", Expanded}, {"failure", Failed}, {"deferred", Delayed},
		{"failed (permanent)", Failed}, {"bogus", ""},
	}
	for _, tt := range actions {
		if got := parseAction(tt.in); got != tt.want {
			t.Errorf("parseAction(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	statuses := []struct {
		in   string
		want bounce.Code
	}{
		{"5.1.1", bounce.Code{Class: 5, Subject: 1, Detail: 1}},
		{"5.0.0 (permanent failure)", bounce.Code{Class: 5}},
		{"4.4.7", bounce.Code{Class: 4, Subject: 4, Detail: 7}},
		{"", bounce.Code{}},
		{"550", bounce.Code{}},
	}
	for _, tt := range statuses {
		if got := parseStatus(tt.in); got != tt.want {
			t.Errorf("parseStatus(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFindCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		{"(in reply to RCPT TO command)", CommandRCPT},
		{"SMTP error from remote mail server after MAIL FROM:<a@example.org>:", CommandMAIL},
		{"(in reply to end of DATA command)", CommandDATA},
		{">>> RCPT To:<a@example.com>\n<<< 250 ok\n>>> DATA\n<<< 554 rejected", CommandDATA},
		{"after initial connection: 554", CommandConn},
		{"Unauthenticated email from example.net is not accepted", ""},
		{"550 user unknown", ""},
	}
	for _, tt := range tests {
		if got := findCommand(tt.in); got != tt.want {
			t.Errorf("findCommand(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaderBlock(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "\n\nReturn-Path: <a@example.net>\nFrom: a@example.net\nSubject: x\n  continued\n\nbody\n",
			"Return-Path: <a@example.net>\nFrom: a@example.net\nSubject: x\n  continued\n"},
		{"unindented fold", "Received: from a.example.net (192.0.2.1) by\nb.example.net (192.0.2.2) with SMTP\nFrom: a@example.net\n\nbody\n",
			"Received: from a.example.net (192.0.2.1) by\nb.example.net (192.0.2.2) with SMTP\nFrom: a@example.net\n"},
		{"prose ends it", "From: a@example.net\nThanks for your message, see you soon\nand more prose here\n",
			"From: a@example.net\n"},
		{"part header first", "Content-Description: Undelivered Message\nContent-Type: message/rfc822\n\nFrom: a@example.net\nMessage-ID: <m@example.net>\n\nbody\n",
			"From: a@example.net\nMessage-ID: <m@example.net>\n"},
		{"indented quote", "Original header:\n   Received: from a.example.net\n   \tby b.example.net\n   From: a@example.net\n\n   body\n",
			"Received: from a.example.net\n\tby b.example.net\nFrom: a@example.net\n"},
		{"part header alone", "Content-Type: message/rfc822\n", "Content-Type: message/rfc822\n"},
	}
	for _, tt := range tests {
		if got := headerBlock(tt.in); got != tt.want {
			t.Errorf("headerBlock(%s: %q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestMarkerSet compares the marker scan with a naive search.
func TestMarkerSet(t *testing.T) {
	pats := []string{"the mail system", "user unknown", "rcpt to", "--- below this line", "宛先不明", "abc"}
	m := newMarkerSet(pats)
	texts := []string{
		"", "ab", "abc", "xxabcxx", "The Mail System\n<a@example.com>: User Unknown",
		"prefix RCPT TO:<a> and then --- Below this line is a copy",
		"日本語の宛先不明です", "user unknow", "userunknown user unknown",
	}
	for _, s := range texts {
		wantPat, wantAt := -1, -1
		var wantSeen markerBits
		lastPat, lastAt := -1, -1
		for i := 0; i < len(s); i++ {
			for pi, p := range pats {
				if hasPrefixFold(s[i:], p) {
					if wantAt < 0 {
						wantPat, wantAt = pi, i
					}
					lastPat, lastAt = pi, i
					wantSeen.set(pi)
				}
			}
		}
		if p, at := m.first(s); p != wantPat || at != wantAt {
			t.Errorf("first(%q) = %d, %d, want %d, %d", s, p, at, wantPat, wantAt)
		}
		if p, at := m.last(s); p != lastPat || at != lastAt {
			t.Errorf("last(%q) = %d, %d, want %d, %d", s, p, at, lastPat, lastAt)
		}
		if got := m.present(s); got != wantSeen {
			t.Errorf("present(%q) = %v, want %v", s, got, wantSeen)
		}
	}
}

// TestStatusBlocks checks how delivery-status blocks without a
// Final-Recipient become recipients.
func TestStatusBlocks(t *testing.T) {
	tests := []struct {
		name, body, to string
		want           []string // "address status"
	}{
		{"final", "Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n",
			"", []string{"a@example.com 5.1.1"}},
		{"original only", "Original-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.1.1\n",
			"", []string{"b@example.com 5.1.1"}},
		{"original then final", "Original-Recipient: rfc822; b@example.com\nFinal-Recipient: rfc822; c@example.com\nAction: failed\nStatus: 5.2.2\n",
			"", []string{"c@example.com 5.2.2"}},
		{"actual after a block", "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\nX-Actual-Recipient: rfc822; d@example.com\nAction: failed\nStatus: 5.2.2\n",
			"", []string{"a@example.com 5.1.1", "d@example.com 5.2.2"}},
		{"address last", "Action: failed\nStatus: 5.1.1\nFinal-Recipient: rfc822; e@example.com\n",
			"", []string{"e@example.com 5.1.1"}},
		{"diagnostic address", "Reporting-MTA: dns; a.example\n\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 <f@example.com> unknown\n",
			"", []string{"f@example.com 5.1.1"}},
		{"sender in diagnostic", "Action: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 550 5.7.1 <s@example.net>: Sender address rejected\n",
			"G <g@example.com>", []string{"g@example.com 5.7.1"}},
		{"to fallback", "Reporting-MTA: dns; a.example\n\nAction: failed\nStatus: 5.1.1\n",
			"G <g@example.com>", []string{"g@example.com 5.1.1"}},
		{"to with two addresses", "Action: failed\nStatus: 5.1.1\n",
			"g@example.com, h@example.com", nil},
		{"two unnamed blocks", "Action: failed\nStatus: 5.1.1\n\nAction: failed\nStatus: 5.2.2\n",
			"g@example.com", nil},
		{"named and unnamed", "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\nAction: failed\nStatus: 5.2.2\n",
			"g@example.com", []string{"a@example.com 5.1.1", "g@example.com 5.2.2"}},
		{"to names a reported one", "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\nAction: failed\nStatus: 5.2.2\n",
			"a@example.com", []string{"a@example.com 5.1.1"}},
		{"status among the message fields", "Reporting-MTA: dns; a.example\nStatus: 5.0.0\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n",
			"g@example.com", []string{"a@example.com 5.1.1"}},
		{"nothing", "Reporting-MTA: dns; a.example\n", "g@example.com", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := func() Original { return Original{From: "Sender <s@example.net>", To: tt.to} }
			rcpts := nameRecipients(decodeStatus(&Report{}, []string{tt.body}), orig)
			var got []string
			for _, r := range rcpts {
				got = append(got, r.FinalRecipient+" "+r.Status.String())
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("decodeStatus(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestReplyOf(t *testing.T) {
	tests := []struct {
		diag  string
		basic int
		code  string
	}{
		{"550 5.1.1 <a@example.com>... User unknown", 550, "5.1.1"},
		{"554 <a@example.com>... 550 Host unknown (Authoritative answer from name server)", 550, ""},
		{"554 <a@example.com>... Remote protocol error", 554, ""},
		{"554 <a@example.com>... 5.1.2 Host unknown", 554, "5.1.2"},
		{"250 2.1.0 Ok\n550 5.7.1 refused", 550, "5.7.1"},
		{"no code at all", 0, ""},
	}
	for _, tt := range tests {
		rp := replyOf(tt.diag)
		code := ""
		if !rp.Code.IsZero() {
			code = rp.Code.String()
		}
		if rp.Basic != tt.basic || code != tt.code {
			t.Errorf("replyOf(%q) = %d %q, want %d %q", tt.diag, rp.Basic, code, tt.basic, tt.code)
		}
	}
}

func TestLastReplyLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"prog: cannot open\n554 5.3.0 unknown mailer error 1\n", "554 5.3.0 unknown mailer error 1"},
		{"451 4.0.0 first\nWarning: still undelivered\n  452 4.3.1 second  \n", "452 4.3.1 second"},
		{"no reply here\n5.3.0 bare status\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := lastReplyLine(tt.in); got != tt.want {
			t.Errorf("lastReplyLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaderEnd(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"From: a\nTo: b\n\nbody\n", 14},
		{"\n\nFrom: a\n\nbody\n", 10},
		{"Microsoft Mail Internet Headers Version 2.0\n\nFrom: a\n\nbody\n", 53},
		{"three\nprose\nlines\n\nFrom: a\n\nbody", 18}, // more than two lines without a field: kept
		{"prose\n\nmore prose\n\nFrom: a\n\n", 18},     // only one block is skipped
		{"From: a\nTo: b", -1},
	}
	for _, tt := range tests {
		if got := headerEnd([]byte(tt.in)); got != tt.want {
			t.Errorf("headerEnd(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMessageID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<a.b@example.net>", "a.b@example.net"},
		{"  <a.b@example.net>  ", "a.b@example.net"},
		{"<a.b@example.net> (added by the relay)", "a.b@example.net"},
		{"(comment) <a.b@example.net>", "a.b@example.net"},
		{"< a.b@example.net >", "a.b@example.net"},
		{"a.b@example.net", "a.b@example.net"},  // QUIRK: no brackets
		{"<a.b@example.net", "a.b@example.net"}, // QUIRK: no closing bracket
		{"", ""},
		{"<>", ""},
	}
	for _, tt := range tests {
		if got := messageID(tt.in); got != tt.want {
			t.Errorf("messageID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

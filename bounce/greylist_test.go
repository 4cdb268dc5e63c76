package bounce

import "testing"

func TestGreylisted(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  bool
	}{
		// Postgrey, milter-greylist, Exim and SQLgrey wordings.
		{"450 4.2.0 <ann@example.com>: Recipient address rejected: Greylisted, see http://postgrey.example.org/help/example.com.html", true},
		{"451 4.7.1 Greylisting in action, please come back later", true},
		{"421 4.7.0 graylisted, try again in 5 minutes", true},
		{"450 4.7.1 <ann@example.com>: Recipient address rejected: Service is unavailable (greylisted)", true},
		// Multi-line replies take another path through Classify.
		{"451-4.7.1 You are grey listed here.\r\n451 4.7.1 Please retry in a few minutes", true},
		// Rate limits, mailbox conditions and permanent failures are not
		// greylisting, even when the permanent text says the word.
		{"421 4.7.0 Try again later, closing connection.", false},
		{"450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", false},
		{"452 4.2.2 Mailbox full", false},
		{"550 5.7.1 Greylisted", false},
		{"550 5.1.1 User unknown", false},
		{"250 2.0.0 Ok: greylisting passed", false},
	} {
		r := Classify(tc.reply)
		if r.Greylisted != tc.want {
			t.Errorf("Classify(%q).Greylisted = %v, want %v (result %+v)", tc.reply, r.Greylisted, tc.want, r)
		}
		if r.Greylisted && (r.Reason != ReasonSpeeding || r.Category != Soft || !r.Retry || r.Suppress) {
			t.Errorf("Classify(%q) = %+v, want a soft speeding failure to retry", tc.reply, r)
		}
		// The same through ClassifyReply and a Classifier whose user rule
		// sets a category but leaves the reason to the built-in rules.
		if got := ClassifyReply(ParseReply(tc.reply)).Greylisted; got != tc.want {
			t.Errorf("ClassifyReply(%q).Greylisted = %v, want %v", tc.reply, got, tc.want)
		}
		c := &Classifier{Rules: []Rule{{Category: Soft}}}
		if got := c.Classify(tc.reply).Greylisted; got != tc.want {
			t.Errorf("Classifier with a category-only rule: Classify(%q).Greylisted = %v, want %v", tc.reply, got, tc.want)
		}
	}
	// A caller's own reason skips the text rules: no greylisting signal.
	if r := ClassifyInput(Input{Reply: ParseReply("450 4.2.0 Greylisted"), Reason: ReasonMailboxFull}); r.Greylisted {
		t.Errorf("ClassifyInput with a caller's reason = %+v, want Greylisted false", r)
	}
}

package bounce

import (
	"regexp"
	"strings"
	"testing"
)

func TestClassifierRules(t *testing.T) {
	c := &Classifier{Rules: []Rule{
		{Domain: "example.com", Code: Code{5, 7, 1}, Category: Soft},
		{Domain: ".example.org", Contains: "MIGRATION", Reason: ReasonSystemError, Category: Soft},
		{Regexp: regexp.MustCompile(`(?i)quota of \d+ exceeded`), Reason: ReasonMailboxFull},
		{Basic: 554, Command: "DATA", Reason: ReasonSpamDetected},
		{Code: Code{4, 7, 1}, Category: Hard},
	}}
	tests := []struct {
		name   string
		in     Input
		cat    Category
		reason Reason
	}{
		{"domain and code: category only", Input{Reply: ParseReply("550 5.7.1 blocked using zen.spamhaus.org"), Domain: "EXAMPLE.com."}, Soft, ReasonBlocked},
		{"other domain: built-in", Input{Reply: ParseReply("550 5.7.1 blocked using zen.spamhaus.org"), Domain: "example.net"}, Spam, ReasonBlocked},
		{"subdomain and phrase", Input{Reply: ParseReply("550 mailbox migration in progress"), Domain: "mx.example.org"}, Soft, ReasonSystemError},
		{"parent of subdomain pattern", Input{Reply: ParseReply("550 mailbox migration in progress"), Domain: "example.org"}, Soft, ReasonSystemError},
		// Text that the built-in rules do not know leaves a 5xx to its code.
		{"phrase, wrong domain", Input{Reply: ParseReply("550 mailbox migration in progress"), Domain: "badexample.org"}, Hard, ReasonUserUnknown},
		{"regexp", Input{Reply: ParseReply("550 your quota of 100 exceeded")}, Soft, ReasonMailboxFull},
		{"command", Input{Reply: ParseReply("554 Transaction failed"), Command: "data"}, Spam, ReasonSpamDetected},
		{"4xx never hard even by rule", Input{Reply: ParseReply("451 4.7.1 Service unavailable")}, Soft, ReasonBlocked},
	}
	for _, tt := range tests {
		got := c.ClassifyInput(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s: ClassifyInput(%+v) = %s/%s, want %s/%s", tt.name, tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
		// A rule's Category Soft is a decision that the failure passes:
		// it is retried, 5xx or not.
		if tt.cat == Soft && got.Category == Soft && !got.Retry {
			t.Errorf("%s: ClassifyInput(%+v) = %+v, want Retry", tt.name, tt.in, got)
		}
		if err := got.check(); err != nil {
			t.Errorf("%s: ClassifyInput(%+v) = %+v: %v", tt.name, tt.in, got, err)
		}
	}
	// The zero Classifier is the package default.
	var zero Classifier
	for _, tt := range realWorld[:20] {
		if a, b := zero.Classify(tt.in), Classify(tt.in); a != b {
			t.Errorf("(&Classifier{}).Classify(%q) = %+v, Classify = %+v", tt.in, a, b)
		}
	}
}

func TestReadRules(t *testing.T) {
	in := `[
		{"domain": "example.com", "code": "5.7.1", "category": "soft"},
		{"contains": "mailbox is being migrated", "reason": "systemerror"},
		{"regexp": "(?i)quota .* exceeded", "reason": "mailboxfull"},
		{"basic": 550, "command": "MAIL", "reason": "rejected", "category": "spam"}
	]`
	rules, err := ReadRules(strings.NewReader(in))
	if err != nil {
		t.Fatalf("ReadRules: %v", err)
	}
	if len(rules) != 4 || rules[0].Code != (Code{5, 7, 1}) || rules[2].Regexp == nil || rules[3].Basic != 550 {
		t.Fatalf("ReadRules = %+v", rules)
	}
	c := &Classifier{Rules: rules}
	if got := c.Classify("552 your quota has been exceeded"); got.Reason != ReasonMailboxFull {
		t.Errorf("Classify with rules = %+v, want mailboxfull", got)
	}
}

func TestReadRulesInvalid(t *testing.T) {
	for _, in := range []string{
		`{}`,
		`[{}]`,
		`[{"domain": "example.com"}]`,
		`[{"domain": "example.com", "category": "maybe"}]`,
		`[{"domain": "example.com", "reason": "nosuchreason"}]`,
		`[{"code": "5.1", "category": "hard"}]`,
		`[{"regexp": "(", "category": "hard"}]`,
		`[{"basic": 99, "category": "hard"}]`,
		`[{"domian": "example.com", "category": "hard"}]`,
		`not json`,
	} {
		if rules, err := ReadRules(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "bounce: ") {
			t.Errorf("ReadRules(%q) = %+v, %v, want a bounce: error", in, rules, err)
		}
	}
}

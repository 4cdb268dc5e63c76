package bounce

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Rule is a caller's classification rule, consulted before the built-in
// ones. Its conditions (Basic, Code, Domain, Contains, Regexp) must all hold
// for it to match; a condition left at its zero value always holds. When it
// matches, Category and Reason replace the built-in decision; either may be
// left empty to keep the built-in one (a Rule with only Category: Soft turns
// any matching failure soft but keeps its reason). A Category of Soft also
// advises a retry of a 5xx reply, which a reason alone does only for the
// conditions that pass with time (see [Result].Retry).
//
// Rules are data: a JSON array of objects such as
//
//	[{"domain": "example.com", "code": "5.7.1", "category": "soft"},
//	 {"contains": "mailbox is being migrated", "reason": "systemerror", "category": "soft"},
//	 {"regexp": "(?i)quota .* exceeded", "reason": "mailboxfull"}]
//
// reads with [ReadRules].
type Rule struct {
	Basic    int            `json:"basic,omitempty"`    // the basic reply code, e.g. 550
	Code     Code           `json:"code,omitzero"`      // the enhanced status code, e.g. 5.7.1
	Domain   string         `json:"domain,omitempty"`   // the recipient domain; ".example.com" also matches its subdomains
	Contains string         `json:"contains,omitempty"` // a phrase in the reply text, ASCII case ignored
	Regexp   *regexp.Regexp `json:"regexp,omitempty"`   // a regular expression on the reply text
	Command  string         `json:"command,omitempty"`  // the SMTP command replied to (see Input.Command)

	Category Category `json:"category,omitempty"` // the category to report; "" derives it from the reason
	Reason   Reason   `json:"reason,omitempty"`   // the reason to report; "" keeps the built-in reason
}

// matches reports whether all of the rule's conditions hold for in.
func (u *Rule) matches(in *Input) bool {
	r := &in.Reply
	if u.Basic != 0 && u.Basic != r.Basic {
		return false
	}
	if !u.Code.IsZero() && u.Code != r.Code {
		return false
	}
	if u.Command != "" && !strings.EqualFold(u.Command, in.Command) {
		return false
	}
	if u.Domain != "" && !domainMatches(u.Domain, in.Domain) {
		return false
	}
	if u.Contains != "" && !containsFold(r.Text, u.Contains) {
		return false
	}
	if u.Regexp != nil && !u.Regexp.MatchString(r.Text) {
		return false
	}
	return true
}

// apply makes the result of a matching rule.
func (u *Rule) apply(in *Input) Result {
	r := &in.Reply
	res := Result{Status: r.Code, ReplyCode: r.Basic}
	reason, cat, hard, grey := u.Reason, u.Category, false, false
	if reason == "" {
		if r.success() {
			reason = ReasonDelivered
		} else {
			var c Category
			reason, c, hard, grey = decide(in)
			if cat == "" {
				cat = c
			}
		}
	}
	res = finish(res, reason, cat, hard, r.transient())
	res.Greylisted = grey
	return res
}

// domainMatches reports whether domain is pat, or a subdomain of it when pat
// starts with a dot. ASCII case is ignored, as is a final dot.
func domainMatches(pat, domain string) bool {
	domain = strings.TrimSuffix(domain, ".")
	if strings.HasPrefix(pat, ".") {
		return strings.EqualFold(pat[1:], domain) ||
			len(domain) > len(pat) && strings.EqualFold(domain[len(domain)-len(pat):], pat)
	}
	return strings.EqualFold(pat, domain)
}

// containsFold reports whether sub is in s, ignoring ASCII case, without
// allocating.
func containsFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		if lower(s[i]) == lower(sub[0]) && equalFoldASCII(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// ReadRules reads a JSON array of [Rule]s and checks them: every rule needs
// a condition, and its category and reason must be known words. Errors name
// the rule by its position, starting at 1.
func ReadRules(r io.Reader) ([]Rule, error) {
	var rules []Rule
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rules); err != nil {
		return nil, fmt.Errorf("bounce: reading rules: %w", err)
	}
	for i := range rules {
		if err := rules[i].check(); err != nil {
			return nil, fmt.Errorf("bounce: rule %d: %w", i+1, err)
		}
	}
	return rules, nil
}

func (u *Rule) check() error {
	if u.Basic == 0 && u.Code.IsZero() && u.Domain == "" && u.Contains == "" && u.Regexp == nil && u.Command == "" {
		return fmt.Errorf("no condition")
	}
	if u.Basic != 0 && (u.Basic < 200 || u.Basic > 599) {
		return fmt.Errorf("invalid basic code %d", u.Basic)
	}
	switch u.Category {
	case "", Hard, Soft, Spam:
	default:
		return fmt.Errorf("unknown category %q", u.Category)
	}
	if u.Reason != "" && !u.Reason.known() {
		return fmt.Errorf("unknown reason %q", u.Reason)
	}
	if u.Category == "" && u.Reason == "" {
		return fmt.Errorf("no category or reason")
	}
	return nil
}

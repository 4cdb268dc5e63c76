package bounce

import (
	"testing"

	"github.com/emersion/go-smtp"
)

// TestHostProviders checks the decisions that hold only on one receiver's
// servers: the same words from anyone else are left to the general rules.
func TestHostProviders(t *testing.T) {
	tests := []struct {
		reply, cmd, domain, host string
		cat                      Category
		reason                   Reason
		provider                 string
	}{
		// au by KDDI: an address in the reply is an unknown user, none
		// is the recipient's reception filter.
		{"550 <user@ezweb.ne.jp>: User unknown", "", "ezweb.ne.jp", "", Hard, ReasonUserUnknown, "kddi"},
		{"550 : User unknown", "", "ezweb.ne.jp", "", Spam, ReasonFiltered, "kddi"},
		{"550 : User unknown", "RCPT", "", "lsean.ezweb.ne.jp", Spam, ReasonFiltered, "kddi"},
		{"550 <user@example.jp>: User unknown", "", "example.jp", "msmx.au.com (192.0.2.1)", Hard, ReasonUserUnknown, "kddi"},
		// After DATA the address was accepted: the filter, as anywhere.
		{"550 <user@ezweb.ne.jp>: User unknown", "DATA", "ezweb.ne.jp", "", Spam, ReasonFiltered, "kddi"},
		// Other words from au are the general rules'.
		{"552 5.2.2 Mailbox full", "", "au.com", "", Soft, ReasonMailboxFull, ""},

		// NTT docomo: "550 Unknown user" is an unknown address since
		// March 2025; sendmail's Status 5.2.0 beside it, and a refusal
		// after DATA, are the filter.
		{"550 Unknown user user@docomo.ne.jp", "", "docomo.ne.jp", "", Hard, ReasonUserUnknown, "docomo"},
		{"550 Unknown user user@docomo.ne.jp", "RCPT", "", "mfsmax.docomo.ne.jp [192.0.2.1]", Hard, ReasonUserUnknown, "docomo"},
		{"550 5.2.0 Unknown user user@docomo.ne.jp", "", "docomo.ne.jp", "", Spam, ReasonFiltered, "docomo"},
		{"550 Unknown user user@docomo.ne.jp", "DATA", "docomo.ne.jp", "", Spam, ReasonFiltered, "docomo"},
		{"552 Too many recipients", "RCPT", "", "mfsmax.docomo.ne.jp", Soft, ReasonTooManyConn, "docomo"},
		{"552 Too much mail data user@docomo.ne.jp", "", "docomo.ne.jp", "", Soft, ReasonMailboxFull, "docomo"},
		// The filtering services' texts mean what their pages say on
		// their servers, at any command, and what the general rules
		// say elsewhere.
		{"554 Email rejected due to security policies", "DATA", "", "eu-smtp-inbound-1.mimecast.com", Spam, ReasonVirusDetected, "mimecast"},
		{"554 Email rejected due to security policies", "DATA", "", "mx.example.com", Spam, ReasonPolicyViolation, ""},
		{"553 Message Filtered", "DATA", "", "cluster1.eu.messagelabs.com", Spam, ReasonSpamDetected, "messagelabs"},
		{"553 Message Filtered", "DATA", "", "", Spam, ReasonFiltered, ""},
		{"452 Too many recipients received this hour", "RCPT", "", "cluster1.eu.messagelabs.com", Soft, ReasonTooManyConn, "messagelabs"},
		{"550 Suspected spam ip, please try again later", "RCPT", "qq.com", "", Spam, ReasonBlocked, "tencent"},
		{"550 Suspected spam", "DATA", "", "mx3.qq.com", Spam, ReasonRejected, "tencent"},
		// Quoted inside another server's words, the reply is not
		// docomo's own: the general rules decide.
		{"550 5.3.0 Other mail system problem 550-'Unknown user user@docomo.ne.jp'", "", "docomo.ne.jp", "", Hard, ReasonUserUnknown, ""},
	}
	for _, tt := range tests {
		in := Input{Reply: ParseReply(tt.reply), Command: tt.cmd, Domain: tt.domain, Host: tt.host}
		got := ClassifyInput(in)
		if got.Category != tt.cat || got.Reason != tt.reason || got.Provider != tt.provider {
			t.Errorf("ClassifyInput(%q, cmd %q, domain %q, host %q) = %s/%s/%q, want %s/%s/%q",
				tt.reply, tt.cmd, tt.domain, tt.host, got.Category, got.Reason, got.Provider, tt.cat, tt.reason, tt.provider)
		}
	}
}

// TestHostProvidersNeedTheHost checks that the receivers' words decide
// nothing of their own without the recipient domain or host that makes
// them the receiver's.
func TestHostProvidersNeedTheHost(t *testing.T) {
	for _, reply := range []string{
		"550 : User unknown",
		"550 <user@example.com>: User unknown",
		"550 Unknown user user@example.com",
	} {
		for _, in := range []Input{
			{Reply: ParseReply(reply)},
			{Reply: ParseReply(reply), Domain: "example.com", Host: "mx.example.com"},
			// A look-alike that is not the receiver's domain.
			{Reply: ParseReply(reply), Domain: "notezweb.ne.jp", Host: "mx.docomo.ne.jp.example.com"},
		} {
			if got := ClassifyInput(in); got.Provider != "" || got != ClassifyReply(in.Reply) {
				t.Errorf("ClassifyInput(%q, domain %q, host %q) = %+v, want the general rules' %+v",
					reply, in.Domain, in.Host, got, ClassifyReply(in.Reply))
			}
		}
	}
}

func TestOwnText(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{": User unknown", ": User unknown"},
		{"550 : User unknown", ": User unknown"},
		{"550: : User unknown", ": User unknown"},
		{"550: <a@example.jp>: User unknown", "<a@example.jp>: User unknown"},
		{"550-Unknown user a@example.jp", "Unknown user a@example.jp"},
		{"551 User unknown", "551 User unknown"},
	} {
		if got := ownText(Reply{Basic: 550, Text: tt.text}); got != tt.want {
			t.Errorf("ownText(550, %q) = %q, want %q", tt.text, got, tt.want)
		}
		if got := ownText(Reply{Text: tt.text}); tt.text[:3] != "551" && got != tt.want {
			t.Errorf("ownText(no code, %q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestHostName(t *testing.T) {
	for in, want := range map[string]string{
		"mx.example.jp":                           "mx.example.jp",
		" mx.example.jp [192.0.2.1]":              "mx.example.jp",
		"mx.example.jp (192.0.2.1)":               "mx.example.jp",
		"lsean.ezweb.ne.jp (TCP|192.0.2.1|25)":    "lsean.ezweb.ne.jp",
		"lsean.ezweb.ne.jp.\t(192.0.2.1, the ..)": "lsean.ezweb.ne.jp.",
		"": "",
	} {
		if got := hostName(in); got != want {
			t.Errorf("hostName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostProviderAllocs(t *testing.T) {
	in := Input{Reply: ParseReply("550 <user@ezweb.ne.jp>: User unknown"), Domain: "ezweb.ne.jp", Host: "lsean.ezweb.ne.jp [192.0.2.1]"}
	if n := testing.AllocsPerRun(100, func() { _ = ClassifyInput(in) }); n != 0 {
		t.Errorf("ClassifyInput with a host provider allocates %v times, want 0", n)
	}
}

// TestHostProviderSendError checks that a sender's error meets the same
// host-scoped decisions through the recipient domain: a Deliverer that
// sends to au sees au's filter refusal as a filter's, not an unknown user.
func TestHostProviderSendError(t *testing.T) {
	err := &smtp.SMTPError{Code: 550, Message: ": User unknown"}
	if got := ClassifyInput(Input{Err: err, Command: "RCPT", Domain: "ezweb.ne.jp"}); got.Reason != ReasonFiltered || got.Provider != "kddi" {
		t.Errorf("ClassifyInput(%v to ezweb.ne.jp) = %s (provider %q), want filtered (kddi)", err, got.Reason, got.Provider)
	}
	if got := ClassifyInput(Input{Err: err, Command: "RCPT", Domain: "example.com"}); got.Reason != ReasonUserUnknown || got.Provider != "" {
		t.Errorf("ClassifyInput(%v to example.com) = %s (provider %q), want userunknown", err, got.Reason, got.Provider)
	}
}

// TestDocumentedAtCommand checks that a receiver's documented code keeps
// its meaning at whichever command it comes, where a general "no such
// user" is a filter's after DATA and the sender's at MAIL.
func TestDocumentedAtCommand(t *testing.T) {
	tests := []struct {
		reply, cmd string
		reason     Reason
	}{
		// La Poste's LPN007_416 (Orange's postmaster code table).
		{"550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416", "DATA", ReasonUserUnknown},
		{"550 5.5.0 no such user here", "DATA", ReasonFiltered},
		// Before DATA the command rules hold for a provider's text as
		// for any: a refusal at MAIL FROM is the sender's.
		{"451 Account outbounds disabled", "MAIL", ReasonRejected},
		// Zoho's "User does not exist" is the general words, which a
		// filter may write after DATA too.
		{"550 5.1.1 User does not exist", "DATA", ReasonUserUnknown},
		{"550 User does not exist", "DATA", ReasonFiltered},
		{"550 5.1.0 <sender@example.net>: User unknown", "MAIL", ReasonRejected},
	}
	for _, tt := range tests {
		if got := ClassifyInput(Input{Reply: ParseReply(tt.reply), Command: tt.cmd}); got.Reason != tt.reason {
			t.Errorf("ClassifyInput(%q at %s) = %s, want %s", tt.reply, tt.cmd, got.Reason, tt.reason)
		}
	}
}

// TestProviderRulesFirst checks what builtin's marking of the documented
// rules relies on: providerRules follow senderVetoes in builtinRules, and
// only a provider's own code is documented.
func TestProviderRulesFirst(t *testing.T) {
	m := builtin()
	from := len(senderVetoes)
	for i, r := range providerRules {
		if m.rules[from+i].pat != r.pat {
			t.Fatalf("builtin rule %d = %q, want providerRules[%d] = %q", from+i, m.rules[from+i].pat, i, r.pat)
		}
	}
	for i := range m.meta {
		if (i < from || i >= from+len(providerRules)) && m.meta[i].provider {
			t.Fatalf("builtin rule %d (%q) is marked a provider's", i, m.rules[i].pat)
		}
	}
	// A provider's code is its own; its general words are not.
	for pat, want := range map[string]bool{"lpn007_416": true, "recipient mailbox is not allowed": true, "user does not exist": false} {
		found := false
		for i, r := range providerRules {
			if r.pat == pat {
				found = true
				if m.meta[from+i].provider != want {
					t.Errorf("provider rule %q documented = %v, want %v", pat, m.meta[i].provider, want)
				}
			}
		}
		if !found {
			t.Errorf("no provider rule %q", pat)
		}
	}
}

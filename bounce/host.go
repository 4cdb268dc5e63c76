package bounce

// hostProvider is a receiver whose replies mean something on its own
// servers that the same words do not mean elsewhere, so that the text
// rules, which hold for every server, cannot decide them: the Japanese
// carriers answer a recipient's own reception filter with the words of an
// unknown user. Its decision applies only when the reply is known to come
// from it: the recipient's domain ([Input].Domain) or the answering server
// ([Input].Host) is the receiver's.
type hostProvider struct {
	name string
	// domains are the receiver's recipient domains; a leading dot
	// matches the domain and its subdomains (see domainMatches).
	domains []string
	// hosts are the receiver's servers, matched like domains.
	hosts []string
	// phrases are the receiver's documented texts, the first found in
	// the reply deciding; they keep their meaning at every command, as
	// the receiver documents them.
	phrases []hostPhrase
	// reason, when set, decides a failed reply that no phrase decided, or
	// returns "" to leave it to the general rules; text is the reply's
	// own text (ownText). What it decides meets the command rules
	// (byCommand).
	reason func(r Reply, text string) Reason
}

// hostPhrase is a lowercase phrase of a receiver's and what it means on
// the receiver's servers.
type hostPhrase struct {
	pat    string
	reason Reason
}

// hostProviders are the receivers with host-scoped decisions. The
// filtering services' texts here are ones that the general rules read
// otherwise, because other servers write the same words with another
// meaning; on the service's own servers its documentation decides.
var hostProviders = [...]hostProvider{
	{
		// Mimecast, community.mimecast.com "Mimecast SMTP Error Codes"
		// (DOC-1369).
		name:  "mimecast",
		hosts: []string{".mimecast.com", ".mimecast-offshore.com"},
		phrases: []hostPhrase{
			// "554 Host network not allowed": a Geographical
			// Restriction policy of the customer.
			{"host network not allowed", ReasonPolicyViolation},
			{"host network, not allowed", ReasonPolicyViolation},
			// "554 Email rejected due to security policies": "a
			// signature was detected that could either be a virus, or
			// a spam score over the maximum threshold".
			{"email rejected due to security policies", ReasonVirusDetected},
		},
	},
	{
		// Broadcom Email Security.cloud (MessageLabs): the knowledge
		// base articles 173867 (message filtered), 165211 (hourly
		// limits) and 170124 (too many messages).
		name:  "messagelabs",
		hosts: []string{".messagelabs.com"},
		phrases: []hostPhrase{
			// "553-Message filtered. Please see the FAQs section on
			// spam": the anti-spam service took it for spam; a bare
			// "553 Message Filtered" from the service means the same.
			{"message filtered", ReasonSpamDetected},
			// "452 Too many recipients received this hour", "460 too
			// many messages (#4.3.0)": the limits of a sender's
			// connections to the service.
			{"too many recipients received this hour", ReasonTooManyConn},
			{"too many messages (#4.3.0)", ReasonTooManyConn},
		},
	},
	{
		// Tencent (QQ Mail), service.mail.qq.com/detail/122/71: "550
		// Suspected spam" is QQ's refusal of the sender's mail, which
		// the general rules read as spam content.
		name:    "tencent",
		domains: []string{".qq.com", ".foxmail.com"},
		hosts:   []string{".qq.com"},
		phrases: []hostPhrase{
			// "550 Suspected spam ip" (122/66) is the sending IP's
			// block; the bare form the sender's refusal.
			{"suspected spam ip", ReasonBlocked},
			{"suspected spam", ReasonRejected},
		},
	},
	{
		// NTT docomo.
		//
		// Until 12 March 2025 docomo refused mail that a recipient's
		// reception filter ("受信拒否設定") caught with the same reply
		// as an unknown address, "550 Unknown user <address>", and
		// sendmail-based relays reported such a refusal after DATA with
		// Status 5.2.0 (https://note.com/sendmagic/n/neb6bbe7e51cf:
		// "存在しない宛先にメール送信を行った。または携帯端末の受信拒否設定に
		// 該当した"). Since 13 March 2025 docomo accepts such mail and
		// files it in the recipient's spam folder
		// (https://www.docomo.ne.jp/binary/pdf/info/news_release/topics_250213_00.pdf),
		// so "550 Unknown user" now means an unknown address. Decided:
		// 5.2.0 with that text is the filter (filtered); a refusal after
		// DATA stays filtered (byCommand: the address was accepted at
		// RCPT); anything else is an unknown user, also when the report
		// does not say which command was refused.
		name:    "docomo",
		domains: []string{".docomo.ne.jp"},
		hosts:   []string{".docomo.ne.jp"},
		reason: func(r Reply, t string) Reason {
			switch {
			case r.Basic == 550 && hasPrefixFold(t, "unknown user"):
				// The reply itself, not one quoted in another
				// server's words.
				if r.Code.Class == 5 && r.Code.Subject == 2 && r.Code.Detail == 0 {
					return ReasonFiltered
				}
				return ReasonUserUnknown
			case r.Basic == 552 && containsFold(r.Text, "too many recipients"):
				// "552 Too many recipients": the recipients of one
				// transaction are limited.
				return ReasonTooManyConn
			case r.Basic == 552 && containsFold(r.Text, "too much mail data"):
				// "552 Too much mail data": "宛先ユーザ側のメールボックスフル"
				// (the recipient's mailbox is full), note.com above.
				return ReasonMailboxFull
			}
			return ""
		},
	},
	{
		// au by KDDI (ezweb.ne.jp, au.com). au answers an unknown
		// address with "550 <address>: User unknown" and mail that the
		// recipient's reception filter ("迷惑メールフィルター", "受信リスト
		// 設定") refuses with the same words but no address, "550 :
		// User unknown" (https://www.au.com/support/service/internet/trouble/mail/01/;
		// https://note.com/sendmagic/n/n875d8dcb6cb8). Decided: the
		// form naming the address is an unknown user, the form without
		// one is the filter. After DATA both are the filter (byCommand).
		name:    "kddi",
		domains: []string{".ezweb.ne.jp", ".au.com"},
		hosts:   []string{".ezweb.ne.jp", ".au.com"},
		reason: func(r Reply, t string) Reason {
			if !containsFold(t, "user unknown") {
				return ""
			}
			if hasPrefixFold(t, ": user unknown") {
				return ReasonFiltered
			}
			if containsFold(t, ">: user unknown") {
				return ReasonUserUnknown
			}
			return ""
		},
	},
}

// hostReason returns the host-scoped decision of the receiver that in's
// reply came from, with the receiver's name and whether the command rules
// apply to it, or "" when in comes from none of hostProviders or its
// decision leaves the reply to the general rules.
func hostReason(in *Input) (provider string, reason Reason, byCmd bool) {
	host := hostName(in.Host)
	if in.Domain == "" && host == "" {
		return "", "", false
	}
	for i := range hostProviders {
		p := &hostProviders[i]
		if !p.serves(in.Domain, host) {
			continue
		}
		t := ownText(in.Reply)
		for _, ph := range p.phrases {
			if containsFold(t, ph.pat) {
				return p.name, ph.reason, false
			}
		}
		if p.reason != nil {
			if r := p.reason(in.Reply, t); r != "" {
				return p.name, r, true
			}
		}
		return "", "", false
	}
	return "", "", false
}

// serves reports whether the recipient domain or the answering host is
// the receiver's.
func (p *hostProvider) serves(domain, host string) bool {
	if domain != "" {
		for _, d := range p.domains {
			if domainMatches(d, domain) {
				return true
			}
		}
	}
	if host != "" {
		for _, h := range p.hosts {
			if domainMatches(h, host) {
				return true
			}
		}
	}
	return false
}

// hostName returns the host name at the start of a Remote-MTA value,
// without what reporting MTAs write after it: "mx.example.jp
// [192.0.2.1]", "mx.example.jp (192.0.2.1)".
func hostName(s string) string {
	s = trimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' || c == '[' || c == '(' {
			return s[:i]
		}
	}
	return s
}

// ownText returns the text of r without surrounding space and without
// the basic code in front of it, which a bounce parser's text may keep
// ("550 : User unknown", "550: : User unknown", the latter also where
// ParseReply found no basic code in it).
func ownText(r Reply) string {
	t := trimSpace(r.Text)
	if len(t) < 3 || t[0] < '2' || t[0] > '5' || !isDigit(t[1]) || !isDigit(t[2]) || len(t) > 3 && isDigit(t[3]) {
		return t
	}
	if code := int(t[0]-'0')*100 + int(t[1]-'0')*10 + int(t[2]-'0'); r.Basic != 0 && code != r.Basic {
		return t
	}
	t = trimSpace(t[3:])
	if len(t) > 0 && t[0] == '-' {
		t = trimSpace(t[1:])
	}
	// "550: <address>: …" and "550: : …": the colon after the code
	// is a separator, the one after it (or the address) the reply's.
	if len(t) > 1 && t[0] == ':' {
		if rest := trimSpace(t[1:]); len(rest) > 0 && (rest[0] == ':' || rest[0] == '<') {
			t = rest
		}
	}
	return t
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}

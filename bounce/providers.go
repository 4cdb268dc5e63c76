package bounce

import "slices"

// providerRules are what large receivers and filtering services document
// about their own rejection texts: the codes they put in a reply (Cox's
// "CXBL", Orange's "OFR_416", NetEase's "DT:SPM", Spectrum's "AUP#I-1000")
// and the phrases their postmaster pages explain, in the languages they
// send. Each provider has its own file (provider_<name>.go), and each entry
// cites the page it comes from.
//
// They come before the general rules of rules.go: a provider's own code
// says more than any general phrase beside it. "554 No SMTP service - IP
// address is block listed" from GMX is a block of the sending IP (Spam),
// not a host that accepts no mail (Hard). So every entry here must be
// specific: a code or a phrase that only means what its page says.
//
// The decisions follow what a postmaster at a large sender would do with
// the reply: a block list or reputation refusal is Spam, never Hard (the
// recipient is not at fault); a rate limit is Soft; an unknown mailbox is
// Hard. Where a page is silent on a detail, the comment says what was
// decided and why.
var providerRules = slices.Concat(
	// Spectrum's AUP# codes before Cox's phrases: "too many invalid
	// recipients. AUP#O-1560" is Spectrum's code 1560.
	spectrumRules,
	coxRules,
	comcastRules,
	godaddyRules,
	yahooRules,
	microsoftRules,
	googleRules,
	appleRules,
	facebookRules,
	orangeRules,
	sfrRules,
	freeRules,
	unitedInternetRules,
	tonlineRules,
	italiaonlineRules,
	mailruRules,
	iuaRules,
	yandexRules,
	tencentRules,
	neteaseRules,
	naverRules,
	zohoRules,
	proofpointRules,
	mimecastRules,
	barracudaRules,
	ciscoRules,
	cloudflareRules,
	japanRules,
	messagelabsRules,
	trendmicroRules,
	trellixRules,
	stratoRules,
	fastmailRules,
	polandRules,
	czechRules,
	coremailRules,
	aliyunRules,
	btRules,
	telstraRules,
	dnsblRules,
	cpanelRules,
)

// tokens returns a rule for each code written after each of the prefixes,
// for providers that put a numbered code in their replies ("ofr004_" +
// "416"). Prefixes and codes are lowercase.
func tokens(r Reason, prefixes []string, codes ...string) []textRule {
	var pats []string
	for _, c := range codes {
		for _, p := range prefixes {
			pats = append(pats, p+c)
		}
	}
	return group(r, strong, pats...)
}

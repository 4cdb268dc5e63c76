package bounce

import "testing"

// providerReplies2 are replies of the receivers, filtering services and
// block lists of the second round of provider knowledge (provider_*.go
// files after japanRules in providers.go), each from the page cited, with
// addresses and hosts replaced by RFC 2606 names and RFC 5737 addresses.
// Where a page gives only the text, the code is the one the text came
// with or none.
var providerReplies2 = []struct {
	provider, page string
	in             string
	cat            Category
	reason         Reason
}{
	// Symantec Email Security.cloud (MessageLabs).
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "554 Denied (Mode: normal)", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "552 MS-Office file containing VBA macros found inside of the email", Spam, ReasonPolicyViolation},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "550 5.7.1 Message rejected due to content restrictions", Spam, ReasonPolicyViolation},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "550 5.7.1 Message rejected as spam by Content Filtering.", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "554 5.7.1 Recipient address rejected: No such user", Hard, ReasonUserUnknown},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "552 Requested mail action aborted: exceeded storage allocation", Soft, ReasonMailboxFull},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "554 5.4.7 [internal] exceeded max time without delivery", Soft, ReasonExpired},
	{"messagelabs", "knowledge.broadcom.com/external/article/162445", "550 SPF check failed. Sender not authorized", Spam, ReasonAuthFailure},
	{"messagelabs", "knowledge.broadcom.com/external/article/169925", "551 Sender is on domain's blacklist", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169925", "554 Rejected due to banned content", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169925", "554 Rejected due to spam content", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169925", "5.7.1 Recipient not authorized, your IP has been found on a block list", Spam, ReasonBlocked},
	{"messagelabs", "knowledge.broadcom.com/external/article/169925", "550 Message contained unsafe content (Heuristics.Phishing.Email.SpoofedDomain)", Spam, ReasonVirusDetected},

	// Trend Micro Email Security and Email Reputation Services.
	{"trendmicro", "community.virginmedia.com/t5/Email/ntlworld-domain-blocked-by-trend-micro/td-p/5521393", "554 5.7.1 <someone@example.com>: Recipient address rejected: ERS-QIL.", Spam, ReasonBlocked},
	{"trendmicro", "pastebin.com/VaFdFSVL", "550 5.7.1 <someone@example.com>: Recipient address rejected: ERS-RBL. (in reply to RCPT TO command)", Spam, ReasonBlocked},
	{"trendmicro", "docs.trendmicro.com/en-us/enterprise/email-reputation-services-online-help/blocked_001.aspx", "550 5.7.1 <someone@example.com>: Recipient address rejected: ERS-DUL.", Spam, ReasonBlocked},
	{"trendmicro", "success.trendmicro.com/en-US/solution/KA-0001346", "450 4.7.1 <someone@example.com>: Recipient address rejected: ERS-QIL.", Spam, ReasonBlocked},
	{"trendmicro", "pastebin.com/ZkvSZ1jq", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using example.r.mail-abuse.com; Mail from 192.0.2.1 blocked using Trend Micro Email Reputation database.", Spam, ReasonBlocked},

	// Trellix Email Security - Cloud.
	{"trellix", "docs.trellix.com/data-and-email/docs/error-codes", "550 5.1.1 ETP102 Invalid recipient", Hard, ReasonUserUnknown},
	{"trellix", "docs.trellix.com/data-and-email/docs/error-codes", "450 4.1.1 ETP103 Invalid recipient", Soft, ReasonUserUnknown},
	{"trellix", "docs.trellix.com/data-and-email/docs/error-codes", "554 5.4.6 ETP104 Routing loop detected", Soft, ReasonNetworkError},
	{"trellix", "docs.trellix.com/data-and-email/docs/error-codes", "451 4.3.0 ETP106 Requested action aborted: Try again later", Soft, ReasonSystemError},

	// STRATO.
	{"strato", "strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/", "550 5.7.1 Refused by local policy. No SPAM please! (B-URL)", Spam, ReasonSpamDetected},
	{"strato", "strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/", "550 5.7.1 Refused by local policy. No SPAM please! (B-SCORE)", Spam, ReasonSpamDetected},
	{"strato", "strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/", "550 5.7.1 Refused by local policy. No SPAM please! (B-ATTACH)", Spam, ReasonPolicyViolation},
	{"strato", "strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/", "550 5.7.1 Refused by local policy. No SPAM please!", Spam, ReasonBlocked},
	{"strato", "strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/", "552 5.2.2 User has exhausted allowed storage space", Soft, ReasonMailboxFull},
	{"strato", "weboke.nl/knowledgebase/6", "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table", Hard, ReasonUserUnknown},
	{"dutch", "domein-registreren.nl/ik-ontvang-geen-emails-meer-mijn-mailbox-zit-vol_807.html", "552 Het bericht kon niet worden afgeleverd: de mailbox zit vol", Soft, ReasonMailboxFull},
	{"dutch", "weboke.nl/knowledgebase/6", "550 Onbekende gebruiker: het e-mailadres bestaat niet", Hard, ReasonUserUnknown},

	// Fastmail.
	{"fastmail", "brianjohnson.co.za/posts/avoid-fastmail/", "554 5.7.1 <mail.example.com[192.0.2.1]>: Client host rejected: Address locked or deactivated; see http://mail.example.com/docs/locked.html", Hard, ReasonSuspend},
	{"fastmail", "fastmail.help/hc/en-us/articles/7010500320655", "550 5.1.1 <someone@example.com>: Sorry, user address unknown", Hard, ReasonUserUnknown},
	{"fastmail", "fastmail.help/hc/en-us/articles/7010500320655", "551 5.7.1 Not authorised to send from this header address", Spam, ReasonRejected},

	// Interia, Onet, WP and Forpsi (Poland).
	{"interia", "pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600", "550 5.7.1 Recipient doesn't want your mail", Spam, ReasonFiltered},
	{"interia", "pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600", "550 5.1.1 Account not found", Hard, ReasonUserUnknown},
	{"interia", "pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600", "550 5.7.0 [SPF] 192.0.2.1 is not allowed to send mail from example.com", Spam, ReasonAuthFailure},
	{"interia", "suped.com/.../why-are-my-emails-to-interiapl-being-rejected", "450 4.7.1 Twoj serwer poczty 192.0.2.1 zostal tymczasowo zablokowany za spam", Spam, ReasonBlocked},
	{"onet", "pomoc.poczta.onet.pl/baza-wiedzy/co-zrobic-w-przypadku-odeslanych-lub-odrzuconych-e-maili/", "550 5.1.1 Docelowe konto nie istnieje", Hard, ReasonUserUnknown},
	{"onet", "pomoc.poczta.onet.pl/baza-wiedzy/co-zrobic-w-przypadku-odeslanych-lub-odrzuconych-e-maili/", "550 5.7.1 Wiadomość oznaczona jako spam", Spam, ReasonSpamDetected},
	{"forpsi", "support.konto.pl/kb/a2871", "552 5.1.1 5.2.2 sorry, final recipient mailbox is full (chkuser)", Soft, ReasonMailboxFull},
	{"forpsi", "support.konto.pl/kb/a2871", "552 5.2.0 0biL1i00V1cmcpM01biL4w spam detected", Spam, ReasonSpamDetected},
	{"forpsi", "support.konto.pl/kb/a2871", "550 5.1.0 0bcW1i00G0jifNx01bcmHa blocked by SPF", Spam, ReasonAuthFailure},
	{"forpsi", "support.konto.pl/kb/a2871", "550 5.1.1 <someone@example.com> sender is blacklisted", Spam, ReasonRejected},
	{"polish", "pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600", "552 Skrzynka odbiorcy jest przepełniona", Soft, ReasonMailboxFull},
	{"polish", "pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600", "550 Konto zostało zawieszone", Hard, ReasonSuspend},

	// Seznam and Czech hosts.
	{"seznam", "napoveda.seznam.cz/uzivatel-neexistuje", "550 5.1.1 szn; User hasn't got the service mapped", Hard, ReasonUserUnknown},
	{"seznam", "napoveda.seznam.cz/uzivatel-neexistuje", "550 5.1.1 someone@example.com... User unknown", Hard, ReasonUserUnknown},
	{"c4", "faq.c4.cz/odeslany-e-mail-se-vraci-zpet-s-chybou", "550 5.1.1 Sorry, no mailbox here by that name.", Hard, ReasonUserUnknown},
	{"aspone", "wiki.aspone.cz/wiki/index.php?title=Omezení_pro_emaily", "550 Uživatel neexistuje", Hard, ReasonUserUnknown},
	{"aspone", "wiki.aspone.cz/wiki/index.php?title=Omezení_pro_emaily", "552 Schránka příjemce je přeplněná", Soft, ReasonMailboxFull},
	{"aspone", "wiki.aspone.cz/wiki/index.php?title=Omezení_pro_emaily", "554 Zpráva byla odmítnuta jako spam", Spam, ReasonSpamDetected},

	// Coremail and Chinese hosts.
	{"coremail", "icoremail.vip/support/index.php?cate_id=84", "550 IP is rejected", Spam, ReasonBlocked},
	{"coremail", "icoremail.vip/support/index.php?cate_id=84", "550 User suspended", Hard, ReasonSuspend},
	{"coremail", "icoremail.vip/support/index.php?cate_id=84", "550 User not found", Hard, ReasonUserUnknown},
	{"coremail", "icoremail.vip/support/index.php?cate_id=84", "550 User in blacklist", Spam, ReasonFiltered},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 black ip.", Spam, ReasonBlocked},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 user is locked.", Hard, ReasonSuspend},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "552 message rejected by anti-spam engine.", Spam, ReasonSpamDetected},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "552 too many same size mails.", Spam, ReasonSpamDetected},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "554 rbl deny.", Spam, ReasonBlocked},
	{"sina", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "552 Virus found.", Spam, ReasonVirusDetected},
	{"emailhost", "emailhost.com.cn/service.html?article_category=25", "554 Content reject/Spam denied", Spam, ReasonSpamDetected},
	{"emailhost", "emailhost.com.cn/service.html?article_category=25", "550 user not exist", Hard, ReasonUserUnknown},
	{"emailhost", "emailhost.com.cn/service.html?article_category=25", "552 Quota exceeded", Soft, ReasonMailboxFull},
	{"fobhost", "fobhost.com/jishuzhichi/jishuzhichi59.html", "554 remote ip is forbidden", Spam, ReasonBlocked},
	{"chinese", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 收件人邮箱不存在", Hard, ReasonUserUnknown},
	{"chinese", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 邮箱被锁", Hard, ReasonSuspend},
	{"chinese", "emailhost.com.cn/service.html?article_category=25", "552 收件人邮箱已满", Soft, ReasonMailboxFull},
	{"chinese", "blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html", "550 发信IP被禁止", Spam, ReasonBlocked},
	{"chinese", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "554 邮件内容被反垃圾判为垃圾邮件", Spam, ReasonSpamDetected},

	// Alibaba Mail (Aliyun).
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "554 Reject by behaviour spam", Spam, ReasonBlocked},
	{"aliyun", "qcnsw.com/jcxq1944_142.html", "454 Transient reject by behaviour spam at DATA State (Connection IP address: 192.0.2.1) ANTISPAM_BAT[01201311R5167S531, r41g03022]: currently unexpected sending", Spam, ReasonBlocked},
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "554 Reject by content spam", Spam, ReasonSpamDetected},
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "554 RCPT (someone@example.com) dosn't exist", Hard, ReasonUserUnknown},
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "542 This account isn't allowed to receive email", Hard, ReasonSuspend},
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "552 mailbox is full", Soft, ReasonMailboxFull},
	{"aliyun", "sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html", "551 virus infected mail rejected", Spam, ReasonVirusDetected},
	{"aliyun", "bestwisewords.com/document_detail/36612.html", "554 spamed by local spam engine", Spam, ReasonSpamDetected},

	// BT.
	{"bt", "btbusiness.custhelp.com/app/answers/detail/a_id/15074", "550 Message rejected due to sender IP reputation ([192.0.2.1])", Spam, ReasonBadReputation},
	{"bt", "blog.frankleonhardt.com/tag/bt-internet/", "554 Message rejected, policy (3.2.1.1) - Your message looks like SPAM or has been reported as SPAM please read https://www.example.com", Spam, ReasonSpamDetected},
	{"bt", "blog.frankleonhardt.com/tag/bt-internet/", "421 Too many messages (1.5.6.1) from 192.0.2.1", Soft, ReasonSpeeding},

	// Telstra BigPond.
	{"telstra", "es.ittrip.xyz/?p=8126", "550 5.7.1 Sender rejected. Sender domain is blacklisted. IB309", Spam, ReasonRejected},
	{"telstra", "suped.com/.../why-are-emails-to-bigpond-bouncing-or-being-marked-as-spam", "558 5.7.1 Message content rejected due to suspected spam. IB704x", Spam, ReasonSpamDetected},
	{"telstra", "themssforum.com/smallbiz/Email-blocked/", "553 192.0.2.1 Defined SPAM source: bl.example.net", Spam, ReasonBlocked},

	// DNS block lists.
	{"spamhaus", "spamhaus.org/lookup.lasso", "550 5.7.1 Email rejected because 192.0.2.1 is listed by zen.spamhaus.org", Spam, ReasonBlocked},
	{"spamhaus", "e-com-net.com/article/1935771633256034304.htm", "550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from this list see https://www.spamhaus.org/query", Spam, ReasonBlocked},
	{"spamcop", "blog.inframes.com/2013/08", "554 5.7.1 Rejected - your IP address was found in a blacklist for sending spam. Please visit: http://spamcop.net/bl.shtml?192.0.2.1", Spam, ReasonBlocked},
	{"uceprotect", "community.plus.net/t5/.../RBL-Blacklisting-by-UCEPROTECT/td-p/1925592", "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using dnsbl-2.uceprotect.net; Your network is UCEPROTECT-Level2 listed", Spam, ReasonBlocked},
	{"uceprotect", "docs.inboxally.com/troubleshooting-recovery/blocklists/uceprotectl1", "554 Your IP 192.0.2.1 is UCEPROTECT-Level1 listed", Spam, ReasonBlocked},
	{"hostkarma", "bastion.umanix.net/info", "550 The sender is in a black list hostkarma.junkemailfilter.com", Spam, ReasonBlocked},
	{"barracuda", "pastebin.com/NXdqTD62", "550 550 This system is configured to reject mail from 192.0.2.1 [192.0.2.1] (Host blacklisted - Realtime Black List server 'b.barracudacentral.org')", Spam, ReasonBlocked},
	{"kpn", "blacklist.kpnmail.nl/Help/17", "550 Your IP: 192.0.2.1 is blacklisted, please see http://blacklist.kpnmail.nl/Help/17", Spam, ReasonBlocked},

	// cPanel Exim.
	{"cpanel", "pastebin.com/0SG3bRcw", "550 JunkMail rejected - mail.example.net [192.0.2.1]:43255 is in an RBL, see Spam received on 2017-11-03", Spam, ReasonBlocked},
	{"cpanel", "pastebin.com/ZR4Gcwca", "550-\"JunkMail rejected - mail.example.net [192.0.2.1]:40598 is in an RBL 550-on csi.example.com/reset-request/?ip=192.0.2.1 , see Poor Reputation 550 Sender\"", Spam, ReasonBlocked},

	// Cisco Talos reputation (sending MTA's reputation).
	{"cisco", "pastebin.com/18ewYuZs", "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.", Spam, ReasonBadReputation},
}

// TestProviderReplies2 classifies each reply of providerReplies2 and checks
// the category and the reason the provider's page gives it. A
// suppression (Hard) must never come from a block list or reputation
// refusal, and every reply of the table must be Hard only where its page
// says the address is bad.
func TestProviderReplies2(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range providerReplies2 {
		if seen[tt.in] {
			t.Errorf("%s: %q is in the table twice", tt.provider, tt.in)
		}
		seen[tt.in] = true
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s (%s): Classify(%q) = %s/%s, want %s/%s", tt.provider, tt.page, tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
		if got.Suppress != (tt.cat == Hard) {
			t.Errorf("%s: Classify(%q).Suppress = %v with category %s", tt.provider, tt.in, got.Suppress, got.Category)
		}
	}
}

// TestProviderRules2Specific guards the second round's patterns against
// replies of other receivers that share words with them: each must keep
// the decision it had without these providers' rules.
func TestProviderRules2Specific(t *testing.T) {
	for _, tt := range []struct {
		in     string
		cat    Category
		reason Reason
	}{
		// A bare "Client host rejected" stays a block of the sending
		// host; only Fastmail's lock text is the recipient's account.
		{"554 5.7.1 <mail.example.com[192.0.2.1]>: Client host rejected: Access denied", Spam, ReasonBlocked},
		// "Recipient address rejected" with an unknown user stays Hard;
		// with a Trend Micro ERS code it is the sending IP.
		{"550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table", Hard, ReasonUserUnknown},
		// A refusal of the sender's SPF that does not use Interia's
		// bracket keeps its general reading.
		{"550 5.7.23 SPF validation failed", Spam, ReasonAuthFailure},
		// "Refused by local policy" without STRATO's "No SPAM please"
		// stays a policy refusal.
		{"550 5.7.1 Refused by local policy", Spam, ReasonPolicyViolation},
	} {
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("Classify(%q) = %s/%s, want %s/%s", tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
	}
}

package bounce

import "testing"

// rhostEUReplies are replies of Orange and La Poste, i.ua, QQ (Tencent),
// Mimecast, Symantec Email Security.cloud (MessageLabs), Cloudflare Email
// Routing and Zoho Mail, each as the provider's page documents it (page),
// with addresses and hosts replaced by RFC 2606 names and RFC 5737
// addresses. A provider's own code stays as it is written, also where it is
// part of a URL (i.ua's "mail.i.ua/err/N/", QQ's "detail/122/N", Mimecast's
// "DOC-1369"): it is what the reply says.
var rhostEUReplies = []struct {
	provider, page string
	in             string
	cat            Category
	reason         Reason
}{
	// Orange, Wanadoo, La Poste: the code's last three digits say why.
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus Les emails envoyes vers la messagerie example.net ont ete bloques par nos services. Afin de regulariser votre situation, nous vous invitons a cliquer sur le lien ci-dessous et a suivre la procedure. https://www.example.org/lookup/ LPNAAA_101", Spam, ReasonBlocked},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.5.0 Les emails envoyes vers la messagerie example.net ont ete bloques par nos services. The emails sent to the mail host example.net were blocked by our services. https://www.example.org/blacklistlookup/ LPN007_102", Spam, ReasonBlocked},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 192.0.2.1 [103]", Spam, ReasonBlocked},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "421 4.7.0 Too many connections, slow down. LPN105_104", Soft, ReasonTooManyConn},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.5.0 Authentification requise. Authentication Required. LPN105_402", Spam, ReasonSecurityError},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.0.1 Emetteur invalide. Invalid Sender. OFR_403", Spam, ReasonRejected},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "501 5.0.1 Emetteur invalide. Invalid Sender. LPN105_405", Spam, ReasonRejected},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.1.0 Emetteur invalide. Invalid Sender. OFR_415", Spam, ReasonRejected},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. LPN416", Hard, ReasonUserUnknown},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420", Hard, ReasonSuspend},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "553 5.5.3 Mail from not owned by user. LPN105_421.", Spam, ReasonRejected},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]", Soft, ReasonSystemError},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "421 4.2.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN007_505", Soft, ReasonSystemError},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "550 5.7.1 Mail rejete. Mail rejected. OFR_506 [506]", Spam, ReasonSpamDetected},
	// 5.2.3 and a size text: mesgtoobig, as Sisimai's 514 says too.
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "552 5.2.3 Taille limite du message atteinte. OFR004_514 [514]", Soft, ReasonMesgTooBig},
	{"laposte", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "554 5.7.1 Client host rejected LPN000_630", Spam, ReasonPolicyViolation},
	{"orange", "postmastery.com/orange-postmaster-smtp-error-codes-ofr/", "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]", Spam, ReasonBlocked},
	{"orange", "smtpfieldmanual.com/provider/orange", "421 smtp.example.net [192.0.2.1] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de domaine. Invalid Sender. SPF check failed, please verify the SPF/DNS configuration for your domain name.", Spam, ReasonAuthFailure},

	// i.ua: each reply links mail.i.ua/err/N/, the page of its cause.
	{"iua", "mail.i.ua/err/1/", "550 The use of SMTP as mail gate is forbidden. https://mail.i.ua/err/1/", Soft, ReasonNoRelaying},
	{"iua", "mail.i.ua/err/2/", "550 User is not found. https://mail.i.ua/err/2/", Hard, ReasonUserUnknown},
	{"iua", "mail.i.ua/err/3/", "550 Mailbox was not used for more than 3 months. https://mail.i.ua/err/3/", Hard, ReasonSuspend},
	{"iua", "mail.i.ua/err/4/", "552 Mailbox is full. https://mail.i.ua/err/4/", Soft, ReasonMailboxFull},
	{"iua", "mail.i.ua/err/5/", "550 Letter sending limit is exceeded. https://mail.i.ua/err/5/", Soft, ReasonTooManyConn},
	{"iua", "mail.i.ua/err/6/", "550 Use SMTP of your provider to send mail. https://mail.i.ua/err/6/", Soft, ReasonNoRelaying},
	{"iua", "mail.i.ua/err/7/", "550 Wrong value of command HELO/EHLO parameter. https://mail.i.ua/err/7/", Spam, ReasonBlocked},
	{"iua", "mail.i.ua/err/8/", "550 Couldn't check sender address. https://mail.i.ua/err/8/", Spam, ReasonRejected},
	{"iua", "mail.i.ua/err/9/", "550 IP-address of the sender is blacklisted. https://mail.i.ua/err/9/", Spam, ReasonBlocked},
	{"iua", "mail.i.ua/err/10/", "550 Not in the list Mail address management. https://mail.i.ua/err/10/", Spam, ReasonFiltered},

	// QQ Mail and Tencent Exmail: service.mail.qq.com/detail/122/N.
	{"qq", "service.mail.qq.com/detail/122/72", "550 SPF check failed. https://service.example.com/detail/122/72", Spam, ReasonAuthFailure},
	{"qq", "service.mail.qq.com/detail/122", "550 DMARC check failed. https://service.example.com/detail/122", Spam, ReasonAuthFailure},
	{"qq", "service.mail.qq.com/detail/122/170", "550 Connection denied. https://service.example.com/detail/122/170", Spam, ReasonBlocked},
	{"qq", "service.mail.qq.com/detail/122/168", "552 Message too large. https://service.example.com/detail/122/168", Soft, ReasonMesgTooBig},
	{"qq", "service.mail.qq.com/detail/122/71", "550 Suspected spam. https://service.example.com/detail/122/71", Spam, ReasonRejected},
	{"qq", "service.mail.qq.com/detail/122/92", "550 Mail is rejected by recipients. https://service.example.com/detail/122/92", Spam, ReasonRejected},
	{"qq", "service.mail.qq.com/detail/122/59", "550 Spam is embedded in the email. https://service.example.com/detail/122/59", Spam, ReasonSpamDetected},
	{"qq", "service.mail.qq.com/detail/122/171", "550 Mail content denied. https://service.example.com/detail/122/171", Spam, ReasonSpamDetected},
	{"qq", "service.mail.qq.com/detail/122/166", "550 Mailbox unavailable or access denined. https://service.example.com/detail/122/166", Soft, ReasonSpeeding},
	{"qq", "service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742", "550 someone@example.com is a deactivated mailbox", Hard, ReasonSuspend},
	{"qq", "service.mail.qq.com/detail/122/167", "550 Bad address syntax. https://service.example.com/detail/122/167", Soft, ReasonSyntaxError},
	{"qq", "service.mail.qq.com/detail/122/173", "550 Domain frequency limited. https://service.example.com/detail/122/173", Soft, ReasonTooManyConn},
	{"qq", "service.mail.qq.com/detail/122/174", "550 Sender frequency limited. https://service.example.com/detail/122/174", Soft, ReasonTooManyConn},
	{"qq", "service.mail.qq.com/detail/122/175", "550 Connection frequency limited. https://service.example.com/detail/122/175", Soft, ReasonTooManyConn},
	{"qq", "service.mail.qq.com/detail/122/169", "550 Mailbox not found. https://service.example.com/detail/122/169", Hard, ReasonUserUnknown},

	// Mimecast: each reply links its row of the SMTP error code page.
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 DKIM Sender Invalid - envelope rejected - https://community.example.com/docs/DOC-1369#550", Spam, ReasonAuthFailure},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 DMARC Sender Invalid - envelope rejected - https://community.example.com/docs/DOC-1369#550", Spam, ReasonAuthFailure},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "421 Sender address blocked - https://community.example.com/docs/DOC-1369#421", Spam, ReasonBlocked},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Recipient temporarily unavailable - https://community.example.com/docs/DOC-1369#451", Spam, ReasonBlocked},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Journal messages past the expiration - https://community.example.com/docs/DOC-1369#550", Soft, ReasonExpired},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "553 This route requires TLS version 1.2 or greater - https://community.example.com/docs/DOC-1369#553", Soft, ReasonFailedSTARTTLS},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "553 This route requires high-strength ciphers - https://community.example.com/docs/DOC-1369#553", Soft, ReasonFailedSTARTTLS},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "554 Configuration is invalid for this certificate - https://community.example.com/docs/DOC-1369#554", Soft, ReasonFailedSTARTTLS},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 The incorrect hostname used for inbounds - https://community.example.com/docs/DOC-1369#451", Soft, ReasonNetworkError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 The incorrect hostname used for inbounds - https://community.example.com/docs/DOC-1369#550", Soft, ReasonNetworkError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "554 Mail loop detected - https://community.example.com/docs/DOC-1369#554", Soft, ReasonNetworkError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Open relay is not allowed - https://community.example.com/docs/DOC-1369#451", Soft, ReasonNoRelaying},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Account inbounds disabled - https://community.example.com/docs/DOC-1369#451", Soft, ReasonNotAccept},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Account outbounds disabled - https://community.example.com/docs/DOC-1369#451", Soft, ReasonOnHold},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Hostname is not authorized - https://community.example.com/docs/DOC-1369#451", Soft, ReasonOnHold},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Journal message past expiration - https://community.example.com/docs/DOC-1369#550", Soft, ReasonOnHold},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Rejected by header-based Anti-Spoofing policy - https://community.example.com/docs/DOC-1369#550", Spam, ReasonPolicyViolation},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "554 Host network not allowed - https://community.example.com/docs/DOC-1369#554", Spam, ReasonPolicyViolation},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "554 Host network, not allowed - https://community.example.com/docs/DOC-1369#554", Spam, ReasonPolicyViolation},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Administrative prohibition envelope blocked - https://community.example.com/docs/DOC-1369#550", Spam, ReasonRejected},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Envelope blocked - User Domain Entry - https://community.example.com/docs/DOC-1369#550", Spam, ReasonRejected},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Rejected by header-based manually Blocked Senders - block for manual block - https://community.example.com/docs/DOC-1369#550", Spam, ReasonRejected},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Envelope rejected - block policy for envelope from address - https://community.example.com/docs/DOC-1369#550", Spam, ReasonRejected},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Submitter failed to authenticate - https://community.example.com/docs/DOC-1369#550", Spam, ReasonSecurityError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Unable to process connection at this time - https://community.example.com/docs/DOC-1369#451", Soft, ReasonSystemError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Message ended early - https://community.example.com/docs/DOC-1369#451", Soft, ReasonSystemError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Unable to process command - https://community.example.com/docs/DOC-1369#451", Soft, ReasonSystemError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Unable to process an email at this time - https://community.example.com/docs/DOC-1369#451", Soft, ReasonSystemError},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "451 Account service is temporarily unavailable - https://community.example.com/docs/DOC-1369#451", Soft, ReasonTooManyConn},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "452 Too many recipients - https://community.example.com/docs/DOC-1369#452", Soft, ReasonTooManyConn},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Exceeding outbound thread limit - https://community.example.com/docs/DOC-1369#550", Soft, ReasonTooManyConn},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "501 Invalid address - https://community.example.com/docs/DOC-1369#501", Hard, ReasonUserUnknown},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "503 User unknown - https://community.example.com/docs/DOC-1369#503", Hard, ReasonUserUnknown},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "550 Invalid Recipient - https://community.example.com/docs/DOC-1369#550", Hard, ReasonUserUnknown},
	{"mimecast", "community.mimecast.com (SMTP error codes)", "554 Email rejected due to security policies - https://community.example.com/docs/DOC-1369#554", Spam, ReasonVirusDetected},

	// Symantec Email Security.cloud (MessageLabs): Broadcom's articles.
	{"messagelabs", "knowledge.broadcom.com/external/article/175407", "553 DMARC domain authentication fail", Spam, ReasonAuthFailure},
	{"messagelabs", "knowledge.broadcom.com/external/article/175407", "553-SPF (Sender Policy Framework) domain authentication fail", Spam, ReasonAuthFailure},
	{"messagelabs", "knowledge.broadcom.com/external/article/164955", "501 Connection rejected by policy [7.7] 20805, please visit www.example.com/support for more details about this error message.", Spam, ReasonBadReputation},
	{"messagelabs", "knowledge.broadcom.com/external/article/165165", "553-mail rejected because your IP is in the PBL. See http://www.example.org/pbl", Spam, ReasonBlocked},
	{"messagelabs", "knowledge.broadcom.com/external/article/165165", "553 Sorry, your IP address has been blocked", Spam, ReasonBlocked},
	{"messagelabs", "knowledge.broadcom.com/external/article/173082", "553-Sorry, your IP address has been blacklisted", Spam, ReasonBlocked},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "553 Stray linefeeds in message (#5.6.2)", Spam, ReasonContentError},
	{"messagelabs", "knowledge.broadcom.com/external/article/162152", "451 TLS/SSLv3 Connection required. (#4.7.1)", Soft, ReasonFailedSTARTTLS},
	{"messagelabs", "knowledge.broadcom.com/external/article/162137", "553 You are trying to use me [server-1.tower-1.example.com] as a relay, but I have not been configured to let you [192.0.2.1, example.net] do this.", Soft, ReasonNoRelaying},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "550 Requested action aborted [4]", Spam, ReasonNotCompliantRFC},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "550 [192.0.2.1] has detected that this message is not RFC 5322", Spam, ReasonNotCompliantRFC},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "550 sender envelope domain not allowed for sender IP address (#5.1.8)", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "553 Sorry, your domain has been blocked", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "553 Sorry, your email address has been blocked", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/162232", "553 sorry, your envelope sender is in my badmailfrom list. Please visit www.example.com/troubleshooting for more details about this error message and instructions to resolve this issue. (#5.7.1)", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/173082", "553-Sorry, your email address has been blacklisted", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/173082", "553-Sorry, your domain has been blacklisted", Spam, ReasonRejected},
	{"messagelabs", "knowledge.broadcom.com/external/article/169652", "530 Please turn on SMTP Authentication in your mail client.", Spam, ReasonSecurityError},
	{"messagelabs", "knowledge.broadcom.com/external/article/173867", "553-Message filtered. Please see the FAQs section on spam\r\n553-at http://www.example.com/faq for more\r\n553 information. (#5.7.1)", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/173867", "550 Message filtered by Outbound scanning", Spam, ReasonSpamDetected},
	{"messagelabs", "knowledge.broadcom.com/external/article/165163", "550-Invalid recipient <someone@example.com> 550 (#5.1.1)", Hard, ReasonUserUnknown},
	{"messagelabs", "knowledge.broadcom.com/external/article/175710", "553 Recipient mailbox is not allowed", Hard, ReasonUserUnknown},

	// Cloudflare Email Routing: developers.cloudflare.com/email-routing/postmaster/.
	{"cloudflare", "developers.cloudflare.com/email-routing/postmaster/", "554 5.7.1 192.0.2.1 found on one or more DNSBLs (zen.example.org)", Spam, ReasonBlocked},
	{"cloudflare", "developers.cloudflare.com/email-routing/postmaster/", "451 4.3.0 Upstream error", Soft, ReasonSystemError},
	{"cloudflare", "developers.cloudflare.com/email-routing/postmaster/#spam-and-abusive-traffic", "554 192.0.2.1 found on one or more RBLs (abusixip). Refer to https://developers.example.com/email-routing/postmaster/#spam-and-abusive-traffic/", Spam, ReasonBlocked},

	// Zoho Mail.
	{"zoho", "smtpfieldmanual.com/provider/zoho", "550 5.7.1 Email rejected per DMARC policy for example.com", Spam, ReasonAuthFailure},
	// Sisimai: blocked. Ours: a greylisting deferral, which asks the
	// sender to come back (RFC 6647), is Soft, speeding, as a bare
	// 4.7.1 "try again later" is.
	{"zoho", "smtpfieldmanual.com/provider/zoho", "451 4.7.1 Greylisted, try again after some time", Soft, ReasonSpeeding},
	{"zoho", "zoho.com/mail/help/spam-reason.html", "554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.", Spam, ReasonRejected},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "541 5.4.1 Mail rejected by destination domain", Spam, ReasonRejected},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "554 5.7.7 Email policy violation detected", Spam, ReasonPolicyViolation},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "452 <someone@example.com> Mailbox delivery restricted by policy error", Spam, ReasonPolicyViolation},
	{"zoho", "github.com/zoho/zohodesk-oas EmailFailureAlert.json", "452 4.3.1 Temporary System Error", Soft, ReasonSystemError},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "550 5.1.1 User does not exist - <someone@example.com>", Hard, ReasonUserUnknown},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "552 5.1.1 <someone@example.com> Mailbox delivery failure policy error", Hard, ReasonUserUnknown},
	{"zoho", "smtpfieldmanual.com/provider/zoho", "552 5.7.1 virus EICAR-Test-File detected by Zoho Mail", Spam, ReasonVirusDetected},
}

func TestRhostEUReplies(t *testing.T) {
	for _, tt := range rhostEUReplies {
		if tt.page == "" {
			t.Errorf("%s: %q cites no page", tt.provider, tt.in)
		}
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s (%s): Classify(%q) = %s/%s, want %s/%s", tt.provider, tt.page, tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
		if err := got.check(); err != nil {
			t.Errorf("%s: Classify(%q) = %+v: %v", tt.provider, tt.in, got, err)
		}
		if tt.cat == Spam && got.Suppress {
			t.Errorf("%s: Classify(%q) suppresses the recipient", tt.provider, tt.in)
		}
	}
}

package bounce

// Pages of Google and Microsoft that the rows of rhostGMReplies cite.
const (
	pgGmailSMTP    = "support.google.com/a/answer/3726730"  // Gmail SMTP errors and codes
	pgGmailAbout   = "support.google.com/a/answer/3221692"  // About SMTP error messages
	pgGmailSenders = "support.google.com/mail/answer/81126" // Email sender guidelines
	pgGmailBlocked = "support.google.com/mail/answer/188131"
	pgGmailLimits  = "support.google.com/mail/answer/6592"
	pgGmailRelay   = "support.google.com/a/answer/6140680" // SMTP relay service error messages
	pgGmailSize    = "support.google.com/mail/answer/6584"
	pgGmailHeaders = "support.google.com/a/answer/1366776" // Gmail receiving limits in Google Workspace
	pgGmailNoUser  = "support.google.com/mail/answer/6596"
	pgGmailDNS     = "support.google.com/mail/answer/7720"
	pgEXO          = "learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online"
	pgEX2019       = "learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages"
	pgEXOld        = "technet.microsoft.com/en-us/library/bb232118"
	pgEXOFix       = "learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750"
	pgOutlookPM    = "sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx"
)

// Left out of rhostGMReplies, because only the status code tells them
// from other receivers' replies with the same general text, and a text
// rule of a provider cannot read the code (see the report of the branch):
//
//   - "550 5.1.7 Invalid address" (Exchange 2019): Sisimai rejected, ours
//     userunknown (the general phrase "invalid address").
//   - "421 4.3.2 Service not available, closing transmission channel"
//     (Exchange 2019): Sisimai systemerror, ours notaccept (4.3.2); Soft
//     either way, as RFC 5321's 421 text always is.
//   - "550 5.7.950 Delivery not authorized, message refused" (a mail flow
//     rule with a code of its own, 5.7.900-999): Sisimai policyviolation,
//     ours rejected, which Sisimai gives the same text with the default
//     5.7.1.
//   - "550 5.4.4 Invalid arguments" (Exchange Online): Sisimai
//     networkerror, ours hostunknown (5.4.4); the text is too general
//     for a rule.
//   - "550 5.7.504 Recipient address rejected: Access denied" (Exchange
//     Online): Sisimai suspend, ours userunknown; Postfix writes the same
//     text for a check_recipient_access REJECT.
//   - "550 5.1.4 Destination mailbox address ambiguous", "550 5.2.4
//     Mailing list expansion problem" (earlier Exchange): Sisimai
//     systemerror, ours userunknown and filtered; the texts are RFC
//     3463's titles of the codes, which any server may write.

// rhostGMReplies are replies of Gmail, Google Workspace, Exchange Online,
// Exchange Server and Outlook.com as their pages document them (the same
// texts Sisimai's Google, GSuite, Microsoft and Outlook tables quote), with
// addresses, hosts and URLs replaced by RFC 2606 names and RFC 5737
// addresses. The expected reason is the one Sisimai's table gives, except
// where a comment says why ours differs.
var rhostGMReplies = []providerRow{
	// Gmail: SPF, DKIM, DMARC and alignment.
	{"gmail", pgGmailSenders, "451 4.7.24 The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. For more information, go to Email sender guidelines.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.24 The SPF record of the sending domain has one or more suspicious entries. For more information, go to Email sender guidelines.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "421 4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF [example.com] with ip: [192.0.2.1] = did not pass", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.26 This message fails to pass SPF checks for an SPF record with a hard fail policy (-all). To best protect our users from spam and phishing, the message has been blocked.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.1]. To best protect our users from spam and phishing, the message has been blocked.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "451 4.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy, but temporary DNS failures prevent authentication. Please contact the administrator of example.com domain if this was a legitimate mail.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain. If this was a legitimate mail please visit Control unauthenticated mail from your domain to learn about the DMARC initiative.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.26 This message does not have authentication information or fails to pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "421 4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF. Authentication results: SPF domain-name with IP address: 192.0.2.1 = Did not pass.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.27 This mail has been blocked because SPF does not pass. Gmail requires all large senders to authenticate with SPF.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "421 4.7.30 Your email has been rate limited because DKIM authentication didn't pass for this message. Gmail requires all email bulk senders to authenticate their email with DKIM. Authentication results: DKIM = Did not pass.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "550 5.7.30 This mail has been blocked because DKIM does not pass. Gmail requires all large senders to authenticate with DKIM. Authentication results: DKIM = did not pass.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.", Spam, ReasonAuthFailure},
	{"gmail", pgGmailSenders, "421 4.7.40 Your email has been rate limited because the sending domain doesn't have a DMARC record, or the DMARC record doesn't specify a DMARC policy. Gmail requires all bulk email senders to add a DMARC record to their sending domain.", Spam, ReasonAuthFailure},

	// Gmail: reputation, rate of unsolicited mail, allowlists, HELO.
	{"gmail", pgGmailBlocked, "421 4.7.0 This message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", Spam, ReasonBadReputation},
	{"gmail", pgGmailBlocked, "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain. To best protect our users from spam, the message has been blocked.", Spam, ReasonBadReputation},
	{"gmail", pgGmailAbout, "421 4.7.0 IP not in whitelist for RCPT domain, closing connection.", Spam, ReasonBlocked},
	// Sisimai's table: blocked (the page: usually a denial of service at
	// the HELO stage). Ours stays a deferral, as a request to try again
	// later that names no cause is (a standing decision).
	{"gmail", pgGmailAbout, "421 4.7.0 Try again later, closing connection.", Soft, ReasonSpeeding},
	{"gmail", pgGmailAbout, "501 5.5.4 HELO/EHLO argument is invalid.", Spam, ReasonBlocked},
	{"gmail", pgGmailAbout, "501 5.5.4 Empty HELO/EHLO argument not allowed, closing connection.", Spam, ReasonBlocked},
	{"gmail", pgGmailSenders, "421 4.7.28 Gmail has detected an unusual rate of mail originating from your SPF domain [example.com]. To protect our users from spam, mail has been temporarily rate limited.", Spam, ReasonBlocked},
	{"gmail", pgGmailSenders, "550 5.7.28 There is an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", Spam, ReasonBlocked},
	{"gmail", pgGmailSenders, "550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", Spam, ReasonBlocked},

	// Gmail: sizes and limits. Sisimai's table makes 5.2.3 exceedlimit;
	// ours stays mesgtoobig (a standing decision: a message over the
	// size limit is too big, whoever's the limit).
	{"gmail", pgGmailSize, "552 5.2.3 Your message exceeded Google's message size limits.", Soft, ReasonMesgTooBig},
	{"gmail", pgGmailSize, "552 5.3.4 The size of your message (30000000 bytes) exceeded Google's message size limits of 26214400 bytes.", Soft, ReasonMesgTooBig},
	{"gmail", pgGmailHeaders, "552 5.3.4 The number of attachments (600) exceeds Google's limit of 500 attachments.", Soft, ReasonExceedLimit},
	{"gmail", pgGmailHeaders, "552 5.3.4 The size of the Subject header value (3000 bytes) exceeds Google's limit of 2000 bytes per individual header size.", Soft, ReasonExceedLimit},
	{"gmail", pgGmailHeaders, "552 5.3.4 Your message exceeded Google's message header size limits.", Soft, ReasonExceedLimit},
	{"gmail", pgGmailHeaders, "552 5.3.4 The size of the header names exceeds Google's header name limit of 1000 bytes.", Soft, ReasonExceedLimit},

	// Gmail: connection and TLS.
	{"gmail", pgGmailAbout, "421 4.7.0 Connection expired, try reconnecting.", Soft, ReasonExpired},
	{"gmail", pgGmailAbout, "451 4.4.2 Timeout - closing connection.", Soft, ReasonExpired},
	{"gmail", pgGmailAbout, "530 5.7.0 Must issue a STARTTLS command first.", Soft, ReasonFailedSTARTTLS},
	{"gmail", pgGmailAbout, "454 5.5.1 STARTTLS may not be repeated.", Soft, ReasonFailedSTARTTLS},
	{"gmail", pgGmailAbout, "421 4.7.0 TLS required for RCPT domain, closing connection.", Soft, ReasonFailedSTARTTLS},
	{"gmail", pgGmailSenders, "421 4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.", Soft, ReasonFailedSTARTTLS},

	// Gmail: storage.
	{"gmail", pgGmailAbout, "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.example.com/mail/?p=OverQuotaTemp", Soft, ReasonMailboxFull},
	{"gmail", pgGmailAbout, "552 5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.example.com/mail/?p=OverQuotaPerm", Soft, ReasonMailboxFull},
	{"gmail", pgGmailAbout, "452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to Clear Google Drive space & increase storage.", Soft, ReasonMailboxFull},
	{"gmail", pgGmailAbout, "550 5.7.1 Email quota exceeded.", Soft, ReasonMailboxFull},

	// Gmail: loops and relaying (Workspace SMTP relay).
	{"gmail", pgGmailAbout, "554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop.", Soft, ReasonNetworkError},
	{"gmail", pgGmailRelay, "550 5.7.0 Mail relay denied [192.0.2.1]. Invalid credentials for relay for one of the domains in: example.com (as obtained from HELO and MAIL FROM). Email is being sent from a domain or IP address which isn't registered in your Workspace account.", Soft, ReasonNoRelaying},
	{"gmail", pgGmailRelay, "550 5.7.1 Invalid credentials for relay [192.0.2.1]. The IP address you've registered in your Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from.", Soft, ReasonNoRelaying},
	// Sisimai's table: norelaying. Ours is blocked: the IPs refused are
	// those that policy block lists (Spamhaus's PBL) list as not meant to
	// send mail, and a block-list refusal is Spam.
	{"gmail", pgGmailSenders, "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.", Spam, ReasonBlocked},

	// Gmail: RFC 5322 and RFC 5321 compliance.
	{"gmail", pgGmailSenders, "550 5.7.1 Messages missing a valid address in the From: header, or having no From: header, are not accepted.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailSenders, "550 5.7.1 Messages with multiple addresses in From: header are not accepted.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailSenders, "550 5.7.1 This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail, this message has been blocked.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailSenders, "550 5.7.1 Messages missing a valid Message-ID: header are not accepted.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailSenders, "550 5.7.1 The message contains a unicode character in a disallowed header.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailSenders, "550 5.7.1 Encoded-word syntax is not permitted in message header Subject. To reduce the amount of spam sent to Gmail, this message has been blocked.", Spam, ReasonNotCompliantRFC},
	{"gmail", pgGmailAbout, "553 5.1.7 The sender address <sender@example.com> is not a valid RFC 5321 address.", Spam, ReasonNotCompliantRFC},

	// Gmail: policies and content.
	{"gmail", pgGmailBlocked, "552 5.7.0 Our system detected an illegal attachment on your message. Please visit https://support.example.com/answer/6590 to review our attachment guidelines.", Spam, ReasonPolicyViolation},
	{"gmail", pgGmailBlocked, "552 5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.example.com/mail/?p=BlockedMessage to review our message content and attachment content guidelines.", Spam, ReasonPolicyViolation},
	{"gmail", pgGmailBlocked, "421 4.7.28 Gmail has detected this message exceeded its quota for sending messages with the same Message-ID:. To best protect our users, the message has been temporarily rejected.", Spam, ReasonPolicyViolation},
	{"gmail", pgGmailBlocked, "421 4.7.0 This message is suspicious due to the nature of the content or the links within. To best protect our users from spam, the message has been blocked.", Spam, ReasonSpamDetected},
	{"gmail", pgGmailBlocked, "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", Spam, ReasonSpamDetected},
	{"gmail", pgGmailSenders, "550 5.7.1 Unauthenticated email is not accepted from this domain.", Spam, ReasonRejected},
	{"gmail", pgGmailRelay, "550 5.7.0 Mail Sending denied. This error occurs if the sender account is disabled or not registered within your Google Workspace domain.", Spam, ReasonRejected},

	// Gmail: reverse DNS.
	{"gmail", pgGmailSenders, "421 4.7.0 The IP address sending this message does not have a PTR record, or the corresponding forward DNS entry does not point to the sending IP. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", Spam, ReasonRequirePTR},
	{"gmail", pgGmailSenders, "421 4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address. To protect users from spam, your email has been temporarily rate limited.", Spam, ReasonRequirePTR},
	{"gmail", pgGmailSenders, "550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.", Spam, ReasonRequirePTR},
	{"gmail", pgGmailSenders, "550 5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing PTR records.", Spam, ReasonRequirePTR},
	{"gmail", pgGmailSenders, "550 5.7.25 The sending IP does not match the IP address of the hostname specified in the pointer (PTR) record.", Spam, ReasonRequirePTR},

	// Gmail: client authentication (submission).
	{"gmail", pgGmailAbout, "454 4.7.0 Too many login attempts, please try again later.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "503 5.7.0 No identity changes permitted.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "530 5.5.1 Authentication Required.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "535 5.7.1 Application-specific password required.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "534 5.7.9 Please log in with your web browser and then try again.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "534 5.7.14 Please log in through your web browser and then try again.", Spam, ReasonSecurityError},
	{"gmail", pgGmailAbout, "535 5.7.8 Username and Password not accepted.", Spam, ReasonSecurityError},

	// Gmail: receiving rates and sending limits.
	{"gmail", pgGmailLimits, "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.", Soft, ReasonSpeeding},
	{"gmail", pgGmailRelay, "450 4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error.", Soft, ReasonSpeeding},
	{"gmail", pgGmailLimits, "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time.", Soft, ReasonSpeeding},
	{"gmail", pgGmailLimits, "550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", Soft, ReasonSpeeding},
	{"gmail", pgGmailRelay, "550 5.4.5 Daily sending quota exceeded.", Soft, ReasonSpeeding},
	{"gmail", pgGmailRelay, "550 5.4.5 Daily user sending limit exceeded.", Soft, ReasonSpeeding},
	{"gmail", pgGmailRelay, "550 5.4.5 Daily SMTP relay limit exceeded for user.", Soft, ReasonSpeeding},
	{"gmail", pgGmailRelay, "550 5.7.1 Daily SMTP relay sending limit exceeded for customer.", Soft, ReasonSpeeding},

	// Gmail: disabled accounts.
	{"gmail", pgGmailAbout, "550 5.2.1 The email account that you tried to reach is inactive.", Hard, ReasonSuspend},

	// Gmail: protocol errors.
	{"gmail", pgGmailAbout, "451 4.5.0 SMTP protocol violation, see RFC 2821.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "525 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "535 5.5.4 Optional Argument not permitted for that AUTH mode.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "501 5.7.11 Syntax error (no parameters allowed).", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "555 5.5.2 Syntax error.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "502 5.5.1 Too many unrecognized commands, goodbye.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "502 5.5.1 Unimplemented command.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "502 5.5.1 Unrecognized command.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "503 5.5.1 Bad sequence of commands.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "503 5.5.1 EHLO/HELO first.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "503 5.5.1 MAIL first.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "503 5.5.1 RCPT first.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "503 5.5.1 No DATA after BDAT.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "504 5.7.4 Unrecognized Authentication Type.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "504 5.7.4 XOAUTH is no longer supported.", Soft, ReasonSyntaxError},
	{"gmail", pgGmailAbout, "554 5.7.0 Too many unauthenticated commands.", Soft, ReasonSyntaxError},

	// Gmail: server conditions.
	{"gmail", pgGmailAbout, "421 4.3.0 Temporary System Problem. Try again later.", Soft, ReasonSystemError},
	{"gmail", pgGmailAbout, "421 4.4.5 Server busy, try again later.", Soft, ReasonSystemError},
	{"gmail", pgGmailAbout, "451 4.3.0 Multiple destination domains per transaction is unsupported. Please try again.", Soft, ReasonSystemError},
	{"gmail", pgGmailAbout, "451 4.3.0 Mail server temporarily rejected message.", Soft, ReasonSystemError},
	{"gmail", pgGmailAbout, "454 4.7.0 Cannot authenticate due to temporary system problem. Try again later.", Soft, ReasonSystemError},
	{"gmail", pgGmailLimits, "452 4.5.3 Your message has too many recipients.", Soft, ReasonTooManyConn},

	// Gmail: addresses. Sisimai's table gives userunknown for 5.1.2,
	// but Google's page says the recipient's domain was not found: ours
	// is hostunknown (Hard either way).
	{"gmail", pgGmailNoUser, "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.", Hard, ReasonUserUnknown},
	{"gmail", pgGmailAbout, "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors, and make sure you didn't enter any spaces, periods, or other punctuation after the recipient's email address.", Hard, ReasonHostUnknown},
	{"gmail", pgGmailAbout, "553 5.1.3 The recipient address <someone@example> is not a valid RFC 5321 address.", Hard, ReasonUserUnknown},

	// Google Workspace's own DSN texts.
	{"gsuite", pgGmailDNS, "550 5.1.2 DNS Error: 12345 DNS type 'mx' lookup of example.com responded with code NXDOMAIN Domain name not found: example.com", Hard, ReasonHostUnknown},
	{"gsuite", pgGmailDNS, "451 4.4.3 DNS Error: 12345 DNS type 'mx' lookup of example.com responded with code NXDOMAIN Domain name not found: example.com", Soft, ReasonNetworkError},
	{"gsuite", pgGmailDNS, "451 4.4.3 DNS Error: DNS type 'mx' lookup of example.com had no relevant answers.", Soft, ReasonNetworkError},
	{"gsuite", pgGmailNoUser, "Your message wasn't delivered to someone@example.com because the address couldn't be found. Check for typos or unnecessary spaces and try again.", Hard, ReasonUserUnknown},

	// Exchange Online and Exchange Server: authentication.
	{"o365", pgEXO, "450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::1] must pass either SPF or DKIM validation, this message is not signed", Spam, ReasonAuthFailure},
	{"o365", pgEXO, "550 5.7.23 The message was rejected because of Sender Policy Framework violation", Spam, ReasonAuthFailure},
	{"o365", pgEXO, "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.", Spam, ReasonAuthFailure},
	{"o365", pgEXO, "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level.", Spam, ReasonAuthFailure},

	// Exchange: blocks.
	{"o365", pgEXO, "451 4.7.850 Access denied, please try again later.", Spam, ReasonBlocked},
	{"o365", pgEXO, "451 4.7.500 Access denied, please try again later.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.25 Access denied, the sending IPv6 address [2001:db8::1] must have a reverse DNS record.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.506 Access denied, Bad HELO.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.507 Access denied, rejected by recipient.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.510 Access denied, example.com does not accept email over IPv6.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.511 Access denied, banned sender[192.0.2.1]. To request removal from this list please forward this message to delist@example.com.", Spam, ReasonBlocked},
	{"o365", pgEXO, "550 5.7.513 Service unavailable, Client host [192.0.2.1] blocked by example.com using Customer Block list (AS16012607).", Spam, ReasonBlocked},

	// Exchange: content.
	{"exchange", pgEX2019, "554 5.3.0 Too many related errors", Spam, ReasonContentError},
	{"o365", pgEXO, "550 5.6.11 Invalid characters", Spam, ReasonContentError},
	{"exchange", pgEXOld, "554 5.4.11 Agent generated message depth exceeded", Spam, ReasonContentError},
	{"exchange", pgEXOld, "554 5.5.6 Invalid message content", Spam, ReasonContentError},

	// Exchange: sizes.
	{"exchange", pgEX2019, "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", Soft, ReasonExceedLimit},
	{"exchange", pgEX2019, "552 5.3.4 Message size exceeds fixed maximum message size", Soft, ReasonMesgTooBig},
	{"exchange", pgEXOld, "552 5.3.4 Message too big for system", Soft, ReasonMesgTooBig},

	// Exchange: expiry.
	{"exchange", pgEX2019, "451 4.4.1 Connection timed out", Soft, ReasonExpired},
	{"exchange", pgEX2019, "450 4.4.7 Message delayed", Soft, ReasonExpired},
	{"exchange", pgEX2019, "550 4.4.7 QUEUE.Expired; message expired", Soft, ReasonExpired},
	{"o365", pgEXO, "550 5.4.300 Message expired", Soft, ReasonExpired},

	// Exchange Online: TLS, MTA-STS and DANE.
	{"o365", pgEXO, "451 4.4.8 MX hosts of example.com failed MTA-STS validation.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "451 4.7.5 Remote certificate failed MTA-STS validation. Reason: certificate expired.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "451 4.4.317 Cannot connect to remote server [Message=STARTTLS is required to send mail]", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "550 5.7.321 starttls-not-supported: Destination mail server must support TLS to receive mail.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "550 5.7.322 certificate-expired: Destination mail server's certificate is expired.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "550 5.7.323 tlsa-invalid: The domain failed DANE validation.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "550 5.7.324 dnssec-invalid: Destination domain returned invalid DNSSEC records.", Soft, ReasonFailedSTARTTLS},
	{"o365", pgEXO, "550 5.7.325 certificate-host-mismatch: Remote certificate must have a common name or subject alternative name matching the hostname (DANE).", Soft, ReasonFailedSTARTTLS},

	// Exchange: storage.
	{"exchange", pgEX2019, "554 5.2.2 mailbox full", Soft, ReasonMailboxFull},
	{"exchange", pgEX2019, "452 4.3.1 Insufficient system resources", Soft, ReasonSystemFull},

	// Exchange: DNS, routing and loops. The page puts 5.4.4
	// nonexistent domain down to the DNS set-up of the Exchange server.
	{"exchange", pgEX2019, "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", Hard, ReasonHostUnknown}, // Decided: the recipient's domain does not exist; 5.4.4 is hard in the seeds' table (Sisimai: networkerror)
	{"exchange", pgEX2019, "554 5.4.6 Hop count exceeded - possible mail loop", Soft, ReasonNetworkError},
	{"o365", pgEXO, "554 5.4.14 Hop count exceeded - possible mail loop ATTR34", Soft, ReasonNetworkError},
	{"o365", pgEXO, "554 5.4.14 Routing loop detected", Soft, ReasonNetworkError},
	{"o365", pgEXO, "450 4.4.312 DNS query failed. The error was: DNS query failed with error: InfoNoRecords", Soft, ReasonNetworkError},
	{"o365", pgEXO, "451 4.4.316 Connection refused [Message=Socket error code 10061]", Soft, ReasonNetworkError},

	// Exchange: relaying.
	{"exchange", pgEX2019, "550 5.7.1 Unable to relay", Soft, ReasonNoRelaying},
	{"o365", pgEXO, "550 5.4.1 Relay Access Denied", Soft, ReasonNoRelaying},
	{"o365", pgEXO, "550 5.7.64 TenantAttribution; Relay Access Denied", Soft, ReasonNoRelaying},

	// Exchange: domains that accept no mail.
	{"exchange", pgEX2019, "421 4.3.2 System not accepting network messages", Soft, ReasonNotAccept},
	{"o365", pgEXO, "450 4.4.4 Unable to route because the recipient domain is a hosted tenant which has no mail-enabled subscriptions.", Soft, ReasonNotAccept},
	{"exchange", pgEX2019, "554 5.3.2 STOREDRV.Deliver: Missing or bad StoreDriver MDB properties", Hard, ReasonNotAccept},

	// Exchange: policies.
	{"o365", pgEXO, "550 5.0.350 Remote server returned an error -> 550 x-dg-ref header is too long", Spam, ReasonPolicyViolation},
	{"o365", pgEXO, "550 5.0.350 Requested action not taken: policy violation detected (AS345)", Spam, ReasonPolicyViolation},

	// Exchange: the sender.
	{"exchange", pgEX2019, "550 5.1.7 Unknown sender address", Spam, ReasonRejected},
	{"exchange", pgEX2019, "550 5.1.0 Sender denied", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.1.8 Access denied, bad outbound sender", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.1 Delivery not authorized, message refused", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.12 Sender was not authenticated by organization", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.124 Sender not in allowed-senders list", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.133 Sender not authenticated for group", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.134 Sender was not authenticated for mailbox", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.135 Sender was not authenticated for public folder", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.136 Sender was not authenticated", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.501 Access denied, spam abuse detected", Spam, ReasonRejected},
	{"o365", pgEXO, "550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant", Spam, ReasonRejected},
	// Sisimai's tables: speeding. The page says the tenant's sending was
	// banned for suspicious traffic: ours is blocked.
	{"o365", pgEXOFix, "550 5.7.705 Access denied, tenant has exceeded threshold", Spam, ReasonBlocked},
	{"o365", pgEXOFix, "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains", Spam, ReasonRejected},

	// Exchange: authentication of the connecting client.
	{"exchange", pgEX2019, "550 5.7.3 Cannot achieve Exchange Server authentication", Spam, ReasonSecurityError},
	{"o365", pgEXO, "550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM", Spam, ReasonSecurityError},

	// Exchange: content filter.
	{"exchange", pgEX2019, "550 5.2.1 Content Filter agent quarantined this message", Spam, ReasonSpamDetected},

	// Exchange: rates.
	{"o365", pgEXO, "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded", Soft, ReasonSpeeding},
	{"o365", pgEXO, "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients", Soft, ReasonSpeeding},
	{"o365", pgEXO, "554 5.2.2 Submission quota exceeded", Soft, ReasonSpeeding},
	{"o365", pgEXO, "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded", Soft, ReasonSpeeding},
	{"o365", pgEXO, "550 5.2.122 Recipient's per hour message receive limit exceeded", Soft, ReasonSpeeding},
	{"o365", pgEXO, "550 5.7.508 Access denied, [192.0.2.1] has exceeded permitted limits within 2001:db8::/48 range", Soft, ReasonSpeeding},
	{"exchange", pgEX2019, "452 4.5.3 Too many recipients", Soft, ReasonTooManyConn},
	{"exchange", pgEX2019, "550 5.5.3 Too many recipients", Soft, ReasonTooManyConn},
	{"exchange", pgEXOld, "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour", Soft, ReasonTooManyConn},
	{"outlook", pgOutlookPM, "451 4.7.652 The mail server [192.0.2.1] has exceeded the maximum number of connections. (S3115)", Soft, ReasonTooManyConn},

	// Exchange Online: disabled recipients.
	{"o365", pgEXO, "550 5.7.505 Access denied, banned recipient", Hard, ReasonSuspend},
	{"exchange", pgEXOld, "550 5.2.1 Mailbox cannot be accessed", Hard, ReasonSuspend},

	// Exchange: protocol.
	{"exchange", pgEX2019, "500 5.3.3 Unrecognized command", Soft, ReasonSyntaxError},
	{"exchange", pgEX2019, "503 5.5.2 Send hello first", Soft, ReasonSyntaxError},

	// Exchange: server conditions.
	{"exchange", pgEX2019, "421 4.3.2 Service not active", Soft, ReasonSystemError},
	{"exchange", pgEX2019, "554 5.3.5 System incorrectly configured", Soft, ReasonSystemError},
	{"o365", pgEXO, "550 5.3.190 Journaling on-premises messages to Microsoft 365 or Office 365 not supported when Journaling Archive is disabled", Soft, ReasonSystemError},
	{"exchange", pgEXOld, "501 5.0.0 HELO / EHLO requires domain address", Soft, ReasonSystemError},
	{"exchange", pgEXOld, "550 5.2.14 Misconfigured forwarding address", Soft, ReasonSystemError},
	{"o365", pgEXO, "451 4.4.3 Temporary server error. Please try again later ATTR18", Soft, ReasonSystemError},
	{"o365", pgEXO, "451 4.7.0 Temporary server error. Please try again later. PRX4 NextHop: mx.example.com", Soft, ReasonSystemError},
	{"o365", pgEXO, "451 4.4.24 Message failed to be replicated: Insufficient system resource: the disk is full", Soft, ReasonSystemError},
	{"o365", pgEXO, "451 4.4.25 Message failed to be replicated: No healthy secondary server available to accept replica at this time.", Soft, ReasonSystemError},
	{"o365", pgEXO, "450 4.4.318 Connection was closed abruptly (SuspiciousRemoteServerError)", Soft, ReasonSystemError},
	{"o365", pgEXO, "550 5.4.318 Message expired, connection reset (SuspiciousRemoteServerError)", Soft, ReasonSystemError},
	{"outlook", pgOutlookPM, "451 4.7.500 Server busy. Please try again later from [192.0.2.2]. (AS761)", Soft, ReasonSystemError},
	{"outlook", pgOutlookPM, "451 4.7.700 PFA agent busy, please try again.", Soft, ReasonSystemError},

	// Exchange: recipients.
	{"exchange", pgEX2019, "550 5.1.1 User unknown", Hard, ReasonUserUnknown},
	{"exchange", pgEX2019, "550 5.1.3 STOREDRV.Submit; invalid recipient address", Hard, ReasonUserUnknown},
	{"exchange", pgEX2019, "550 5.1.4 Recipient address reserved by RFC 2606", Hard, ReasonUserUnknown},
	{"exchange", pgEX2019, "550 5.1.6 Recipient addresses in single label domains not accepted", Hard, ReasonUserUnknown},
	{"o365", pgEXO, "550 5.1.1 Bad destination mailbox address", Hard, ReasonUserUnknown},
	{"o365", pgEXO, "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", Hard, ReasonUserUnknown},
	{"outlook", pgEXO, "550 5.5.0 Requested action not taken: mailbox unavailable", Hard, ReasonUserUnknown},
	{"exchange", pgEXOld, "550 5.1.2 Invalid X.400 address", Hard, ReasonUserUnknown},
	{"o365", pgEXO, "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable", Hard, ReasonUserUnknown},
	{"outlook", pgOutlookPM, "550 5.4.310 The mail could not be delivered to the recipient because the domain is not reachable", Hard, ReasonHostUnknown},
}

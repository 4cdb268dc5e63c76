package bounce

import "testing"

// realWorld are replies as receivers write them, taken from providers'
// public postmaster documentation and from the standard texts of MTAs, with
// addresses and hosts replaced by RFC 2606 names and RFC 5737 addresses.
var realWorld = []struct {
	src    string // who writes it
	in     string
	cat    Category
	reason Reason
}{
	// Gmail (support.google.com/a/answer/3726730).
	{"gmail", "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser", Hard, ReasonUserUnknown},
	{"gmail", "550 5.2.1 The email account that you tried to reach is disabled.", Hard, ReasonSuspend},
	{"gmail", "550 5.2.1 The email account that you tried to reach is inactive and cannot receive messages.", Hard, ReasonSuspend},
	{"gmail", "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp", Soft, ReasonMailboxFull},
	{"gmail", "552 5.2.2 The recipient's inbox is out of storage space and inactive.", Soft, ReasonMailboxFull},
	{"gmail", "452 4.2.2 The email account that you tried to reach is over quota.", Soft, ReasonMailboxFull},
	{"gmail", "552 5.3.4 Your message exceeded Google's message size limits.", Soft, ReasonMesgTooBig},
	{"gmail", "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", Spam, ReasonAuthFailure},
	{"gmail", "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain.", Spam, ReasonAuthFailure},
	{"gmail", "421 4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", Spam, ReasonAuthFailure},
	{"gmail", "550 5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.", Spam, ReasonRequirePTR},
	{"gmail", "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address.", Spam, ReasonBadReputation},
	{"gmail", "421 4.7.0 This message is suspicious due to the very low reputation of the sending domain. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", Spam, ReasonBadReputation},
	{"gmail", "550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", Spam, ReasonBlocked},
	{"gmail", "421 4.7.28 Gmail has detected an unusual rate of mail originating from your DKIM domain.", Spam, ReasonBlocked},
	{"gmail", "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", Spam, ReasonSpamDetected},
	{"gmail", "552 5.7.0 This message was blocked because its content presents a potential security issue.", Spam, ReasonPolicyViolation},
	{"gmail", "550 5.7.1 Messages missing a valid Message-ID header are not accepted.", Spam, ReasonNotCompliantRFC},
	{"gmail", "550 5.7.1 This message is not RFC 5322 compliant. There are multiple From headers.", Spam, ReasonNotCompliantRFC},
	{"gmail", "530 5.7.0 Must issue a STARTTLS command first.", Soft, ReasonFailedSTARTTLS},
	{"gmail", "421 4.7.0 TLS required for RCPT domain, closing connection.", Soft, ReasonFailedSTARTTLS},
	{"gmail", "421 4.7.0 Try again later, closing connection.", Soft, ReasonSpeeding},
	{"gmail", "451 4.4.2 Timeout - closing connection.", Soft, ReasonExpired},
	{"gmail", "554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop.", Soft, ReasonNetworkError},
	{"gmail", "550 5.7.0 Mail relay denied 192.0.2.7. Invalid credentials for relay for one of the domains in: example.com", Soft, ReasonNoRelaying},
	{"gmail", "421 4.7.0 IP not in whitelist for RCPT domain, closing connection.", Spam, ReasonBlocked},
	{"gmail", "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", Soft, ReasonSpeeding},
	{"gmail", "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.", Spam, ReasonAuthFailure},
	{"gmail", "421 4.7.40 Your email has been rate limited because the sending domain doesn't have a DMARC record. Gmail requires all bulk email senders to add a DMARC record to their sending domain.", Spam, ReasonAuthFailure},
	{"gmail", "550 5.7.27 Your email has been blocked because SPF authentication didn't pass for this message. Gmail requires all bulk senders to authenticate with SPF.", Spam, ReasonAuthFailure},
	{"gmail", "552 5.7.0 Our system detected an illegal attachment on your message.", Spam, ReasonPolicyViolation},

	// Outlook.com, Office 365, Exchange (learn.microsoft.com NDR articles).
	{"o365", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", Hard, ReasonUserUnknown},
	{"o365", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", Hard, ReasonUserUnknown},
	{"o365", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT043.eop-nam12.prod.protection.outlook.com]", Hard, ReasonUserUnknown},
	{"outlook", "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).", Hard, ReasonUserUnknown},
	{"o365", "550 5.4.310 DNS domain example.com does not exist [Message=InfoDomainNonexistent]", Hard, ReasonHostUnknown},
	{"o365", "550 5.4.316 Message expired, connection refused(Socket error code 10061)", Soft, ReasonExpired},
	{"o365", "550 5.4.300 Message expired", Soft, ReasonExpired},
	{"o365", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/", Spam, ReasonBlocked},
	{"o365", "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.", Spam, ReasonAuthFailure},
	{"o365", "550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level.", Spam, ReasonAuthFailure},
	{"o365", "550 5.7.515 Access denied, sending domain example.com doesn’t meet the required authentication level.", Spam, ReasonAuthFailure},
	{"o365", "550 5.7.23 The message was rejected because of Sender Policy Framework violation", Spam, ReasonAuthFailure},
	// Sisimai's Microsoft table: blocked (the sending IP is refused).
	{"o365", "550 5.7.25 Access denied, the sending IPv6 address [2001:db8::1] must have a reverse DNS record", Spam, ReasonBlocked},
	{"o365", "550 5.7.513 Service unavailable, Client host [192.0.2.1] blocked by example.com using Customer Block list (AS16012607)", Spam, ReasonBlocked},
	{"o365", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", Spam, ReasonBlocked},
	{"outlook", "451 4.7.650 The mail server [192.0.2.5] has been temporarily rate limited due to IP reputation.", Spam, ReasonBadReputation},
	{"o365", "550 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", Soft, ReasonMailboxFull},
	{"o365", "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException", Soft, ReasonMailboxFull},
	{"o365", "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", Soft, ReasonExceedLimit},
	{"o365", "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", Spam, ReasonSecurityError},
	{"o365", "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized", Spam, ReasonSecurityError},
	{"o365", "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required", Spam, ReasonSecurityError},
	{"exchange", "550 5.7.1 Delivery not authorized, message refused", Spam, ReasonRejected},
	{"o365", "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded.", Soft, ReasonSpeeding},
	// Sisimai's Microsoft table: toomanyconn for this wording of earlier
	// Exchange versions (speeding for "Recipient's per hour message
	// receive limit exceeded").
	{"o365", "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour.", Soft, ReasonTooManyConn},
	{"o365", "550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be sent via DATA", Spam, ReasonContentError},
	{"o365", "554 5.6.0 Invalid message content", Spam, ReasonContentError},
	{"o365", "550 5.7.51 TenantInboundAttribution; Rejecting message because of RestrictDomainsToIPAddresses or RestrictDomainsToCertificate", Spam, ReasonSecurityError},
	{"o365", "451 4.4.3 Temporary server error. Please try again later ATTR2", Soft, ReasonSystemError},
	{"o365", "452 4.3.1 Insufficient system resources", Soft, ReasonSystemFull},
	{"o365", "450 4.7.320 Certificate validation failed", Soft, ReasonFailedSTARTTLS},
	{"exchange", "421 4.4.2 Connection dropped", Soft, ReasonNetworkError},
	{"exchange", "550 5.1.8 Access denied, bad outbound sender", Spam, ReasonRejected},
	{"exchange", "550 5.7.520 Access denied, Your organization does not allow external forwarding.", Spam, ReasonPolicyViolation},

	// Yahoo and AOL (senders.yahooinc.com/smtp-error-codes).
	{"yahoo", "554 delivery error: dd This user doesn't have a yahoo.com account (someone@example.com) [0] - mta1000.mail.example.com", Hard, ReasonUserUnknown},
	{"yahoo", "554 delivery error: dd Sorry your message to someone@example.com cannot be delivered. This mailbox is disabled (554.30).", Hard, ReasonSuspend},
	{"yahoo", "552 1 Requested mail action aborted, mailbox not found", Hard, ReasonUserUnknown},
	{"yahoo", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", Spam, ReasonBadReputation},
	{"yahoo", "553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes", Spam, ReasonBlocked},
	{"yahoo", "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes", Spam, ReasonPolicyViolation},
	{"yahoo", "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.", Spam, ReasonAuthFailure},
	{"yahoo", "554 5.7.9 Message not accepted for policy reasons. [PH01] Email not accepted for policy reasons", Spam, ReasonPolicyViolation},
	{"yahoo", "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.", Spam, ReasonBlocked},
	{"yahoo", "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list", Spam, ReasonBlocked},
	{"aol", "521 5.2.1 : (DYN:T1) https://postmaster.aol.com/error-codes#554dynt1", Hard, ReasonSuspend},
	{"yahoo", "452 4.2.2 Mailbox full", Soft, ReasonMailboxFull},
	{"yahoo", "550 5.7.1 [IPTS04] Messages from 192.0.2.1 temporarily deferred due to user complaints", Spam, ReasonBlocked},

	// iCloud (support.apple.com/en-us/102322).
	{"icloud", "550 5.1.1 <someone@example.com>: user does not exist", Hard, ReasonUserUnknown},
	{"icloud", "552 5.2.2 <someone@example.com>: user is over quota", Soft, ReasonMailboxFull},
	{"icloud", "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", Spam, ReasonPolicyViolation},
	{"icloud", "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1", Spam, ReasonBlocked},
	{"icloud", "554 5.7.1 [HM08] Message rejected due to local policy", Spam, ReasonPolicyViolation},
	// Sisimai's iCloud table (rhost Apple) calls this userunknown: iCloud
	// writes it for an address it does not have.
	{"icloud", "550 5.1.1 <someone@example.com>: inactive email address", Hard, ReasonUserUnknown},

	// Proofpoint, Mimecast, Barracuda, Cisco IronPort.
	{"proofpoint", "554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", Spam, ReasonBlocked},
	{"proofpoint", "550 5.7.1 Message blocked due to spam content in the message.", Spam, ReasonSpamDetected},
	{"proofpoint", "550 5.1.1 User Unknown", Hard, ReasonUserUnknown},
	{"proofpoint", "452 4.1.1 User Unknown", Soft, ReasonUserUnknown},
	{"mimecast", "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550", Hard, ReasonUserUnknown},
	{"mimecast", "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554", Spam, ReasonVirusDetected}, // "a virus, or a spam score over the maximum threshold" (Mimecast; Sisimai's table)
	{"mimecast", "550 Rejected by header based Anti-Spoofing policy: someone@example.com", Spam, ReasonPolicyViolation},
	{"mimecast", "451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451", Soft, ReasonNoRelaying},
	{"mimecast", "550 Administrative prohibition - envelope blocked", Spam, ReasonRejected},
	{"mimecast", "554 Message rejected due to SPF failure", Spam, ReasonAuthFailure},
	{"mimecast", "550 DMARC Policy Rejection", Spam, ReasonAuthFailure},
	{"mimecast", "550 Virus detected by Mimecast", Spam, ReasonVirusDetected},
	{"barracuda", "550 permanent failure for one or more recipients (someone@example.com:blocked)", Spam, ReasonBlocked},
	{"barracuda", "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1", Spam, ReasonBlocked},
	{"barracuda", "550 No such user (someone@example.com)", Hard, ReasonUserUnknown},
	{"barracuda", "554 5.7.1 Message blocked by Barracuda Spam Firewall, spam score 9.5", Spam, ReasonSpamDetected},
	{"cisco", "550 #5.1.0 Address rejected.", Hard, ReasonUserUnknown},
	{"cisco", "554 5.7.1 Message rejected due to suspected spam content", Spam, ReasonSpamDetected},
	{"cisco", "550 5.7.1 Your access to this mail system from 192.0.2.1 has been rejected due to the sending MTA's poor reputation.", Spam, ReasonBadReputation},
	{"cisco", "554 Message from 192.0.2.1 rejected based on blacklist", Spam, ReasonBlocked},

	// Postfix standard texts.
	{"postfix", "550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table", Hard, ReasonUserUnknown},
	{"postfix", "550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table", Hard, ReasonUserUnknown},
	{"postfix", "554 5.7.1 <someone@example.com>: Relay access denied", Soft, ReasonNoRelaying},
	{"postfix", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1", Spam, ReasonBlocked},
	{"postfix", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", Spam, ReasonRequirePTR},
	{"postfix", "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]", Spam, ReasonRequirePTR},
	{"postfix", "450 4.2.0 <someone@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", Soft, ReasonSpeeding},
	{"postfix", "553 5.7.1 <sender@example.net>: Sender address rejected: not owned by user sender@example.net", Spam, ReasonRejected},
	{"postfix", "450 4.1.8 <sender@example.net>: Sender address rejected: Domain not found", Spam, ReasonRejected},
	{"postfix", "550 5.1.2 <someone@example.invalid>: Recipient address rejected: Domain not found", Hard, ReasonHostUnknown},
	{"postfix", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname", Spam, ReasonBlocked},
	{"postfix", "552 5.3.4 Message size exceeds fixed limit", Soft, ReasonMesgTooBig},
	{"postfix", "452 4.3.1 Insufficient system storage", Soft, ReasonSystemFull},
	{"postfix", "451 4.3.0 Error: queue file write error", Soft, ReasonSystemError},
	{"postfix", "550 5.7.1 <someone@example.com>: Recipient address rejected: Access denied", Hard, ReasonUserUnknown},
	{"postfix", "421 4.7.0 mx.example.com Error: too many connections from 192.0.2.1", Soft, ReasonTooManyConn},
	{"postfix", "452 4.5.3 Error: too many recipients", Soft, ReasonTooManyConn},
	{"postfix", "550 5.4.6 <someone@example.com>: Recipient address rejected: Mail forwarding loop for someone@example.com", Soft, ReasonNetworkError},
	{"postfix", "connect to mx.example.com[192.0.2.1]:25: Connection timed out", Soft, ReasonExpired},
	{"postfix", "connect to mx.example.com[192.0.2.1]:25: Connection refused", Soft, ReasonExpired},
	{"postfix", "Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found", Hard, ReasonHostUnknown},
	{"postfix", "mail for example.com loops back to myself", Soft, ReasonSystemError},
	{"postfix", "delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: No route to host", Soft, ReasonNetworkError},
	{"postfix", "conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting", Soft, ReasonExpired},
	{"postfix", "TLS is required, but was not offered by host mx.example.com[192.0.2.1]", Soft, ReasonFailedSTARTTLS},
	{"postfix", "host mx.example.com[192.0.2.1] said: 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)", Hard, ReasonUserUnknown},
	{"postfix", "554 5.7.1 <mx.example.net[192.0.2.1]>: Client host rejected: Access denied", Spam, ReasonBlocked},
	{"postfix", "451 4.7.1 <someone@example.com>: Recipient address rejected: Please try again slower", Soft, ReasonSpeeding},

	// Exim.
	{"exim", "550 Unrouteable address", Hard, ReasonHostUnknown},
	{"exim", "550-Verification failed for <sender@example.net>\r\n550-Unrouteable address\r\n550 Sender verify failed", Spam, ReasonRejected},
	{"exim", "550 Administrative prohibition", Spam, ReasonRejected},
	{"exim", "retry timeout exceeded", Soft, ReasonExpired},
	{"exim", "550 5.7.1 Rejected: 192.0.2.1 listed at zen.spamhaus.org", Spam, ReasonBlocked},
	{"exim", "550 Your message looks like SPAM or has been reported as SPAM please read http://example.com/spam", Spam, ReasonSpamDetected},
	{"exim", "550 5.1.1 <someone@example.com>: Unknown user", Hard, ReasonUserUnknown},
	{"exim", "550 Rejected: SPF check failed for sender@example.net", Spam, ReasonAuthFailure},
	{"exim", "552 Message size exceeds maximum permitted", Soft, ReasonMesgTooBig},
	{"exim", "451 Temporary local problem - please try later", Soft, ReasonSystemError},
	{"exim", "550 This message has been rejected because it has a potentially executable attachment", Spam, ReasonVirusDetected},
	{"exim", "550 Rejected because 192.0.2.1 is in a black list at b.barracudacentral.org", Spam, ReasonBlocked},
	{"exim", "550 mailbox is full: retry timeout exceeded", Soft, ReasonMailboxFull},
	{"exim", "550 The mail server detected your message as spam and has prevented delivery.", Spam, ReasonSpamDetected},
	{"exim", "450 Greylisted: please try again in 5 minutes", Soft, ReasonSpeeding},

	// Sendmail.
	{"sendmail", "550 5.1.1 <someone@example.com>... User unknown", Hard, ReasonUserUnknown},
	{"sendmail", "553 5.1.8 <sender@example.net>... Domain of sender address sender@example.net does not exist", Spam, ReasonRejected},
	{"sendmail", "550 5.7.1 <someone@example.com>... Relaying denied", Soft, ReasonNoRelaying},
	{"sendmail", "552 5.2.2 <someone@example.com>... Mailbox full", Soft, ReasonMailboxFull},
	{"sendmail", "554 5.0.0 Service unavailable", Soft, ReasonOnHold},
	{"sendmail", "421 4.7.0 mx.example.com Too many concurrent SMTP connections; please try again later", Soft, ReasonTooManyConn},
	{"sendmail", "550 5.7.1 Rejected: 192.0.2.1 listed at bl.spamcop.net", Spam, ReasonBlocked},
	{"sendmail", "553 5.3.0 <someone@example.com>... No such user here", Hard, ReasonUserUnknown},
	{"sendmail", "550 5.7.1 Rejecting open proxy 192.0.2.1", Spam, ReasonBlocked},
	{"sendmail", "554 5.3.0 unknown mailer error 1", Soft, ReasonMailerError},

	// qmail.
	{"qmail", "Sorry, no mailbox here by that name. (#5.1.1)", Hard, ReasonUserUnknown},
	{"qmail", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", Soft, ReasonNoRelaying},
	{"qmail", "The users mailfolder is over the allowed quota (size). (#5.2.2)", Soft, ReasonMailboxFull},
	{"qmail", "Sorry, I couldn't find any host by that name. (#4.1.2)", Soft, ReasonHostUnknown},
	{"qmail", "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)", Spam, ReasonRejected},
	{"qmail", "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", Soft, ReasonExpired},

	// Others: Japanese carriers, European and Asian providers, appliances.
	{"docomo", "550 Unknown user someone@example.jp", Hard, ReasonUserUnknown},
	{"docomo", "552 Too much mail data", Soft, ReasonMailboxFull},
	{"au", "Your message was not delivered within 0 days and 4 hours.", Soft, ReasonExpired},
	{"exchange", "The message could not be delivered within the time limit.", Soft, ReasonExpired},
	{"au", "550 : User unknown", Spam, ReasonFiltered}, // from au's server (providerHosts): no address, the recipient's reception filter (host.go)
	{"softbank", "550 Invalid recipient: <someone@example.jp>", Hard, ReasonUserUnknown},
	{"docomo", "550 5.1.1 宛先のメールアドレスは存在しません", Hard, ReasonUserUnknown},
	{"mail.ru", "550 Message was not accepted -- invalid mailbox. Local mailbox someone@example.ru is unavailable: user not found", Hard, ReasonUserUnknown},
	{"mail.ru", "550 spam message rejected. Please visit http://help.example.ru/notspam-support/id?c=x or report details to abuse@example.ru.", Spam, ReasonSpamDetected},
	{"free.fr", "421 Too many spams from your IP (192.0.2.1), please visit http://postmaster.free.fr/", Spam, ReasonSpamDetected},
	{"orange", "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]", Spam, ReasonSpamDetected}, // OFR_506: content judged spam (postmaster.orange.fr)
	{"gmx", "550 Requested action not taken: mailbox unavailable", Hard, ReasonUserUnknown},
	{"gmx", "554-Transaction failed\r\n554-Reject due to policy restrictions.\r\n554 For explanation visit https://postmaster.example.com/en/case?c=r0701", Spam, ReasonPolicyViolation},
	{"qq", "550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728", Hard, ReasonUserUnknown},
	{"qq", "550 Mail content denied. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726", Spam, ReasonSpamDetected},
	{"163", "550 User suspended", Hard, ReasonSuspend},
	{"seed004", "550 5.2.1 This account has been temporarily suspended. Please try again later.", Soft, ReasonSuspend},
	{"generic", "554 5.7.1 <someone@example.com>: Recipient rejected: temporarily inactive", Soft, ReasonSuspend},
	{"163", "451 DT:SPM 163 mx, please try again", Spam, ReasonSpamDetected},
	{"comcast", "554 5.7.1 192.0.2.1 ; Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry.", Spam, ReasonRequirePTR},
	{"att", "553 5.3.0 flpd000 DNSBL:RBL 521< 192.0.2.1 >_is_blocked.For assistance forward this error to abuse_rbl@abuse-att.net", Spam, ReasonBlocked},
	{"sendgrid", "550 5.7.1 The content of this message looked like spam", Spam, ReasonSpamDetected},
	{"ses", "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.net", Soft, ReasonNoRelaying},
	{"ses", "454 Throttling failure: Maximum sending rate exceeded.", Soft, ReasonTooManyConn},
	{"zoho", "554 5.1.8 Email Outgoing Blocked.", Spam, ReasonRejected},
	{"godaddy", "554 192.0.2.1 has sent to too many recipients this hour. IB605", Soft, ReasonTooManyConn},
	{"facebook", "550 5.1.1 RCP-P2 Refused due to recipient preferences", Spam, ReasonFiltered},
	{"rfc5321", "554 No SMTP service here", Hard, ReasonNotAccept},
	{"rfc7504", "556 5.1.10 Recipient address has null MX", Hard, ReasonNotAccept},
	{"rfc7505", "550 5.7.27 Sender address has null MX", Spam, ReasonRejected},
	{"generic", "554 5.7.1 Message contains a virus", Spam, ReasonVirusDetected},
	{"generic", "550 5.7.1 Sorry, we do not accept mail from dynamic IPs", Spam, ReasonBlocked},
	{"generic", "554 5.7.0 Reject, id=12345 - spam", Spam, ReasonSpamDetected},
	{"generic", "550 5.7.1 Delivery not authorized", Spam, ReasonSecurityError},
	{"generic", "450 4.7.1 Requested action not taken: too many emails per second", Soft, ReasonSpeeding},
	{"generic", "535 5.7.8 Authentication credentials invalid", Spam, ReasonSecurityError},
	{"generic", "530 5.7.0 Authentication required", Spam, ReasonSecurityError},
	{"generic", "500 5.5.1 Command unrecognized", Soft, ReasonSyntaxError},
	{"generic", "503 5.5.1 Error: need RCPT command", Soft, ReasonSyntaxError},
	{"generic", "malformed address: <a..b@example.org> was ignored", Soft, ReasonSyntaxError},
	{"generic", "550 Malformed address in the envelope", Soft, ReasonSyntaxError},
	{"rfc5321", "421 Service not available, closing transmission channel", Soft, ReasonSystemError},
	{"generic", "550 5.7.1 Message rejected as spam by Content Filtering.", Spam, ReasonSpamDetected},
	{"generic", "550 5.7.1 Email rejected per DMARC policy for example.net", Spam, ReasonAuthFailure},
	{"generic", "550 5.2.1 <someone@example.com>: Mailbox disabled, not accepting messages", Hard, ReasonSuspend},
	{"generic", "550 5.1.6 Recipient mailbox has moved, no forwarding address", Hard, ReasonHasMoved},
	{"generic", "551 User not local; please try <someone@example.org>", Soft, ReasonNoRelaying},
	// More provider texts (Exchange Online, Gmail, Yahoo, iCloud, Mimecast).
	{"o365", "451 4.7.652 The mail server [192.0.2.1] has exceeded the maximum number of connections.", Soft, ReasonTooManyConn},
	{"o365", "550 5.2.2 Submission quota exceeded. Your message wasn't delivered because you've exceeded your sending limit.", Soft, ReasonSpeeding},
	{"o365", "550 5.4.312 DNS query failed for example.com [Message=InfoNoRecords]", Soft, ReasonNetworkError},
	// Exchange's page puts this NDR down to the DNS or network set-up
	// of the sending Exchange server (and Sisimai's table agrees):
	// networkerror, see provider_microsoft.go.
	{"o365", "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", Hard, ReasonHostUnknown},
	{"o365", "550 5.7.124 Sender not in allowed-senders list", Spam, ReasonRejected},
	{"o365", "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (AS761)", Soft, ReasonSystemError},
	{"o365", "550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM", Spam, ReasonSecurityError},
	{"gmail", "550 5.7.1 Messages missing a valid address in the From: header, or having no From: header, are not accepted.", Spam, ReasonNotCompliantRFC},
	{"gmail", "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.", Soft, ReasonSpeeding},
	{"gmail", "535 5.7.8 Username and Password not accepted.", Spam, ReasonSecurityError},
	{"gmail", "421 4.7.0 This message is suspicious due to the nature of the content or the links within.", Spam, ReasonSpamDetected},
	{"gmail", "550 5.4.5 Daily user sending limit exceeded.", Soft, ReasonSpeeding},
	{"yahoo", "554 delivery error: dd someone@example.com is no longer valid. [230]", Hard, ReasonSuspend},
	{"yahoo", "421 Max message per connection reached, closing transmission channel", Soft, ReasonTooManyConn},
	{"icloud", "550 5.1.6 recipient no longer on server: someone@example.com", Hard, ReasonHasMoved},
	{"icloud", "421 4.7.1 Messages to someone@example.com deferred due to excessive volume. Try again later", Soft, ReasonSpeeding},
	{"icloud", "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks.", Spam, ReasonAuthFailure},
	{"mimecast", "550 SPF Sender Invalid - envelope rejected", Spam, ReasonAuthFailure},
	{"mimecast", "553 This route requires encryption (TLS)", Soft, ReasonFailedSTARTTLS},
	{"mimecast", "554 Maximum email size exceeded", Soft, ReasonMesgTooBig},
	{"mimecast", "550 Envelope blocked - User Entry", Spam, ReasonRejected},
	{"mimecast", "535 Incorrect authentication data", Spam, ReasonSecurityError},
	{"o365", "421 4.3.2 The maximum number of concurrent server connections has exceeded a limit, closing transmission channel", Soft, ReasonTooManyConn},
	{"o365", "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.", Spam, ReasonBadReputation},
	{"o365", "554 5.4.14 Hop count exceeded - possible mail loop", Soft, ReasonNetworkError},
	{"o365", "451 4.4.4 Mail received as unauthenticated, incoming to a recipient domain configured in a hosted tenant which has no mail-enabled subscriptions", Soft, ReasonNotAccept},
	{"outlook", "550 SC-001 Mail rejected by Outlook.com for policy reasons.", Spam, ReasonPolicyViolation},
	{"outlook", "550 DY-001 Mail rejected by Outlook.com for policy reasons. We generally do not accept email from dynamic IP's.", Spam, ReasonBlocked},
	{"gmail", "550-5.7.1 [192.0.2.1] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.", Spam, ReasonBlocked},
	{"gmail", "421 4.7.0 Temporary System Problem. Try again later (10).", Soft, ReasonSystemError},
	{"yahoo", "554 Message not allowed - [299]", Spam, ReasonPolicyViolation},
	{"generic", "554 5.7.1 Rejected due to SPF policy", Spam, ReasonAuthFailure},
	{"generic", "554 rejected due to spam URL in content", Spam, ReasonSpamDetected},
	{"generic", "550 This mailbox has been blocked due to inactivity", Hard, ReasonSuspend},
	{"generic", "550 Sorry, this email address has been deactivated", Hard, ReasonSuspend},

	// RFC 5321 §4.2.2 and §4.2.3: the texts the RFC gives each code.
	{"rfc5321", "450 Requested mail action not taken: mailbox unavailable", Soft, ReasonUserUnknown},
	{"rfc5321", "451 Requested action aborted: local error in processing", Soft, ReasonSystemError},
	{"rfc5321", "452 Requested action not taken: insufficient system storage", Soft, ReasonSystemFull},
	{"rfc5321", "455 Server unable to accommodate parameters", Soft, ReasonOnHold},
	{"rfc5321", "500 Syntax error, command unrecognized", Soft, ReasonSyntaxError},
	{"rfc5321", "501 Syntax error in parameters or arguments", Soft, ReasonSyntaxError},
	{"rfc5321", "502 Command not implemented", Soft, ReasonSyntaxError},
	{"rfc5321", "503 Bad sequence of commands", Soft, ReasonSyntaxError},
	{"rfc5321", "504 Command parameter not implemented", Soft, ReasonSyntaxError},
	{"rfc5321", "552 Requested mail action aborted: exceeded storage allocation", Soft, ReasonMailboxFull},
	{"rfc5321", "553 Requested action not taken: mailbox name not allowed", Hard, ReasonUserUnknown},
	{"rfc5321", "554 Transaction failed", Soft, ReasonSystemError},
	{"rfc5321", "555 MAIL FROM/RCPT TO parameters not recognized or not implemented", Soft, ReasonSyntaxError},
	// RFC 7504 (521, 556), RFC 5248 and RFC 4954 (AUTH), RFC 1870 (SIZE).
	{"rfc7504", "521 Host does not accept mail", Hard, ReasonNotAccept},
	{"rfc7504", "556 Domain does not accept mail", Hard, ReasonNotAccept},
	{"rfc5248", "525 5.7.13 User account disabled", Hard, ReasonSuspend},
	{"rfc5248", "523 5.7.10 Encryption Needed", Soft, ReasonFailedSTARTTLS},
	{"rfc4954", "534 5.7.9 Authentication mechanism is too weak", Spam, ReasonSecurityError},
	{"rfc4954", "538 5.7.11 Encryption required for requested authentication mechanism", Spam, ReasonSecurityError},
	{"rfc4954", "454 4.7.0 Temporary authentication failure", Spam, ReasonSecurityError},
	{"rfc4954", "432 4.7.12 A password transition is needed", Spam, ReasonSecurityError},
	{"rfc1870", "552 5.3.4 Message size exceeds fixed maximum message size", Soft, ReasonMesgTooBig},
	// RFC 3463 and the IANA registry: a code with its registered title.
	{"rfc3463", "550 5.1.2 Bad destination system address", Hard, ReasonHostUnknown},
	{"rfc3463", "550 5.1.3 Bad destination mailbox address syntax", Hard, ReasonUserUnknown},
	{"rfc3463", "550 5.1.4 Destination mailbox address ambiguous", Hard, ReasonUserUnknown},
	{"rfc3463", "550 5.2.4 Mailing list expansion problem", Spam, ReasonFiltered},
	{"rfc3463", "550 5.3.2 System not accepting network messages", Hard, ReasonNotAccept},
	{"rfc3463", "550 5.3.5 System incorrectly configured", Soft, ReasonSystemError},
	{"rfc3463", "550 5.4.4 Unable to route", Hard, ReasonHostUnknown},
	{"rfc3463", "451 4.4.3 Directory server failure", Soft, ReasonSystemError},
	{"rfc3463", "451 4.4.5 Mail system congestion", Soft, ReasonSystemFull},
	{"rfc3463", "554 5.6.1 Media not supported", Spam, ReasonContentError},
	{"rfc3463", "554 5.6.3 Conversion required but not supported", Spam, ReasonContentError},
	{"rfc3463", "550 5.7.2 Mailing list expansion prohibited", Spam, ReasonSecurityError},
	{"rfc6531", "553 5.6.7 Non-ASCII addresses not permitted for that sender/recipient", Spam, ReasonContentError},
	{"rfc6710", "550 5.7.15 Priority Level is too low", Spam, ReasonSecurityError},
	{"rfc7293", "550 5.7.17 Mailbox owner has changed", Spam, ReasonSecurityError},
	{"rfc7293", "550 5.7.18 Domain owner has changed", Spam, ReasonSecurityError},
	{"rfc7372", "550 5.7.20 No passing DKIM signature found", Spam, ReasonAuthFailure},
	{"rfc7372", "550 5.7.21 No acceptable DKIM signature found", Spam, ReasonAuthFailure},
	{"rfc7372", "550 5.7.22 No valid author-matched DKIM signature found", Spam, ReasonAuthFailure},
	{"rfc7372", "550 5.7.23 SPF validation failed", Spam, ReasonAuthFailure},
	{"rfc7372", "550 5.7.24 SPF validation error", Spam, ReasonAuthFailure},
	{"rfc7372", "550 5.7.25 Reverse DNS validation failed", Spam, ReasonRequirePTR},
	{"rfc7372", "550 5.7.26 Multiple authentication checks failed", Spam, ReasonAuthFailure},
	{"iana", "550 5.7.28 Mail flood detected", Spam, ReasonSpamDetected},
	{"rfc8617", "550 5.7.29 ARC validation failure", Spam, ReasonAuthFailure},
	{"rfc8689", "550 5.7.30 REQUIRETLS support required", Soft, ReasonFailedSTARTTLS},

	// More Postfix texts (smtpd_check.c, smtp(8) and local(8) reports).
	{"postfix", "550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in relay recipient table", Hard, ReasonUserUnknown},
	{"postfix", "450 4.1.1 <someone@example.com>: Recipient address rejected: unverified address: host mx.example.com[192.0.2.1] said: 550 5.1.1 User unknown", Soft, ReasonUserUnknown},
	{"postfix", "450 4.7.1 <mx.example.net>: Helo command rejected: Host not found", Spam, ReasonBlocked},
	{"postfix", "504 5.5.2 <sender>: Sender address rejected: need fully-qualified address", Spam, ReasonRejected},
	{"postfix", "504 5.5.2 <someone>: Recipient address rejected: need fully-qualified address", Soft, ReasonSyntaxError},
	{"postfix", "554 5.7.1 <sender@example.net>: Sender address rejected: Access denied", Spam, ReasonRejected},
	{"postfix", "550 5.1.0 <sender@example.net>: Sender address rejected: User unknown in local recipient table", Spam, ReasonRejected},
	{"postfix", "554 5.5.1 Error: no valid recipients", Hard, ReasonUserUnknown},
	{"postfix", "501 5.1.7 Bad sender address syntax", Spam, ReasonRejected},
	{"postfix", "501 5.1.3 Bad recipient address syntax", Hard, ReasonUserUnknown},
	{"postfix", "550 5.7.0 Message content rejected", Spam, ReasonSpamDetected},
	{"postfix", "451 4.3.5 Server configuration problem", Soft, ReasonSystemError},
	{"postfix", "554 5.4.0 Error: too many hops", Soft, ReasonNetworkError},
	{"postfix", "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]", Spam, ReasonRequirePTR},
	{"postfix", "554 5.7.1 Service unavailable; Sender address [sender@example.net] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/example.net", Spam, ReasonBlocked},
	{"postfix", "lost connection with mx.example.com[192.0.2.1] while receiving the initial server greeting", Soft, ReasonNetworkError},
	{"postfix", "conversation with mx.example.com[192.0.2.1] timed out while sending message body", Soft, ReasonExpired},
	{"postfix", "unknown user: \"someone\"", Hard, ReasonUserUnknown},
	{"postfix", "cannot update mailbox /var/mail/someone for user someone. error writing message: Disk quota exceeded", Soft, ReasonMailboxFull},
	{"postfix", "host mx.example.com[192.0.2.1] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)", Soft, ReasonMailboxFull},
	{"postfix", "host mx.example.com[192.0.2.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", Spam, ReasonBlocked},
	{"postfix", "Host or domain name not found. Name service error for name=mx.example.com type=AAAA: Host found but no data record of requested type", Hard, ReasonHostUnknown},

	// More Exim texts (the default ACL and router messages).
	{"exim", "550 relay not permitted", Soft, ReasonNoRelaying},
	{"exim", "550 relaying to <someone@example.org> prohibited by administrator", Soft, ReasonNoRelaying},
	{"exim", "550-Callout verification failed:\r\n550 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown", Hard, ReasonUserUnknown},
	{"exim", "all hosts for 'example.com' have been failing for a long time (and retry time not reached)", Soft, ReasonExpired},
	{"exim", "retry time not reached for any host after a long failure period", Soft, ReasonExpired},
	{"exim", "mailbox is full (MTA-imposed quota exceeded while writing to file /var/mail/someone)", Soft, ReasonMailboxFull},
	{"exim", "Too many \"Received\" headers - suspected mail loop", Soft, ReasonNetworkError},
	{"exim", "all relevant MX records point to non-existent hosts", Hard, ReasonHostUnknown},
	{"exim", "451 Greylisting in progress, please try again later", Soft, ReasonSpeeding},

	// More Sendmail texts.
	{"sendmail", "550 5.7.1 <someone@example.com>... Relaying denied. Proper authentication required.", Soft, ReasonNoRelaying},
	{"sendmail", "550 5.1.2 <someone@example.invalid>... Host unknown (Name server: example.invalid: host not found)", Hard, ReasonHostUnknown},
	{"sendmail", "421 4.3.2 Connection rate limit exceeded.", Soft, ReasonTooManyConn},
	{"sendmail", "501 5.5.2 Syntax error in parameters scanning \"TO\"", Soft, ReasonSyntaxError},
	{"sendmail", "550 5.7.1 <someone@example.com>... Access denied", Spam, ReasonSecurityError},
	{"sendmail", "554 5.7.1 Rejected 192.0.2.1 found in dnsbl.sorbs.net", Spam, ReasonBlocked},
	{"sendmail", "Deferred: Connection timed out with mx.example.com.", Soft, ReasonExpired},

	// More qmail texts.
	{"qmail", "552 sorry, that message size exceeds my databytes limit (#5.3.4)", Soft, ReasonMesgTooBig},
	{"qmail", "Sorry, I couldn't find any host named example.invalid. (#5.1.2)", Hard, ReasonHostUnknown},
	{"qmail", "Connected to 192.0.2.1 but sender was rejected. Remote host said: 553 sorry, your envelope sender has been denied (#5.7.1)", Spam, ReasonRejected},
	{"qmail", "Connected to 192.0.2.1 but connection died. (#4.4.2)", Soft, ReasonNetworkError},
	{"qmail", "451 qq temporary problem (#4.3.0)", Soft, ReasonSystemError},
	{"qmail", "451 qq write error or disk full (#4.3.0)", Soft, ReasonSystemFull},
	{"qmail", "553 sorry, this recipient is not in my validrcptto list (#5.7.1)", Hard, ReasonUserUnknown},
	{"qmail", "550 Invalid recipient <someone@example.com> (#5.1.1)", Hard, ReasonUserUnknown},

	// More Exchange and Exchange Online texts (learn.microsoft.com NDR articles).
	{"exchange", "550 5.2.1 Mailbox cannot be accessed", Hard, ReasonSuspend},
	{"o365", "550 5.7.12 The sender was not authenticated by the organization", Spam, ReasonRejected},
	{"o365", "550 5.7.64 TenantAttribution; Relay Access Denied", Soft, ReasonNoRelaying},
	{"o365", "550 5.4.1 Relay Access Denied ATTR36", Soft, ReasonNoRelaying},
	{"exchange", "452 4.5.3 Too many recipients", Soft, ReasonTooManyConn},

	// Courier and OpenSMTPD.
	{"courier", "513 Relaying denied.", Soft, ReasonNoRelaying},
	{"courier", "550 User unknown.", Hard, ReasonUserUnknown},
	{"opensmtpd", "550 Invalid recipient", Hard, ReasonUserUnknown},
	{"opensmtpd", "421 Temporary failure", Soft, ReasonOnHold},
	{"opensmtpd", "535 Authentication failed", Spam, ReasonSecurityError},
	{"opensmtpd", "550 Sender rejected", Spam, ReasonRejected},
	{"opensmtpd", "550 Recipient rejected", Hard, ReasonUserUnknown},

	// Greylisting (RFC 6647): milter-greylist, Stalwart, Postgrey's
	// --greylist-text; and
	// filters (amavis, Rspamd).
	{"milter-greylist", "451 4.7.1 Greylisting in action, please come back later", Soft, ReasonSpeeding},
	{"stalwart", "422 4.2.2 Greylisted, please try again in a few moments.", Soft, ReasonSpeeding},
	{"postgrey", "450 4.2.0 <someone@example.com>: Recipient address rejected: Greylisted for 300 seconds", Soft, ReasonSpeeding},
	{"rspamd", "451 4.7.1 Try again later", Soft, ReasonSpeeding},
	{"amavis", "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature", Spam, ReasonVirusDetected},
	{"rspamd", "554 5.7.1 Spam message rejected", Spam, ReasonSpamDetected},

	// Replies whose text says nothing known: the codes decide (issue 14).
	{"generic", "550 Something went wrong", Hard, ReasonUserUnknown},
	{"generic", "550 5.0.0 error", Hard, ReasonUserUnknown},
	{"generic", "554 5.0.0 Oops", Soft, ReasonOnHold},
	{"generic", "552 5.2.3 Message exceeds local size limit", Soft, ReasonMesgTooBig},
	{"generic", "550 5.2.1 <someone@example.com>: Recipient address rejected: Mailbox does not exist", Hard, ReasonUserUnknown},

	// Not failures.
	{"postfix", "250 2.0.0 Ok: queued as 4BX2Fq1Z", "", ReasonDelivered},
	{"exchange", "Automatic reply: I am out of the office until 2 January", "", ReasonVacation},
}

func TestRealWorld(t *testing.T) {
	if len(realWorld) < 300 {
		t.Fatalf("only %d real-world rows", len(realWorld))
	}
	seen := map[Reason]bool{}
	for _, tt := range realWorld {
		seen[tt.reason] = true
	}
	for _, r := range reasons {
		// feedback comes from ARF reports, undefined from nothing at all.
		if !seen[r] && r != ReasonFeedback && r != ReasonUndefined {
			t.Errorf("no real-world row has reason %s", r)
		}
	}
	for _, tt := range realWorld {
		// A reply of a provider with host-scoped decisions comes from
		// its server (providerHosts).
		got := ClassifyInput(Input{Reply: ParseReply(tt.in), Host: providerHosts[tt.src]})
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s: Classify(%q) = %s/%s, want %s/%s", tt.src, tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
		if err := got.check(); err != nil {
			t.Errorf("%s: Classify(%q) = %+v: %v", tt.src, tt.in, got, err)
		}
	}
}

package bounce

import "slices"

// The built-in text rules: what receivers write when they refuse a message,
// as lowercase phrases, grouped by reason. Earlier rules win over later ones
// when several match, so the groups are ordered from the most specific
// evidence to the most general, much as Sisimai orders its reasons
// (mailbox full and size limits first, blocklists last).
//
// The phrases come from the standard texts of MTAs (Postfix, Exim, Sendmail,
// qmail, Exchange) and from the public postmaster documentation of large
// receivers (Gmail, Outlook/Office 365, Yahoo/AOL, iCloud, Proofpoint,
// Mimecast, Barracuda, Cisco, Japanese carriers). They are written to be
// general: each names the condition, not one server's sentence.
//
// Pattern syntax: see textRule. A veto group stops the rules of its reason
// that come after it in this order (see hits.best): it goes before the
// groups it overrules, and an earlier, more specific phrase of the same
// reason still decides.

// temporary is group for conditions that the text calls temporary.
func temporary(r Reason, pats ...string) []textRule {
	out := group(r, strong, pats...)
	for i := range out {
		out[i].soft = true
	}
	return out
}

// greylisting is group for the phrases of greylisting (RFC 6647): the
// reason is speeding, and Result.Greylisted is set for a transient failure.
func greylisting(pats ...string) []textRule {
	out := group(ReasonSpeeding, strong, pats...)
	for i := range out {
		out[i].grey = true
	}
	return out
}

func group(r Reason, k ruleKind, pats ...string) []textRule {
	out := make([]textRule, len(pats))
	for i, p := range pats {
		out[i] = textRule{pat: p, reason: r, kind: k}
	}
	return out
}

// senderDomain are the words that name the sender's domain: its
// troubles are not the recipient's domain's.
var senderDomain = []string{"sender domain", "sender's domain", "domain of sender", "sender address domain", "domain of your address"}

// senderVetoes open builtinRules (see the comment in it).
var senderVetoes = slices.Concat(
	// Texts about the sender's account or domain in the words of a dead
	// recipient: a submission server's "Your account has been disabled",
	// Postfix's "Sender address rejected: Account disabled", an AUTH
	// refusal of a disabled user, qmail's "sender's domain has no MX",
	// "Sender domain does not exist". The reply is addressed to the
	// sending client, so "your account" is the sender's. These stop the
	// recipient's reasons that follow, and the sender's phrases below
	// decide: a false hard bounce suppresses a good recipient. They come
	// before the providers' rules, whose general words ("User does not
	// exist") would otherwise decide first.
	group(ReasonSuspend, veto, "your account", "sender's account", "sender account", "sending account",
		"sender address rejected", "sender rejected", "authentication unsuccessful", "authentication failed"),
	group(ReasonUserUnknown, veto, "authentication unsuccessful", "authentication failed",
		"sender address rejected", "sender rejected", "sender mailbox", "sender's mailbox",
		"sender does not exist", "sender address does not exist", "unrouteable sender", "unroutable sender",
		"sender verify failed", "mail from*refused"),
	group(ReasonHostUnknown, veto, senderDomain...),
	group(ReasonNotAccept, veto, senderDomain...),
)

var builtinRules = slices.Concat(
	senderVetoes,
	providerRules, // providers.go: receivers' own codes and phrases come first
	langRules,     // rules_lang.go: refusals in the languages large receivers send besides English
	// Phrases that contain the words of a later group but mean something
	// else; they go first.
	group(ReasonTooManyConn, strong,
		"connection rate limit", "too many connections", "too many concurrent",
		"daily message quota exceeded", "maximum sending rate exceeded", "max emails per hour",
		"at maximum connection limit", "per-domain connection limit"),
	group(ReasonAuthFailure, strong,
		"authenticate with either spf or dkim", "authenticate with spf", "authenticate with dkim",
		"authenticate their email with", "aligned with either the authenticated", "spf or dkim",
		"rate limited because it is unauthenticated", "sender is unauthenticated",
		"add a dmarc record", "dmarc policy", "dmarc verification", "dmarc check",
		"fails dmarc", "failed dmarc", "dmarc fail", "dmarc reject", "dmarcrejection"),
	group(ReasonBadReputation, strong,
		"rate limited due to ip reputation", "low reputation", "poor reputation", "bad reputation",
		"reputation of the sending", "poor email reputation", "ip/domain reputation",
		"due to unexpected volume or user complaints"),
	// Sisimai's general vocabulary (go-sisimai reason/why-*.go) where its
	// order of classes differs from the groups below: its RequirePTR,
	// ContentError, Rejected and SpamDetected go before Blocked, its
	// Blocked phrases here name the sending host rather than the words
	// of a later group, and these phrases say which.
	group(ReasonRequirePTR, strong, "unresolvable relay host name", "bad dns ptr",
		"dns lookup failure: *try again later"),
	group(ReasonContentError, strong, "header size exceeds maximum permitted", "too many received: headers"),
	group(ReasonSecurityError, strong, "you don't authenticate or the domain isn't in my list"),
	group(ReasonVirusDetected, strong, "prohibited virus or spam content"),
	group(ReasonSpamDetected, strong, "sender domain listed at", "contains spam or virus"),
	group(ReasonRejected, strong, "denied [bouncedeny]", "secumail valid-address-filter", "senderfilterconfig",
		"rule imposed mailbox access for"),
	group(ReasonHostUnknown, strong, "recipient address rejected: unknown domain"),
	// Sendmail's "Deferred: Connection refused by <host>" is its text for
	// a TCP connection that the host refused, not a block list's refusal.
	group(ReasonExpired, strong, "deferred: connection refused by"),
	group(ReasonBlocked, strong,
		"bad sender ip address", "currently sending spam", "looks suspiciously like spammer",
		"no valid recipients from"),
	group(ReasonBlocked, strong,
		"unusual rate of unsolicited mail", "unusual rate of mail", "does not accept email over ipv6",
		"access denied, banned sending ip", "access denied, banned sender", "access denied, bad helo",
		"access denied, rejected by recipient", "access denied, please try again later",
		"using customer block list", "ip not in whitelist", "is not in the allowed list of senders",
		"permanently deferred", "deferred due to user complaints", "blocked using", "blocked - see",
		"not authorized to send email directly",
		":blocked)",
		// Postfix's HELO restrictions: what follows ("Host not found")
		// is about the sending host's name.
		"helo command rejected"),
	group(ReasonRejected, strong, "sender address has null mx", "badmailfrom", "envelope sender is in my"),
	group(ReasonSuspend, veto, "delivery temporarily suspended"),
	// Seed 004: a temporarily suspended or disabled account is a
	// temporary failure.
	temporary(ReasonSuspend, "temporarily suspended", "temporarily inactive", "temporarily locked",
		"temporary locked", "temporarily disabled", "temporarily deactivated"),
	group(ReasonHostUnknown, strong,
		"domain does not exist", "domain doesn't exist", "domain name does not exist",
		"dns domain does not exist", "no such domain", "ドメインが存在しません", "ドメインは存在しません"),
	group(ReasonNotAccept, strong, "null mx", "nullmx", "no mx found", "no mx record"),
	group(ReasonSpamDetected, strong, "spam classification", "classified as spam", "rejected as spam"),
	group(ReasonNetworkError, strong,
		"host not found, try again", "dns lookup failure*try again", "temporary dns failure",
		"message exceeded*hops", "too many hops", "hop count exceeded"),
	group(ReasonFailedSTARTTLS, strong,
		"certificate-expired", "certificate expired", "certificate validation", "certificate*failed",
		"tlsa-invalid", "dnssec-invalid", "certificate-host-mismatch", "starttls-not-supported", "remote certificate failed",
		"failed mta-sts validation", "mta-sts", "dane validation", "tlsa record"),
	group(ReasonExpired, strong,
		"connection expired, try reconnecting", "timeout - closing connection"),
	// Greylisting: the receiver defers unknown senders on purpose and
	// asks them to come back later, like a rate limit.
	// (Postgrey, SQLgrey, milter-greylist, Exim and Rspamd wordings.)
	greylisting("greylist", "graylist", "grey list", "gray list", "grey-list", "gray-list", "postgrey"),
	group(ReasonSpeeding, strong,
		"try again later, closing connection", "submission quota exceeded", "sending quota exceeded",
		"sending limit exceeded", "relay limit exceeded", "receiving mail too quickly",
		"has exceeded permitted limits", "recipient thread limit", "reached your daily limit",
		"too much mail from", // Postfix's smtpd_client_message_rate_limit
		"daily sending limit", "daily sending quota"),
	group(ReasonTooManyConn, strong, "maximum number of connections", "max message per connection",
		"concurrent connections", "concurrent server connections", "number of*connections",
		"outbound thread limit", "account service is temporarily unavailable"),
	group(ReasonSuspend, strong, "banned recipient", "mailbox cannot be accessed", " is no longer valid"),
	group(ReasonAuthFailure, strong, "spf sender invalid", "dkim sender invalid", "dmarc sender invalid",
		"failing*spf", "spf and dkim"),
	group(ReasonRejected, strong, "unresolvable rfc.5321", "unresolvable rfc5321", "blocked senders"),

	// Mailbox full.
	group(ReasonMailboxFull, strong,
		"mailbox full", "mailbox is full", "mailbox*full", "mailfolder is full", "full mailbox",
		"inbox is full", "inbox*full", "mailbox*over quota", "is over quota", "over quota", "over*quota",
		"quota exceeded", "quota*exceeded", "exceeded*quota", "exceeds*quota", "disk*quota",
		"maildir*quota", "mailbox*quota", "account is*quota", "quota violation", "quota full",
		"mailbox size limit exceeded", "mailbox exceeds allowed size", "mailbox has exceeded",
		"exceed maximum allowed storage", "mailbox*exceeded", "exceeded storage allocation", "out of storage space",
		"insufficient disk space", "not sufficient disk space", "no space left on device",
		"not enough*space", "has too many messages", "space has been used up", "too much mail data",
		"boite du destinataire pleine", "for exceeding receiving limits", "boîte pleine", "postfach voll", "casella piena",
		// A bare "容量超過" is also a message over the size limit
		// ("送信メールの容量超過"): the box must be named.
		"ボックス*容量", "受信容量"),

	// A size limit that the text says is the recipient's own (RFC 3463
	// X.2.3, "per-mailbox"); it goes before the general size phrases.
	// Each names the size and whose limit it is, so that "mailbox full
	// for this recipient" stays a full mailbox.
	group(ReasonExceedLimit, strong,
		"too large for this recipient", "too big for this recipient", "limit set by recipient",
		"limit set by the recipient", "recipsizelimit", "length exceeds administrative limit",
		"size exceeds administrative limit", "recipient's message size limit", "recipient's size limit"),

	// Message too big, per system or per message.
	group(ReasonMesgTooBig, strong,
		"message too big", "message too large", "message is too big", "message is too large",
		"message size exceeds", "message length exceeds", "message file too big",
		"exceeded maximum inbound message size", "maximum incoming message size",
		"message size limit", "max message size", "maximum message size", "message size*exceed",
		"exceeded*message size limit", "exceeds*message size limit", "size of your message*exceed",
		"email is too large", "email size*exceed", "maximum email size", "line limit exceeded",
		"size limit", "taille limite du message"),
	group(ReasonExceedLimit, strong,
		"message header size exceeds", "header size exceeds", "number of attachments*exceeds",
		"too many attachments", "per individual header size"),

	// Disabled or suspended mailboxes.
	group(ReasonSuspend, strong,
		" is currently suspended", "has been suspended", "account suspended", "account is suspended",
		"mailbox suspended", "mailbox currently suspended", "user suspended",
		"account has been disabled", "account is disabled", "account disabled", "mailbox disabled",
		"mailbox is disabled", "account*is disabled", "user account disabled", "disabled or discontinued",
		"user or domain is disabled", "inactive account", "account is inactive", "account inactive",
		"mailbox is inactive", "mailbox inactive", "account*is inactive", "is a deactivated mailbox",
		"mailbox is frozen", "inactive email", "inactive address", "inactive user", "inactive mailbox", "account is locked", "account locked",
		"user is terminated", "archived recipient", "invalid/inactive user",
		"mailbox unavailable or access denied", "this address no longer accepts mail",
		"recipient suspend the service", "boite du destinataire archivee", "account closed",
		"account has been closed", "account is closed", "mailbox closed", "mailbox has been closed",
		"has been deactivated", "was deactivated", "is deactivated", "due to inactivity",
		"account expired", "account has expired", "account is expired", "mailbox has expired",
		"is no longer active"),
	group(ReasonHasMoved, strong,
		" has been replaced by ", "mailbox has moved", "address has moved", "has moved*no forwarding",
		"no longer on server"),

	// Relaying.
	group(ReasonNoRelaying, strong,
		"relay access denied", "relaying denied", "open relay", "relay denied", "relay not permitted",
		"relaying not permitted", "relay not allowed", "relaying not allowed", "not permitted to relay",
		"not allowed to relay", "unable to relay", "cannot relay", "can't relay", "we do not relay",
		"no relaying", "as a relay", "insecure mail relay", "not an open relay", "relaying mail to ",
		"not configured to relay", "mail relay denied", "we don't handle mail for", "not a gateway",
		"specified domain is not allowed", "isn't in my list of allowed rcpthost", "not local host",
		"relaying to*prohibited", "relay*prohibited by administrator",
		"email address is not verified", "send to a non-local e-mail address"),
	group(ReasonNoRelaying, weak, "user not local", "is not local"),

	// SPF, DKIM and DMARC.
	group(ReasonAuthFailure, strong,
		"sender policy framework", "spf check", "spf validation", "spf record", "spf fail",
		"spf*fail", "fails to pass spf", "failed spf", "spf authentication", "//spf.", "spf=fail",
		" spf ", "dkim signature*fail", "dkim*did not pass", "dkim = did not pass", "no valid dkim",
		"dkim validation", "dkim check", "failed dkim", "dkim fail",
		"authentication checks", "required authentication level", "authentication requirements",
		"doesn't meet the authentication", "unauthenticated email", "not authenticated by the domain",
		"is not allowed to send from*spf", "not designated*permitted sender", "arc validation",
		"does not have authentication information", "authentication information",
		// Exim's documented SPF ACL ("SPF: <ip> is not allowed to send
		// mail from <domain>"); DKIM verifiers' "invalid signature".
		"spf:*is not allowed to send mail from", "invalid dkim", "dkim signature invalid", "dkim signature is invalid"),

	// Postfix's sender restrictions name the sender's address: what
	// follows ("User unknown in local recipient table") is about that
	// address, not the recipient's. It goes after the authentication
	// phrases, which say more about a refused sender.
	group(ReasonRejected, strong, "sender address rejected"),
	// Other servers' words for an unknown or refused sender, which also
	// hold the words of an unknown user ("550 5.7.0 Sender rejected: user
	// unknown", "553 Sorry, your sender address does not exist"): they
	// name the sender, so the recipient is not at fault. Decided as a
	// postmaster would: a false hard bounce suppresses a good recipient.
	group(ReasonRejected, strong,
		"sender rejected", "sender does not exist", "sender address does not exist",
		"sender's mailbox", "sender mailbox", "sender's address does not exist",
		"sender is unknown", "sender unknown", "unknown sender", "unrouteable sender", "unroutable sender",
		"sender's account", "sender account", "sender verify failed", "sender verification failed",
		"sender verify", "sender address is invalid", "sender address invalid", "invalid sender",
		"sender is invalid", "sender address is not valid", "sender is not a valid", "sending account",
		"sender not allowed", "sender is not allowed", "bad sender", "your account",
		"absender unbekannt", "absenderadresse", "absender-adresse", "expéditeur inconnu", "expediteur inconnu",
		"expéditeur invalide", "expediteur invalide"),

	// The recipient does not exist.
	group(ReasonUserUnknown, strong,
		"user unknown", "unknown user", "user is unknown", "unknown recipient", "recipient unknown",
		"unknown mailbox", "mailbox unknown", "address unknown", "unknown address",
		"unknown e-mail address", "unknown email address", "unknown local part", "unknown local-part",
		"no such user", "no such mailbox", "no such recipient", "no such address", "no such person",
		"no such account", "no such local user", "no mailbox here by that name",
		"no mailbox by that name", "no mailbox found", "no mail box available",
		"user not found", "recipient not found", "mailbox not found", "address not found",
		"account not found", "email address could not be found", "could not be found in",
		"user does not exist", "user doesn't exist", "user not exist", "mailbox does not exist",
		"mailbox doesn't exist", "address does not exist", "address doesn't exist",
		"recipient does not exist", "recipient doesn't exist", "recipient not exist",
		"account does not exist", "account doesn't exist", "does not exist here",
		"mailbox*does not exist", "user*does not exist", "account*does not exist",
		"recipient*does not exist", "rcpt*does not exist", "email address*does not exist",
		"invalid recipient", "invalid mailbox", "invalid address", "invalid user", "invalid-recipient",
		"address invalid", "address is invalid", "mailbox invalid", "recipient invalid",
		"not a valid recipient", "not a valid mailbox", "not a valid user", "not a valid address",
		"is not a known user", "not an active address", "no longer valid",
		"bad address", "bad recipient", "bad destination mailbox", "bad*recipient",
		"nonexistent user", "non-existent user", "non existent user", "nonexistent address",
		"non-existent address", "nonexistent mailbox", "non-existent mailbox",
		"recipient address rejected: access denied", "recipient address rejected: user",
		"recipient address rejected: unknown user", "recipient address rejected: invalid",
		"recipnotfound", "recipient not found by smtp address lookup", "adr.recipient",
		"address not present in directory", "not listed in the directory", "unknown or illegal alias",
		"can't accept user", "no valid recipients", "destination addresses were unknown",
		"recipient is not local", "not a local address", "user missing home directory",
		"badrcptto", "validrcptto", "badrecipientto", "no account by that name",
		"there is no one at this address", "user not active", "mailbox not present",
		"the user's email name is not found", "doesn't have a*account", "does not have a*account",
		"invalid or unknown virtual user", "invalid*userid", "invalid*user id", "not listed in*directory",
		"not listed in*address book", "address rejected*unknown", "unknown*in local recipient table",
		// In other languages, the phrases that name the recipient: a bare
		// "unbekannt", "no existe" or "存在しません" is also said of a
		// command, a host or a domain ("500 Befehl unbekannt", "El host
		// no existe", "ホストは存在しません").
		"5.1.0 address rejected", "utilisateur inconnu", "destinataire inconnu",
		"usuario no existe", "destinatario no existe", "cuenta no existe", "buz*n no existe",
		"direcci*n no existe", "correo no existe",
		"benutzer unbekannt", "nutzer unbekannt", "adresse unbekannt", "user unbekannt",
		"postfach unbekannt", "mailbox unbekannt", "konto unbekannt", "unbekannter benutzer",
		"unbekannter empf", "unbekannte adresse", "nger unbekannt",
		"nger-adresse nicht gefunden", "ngeradresse nicht gefunden", "mail-adresse nicht gefunden",
		"mailadresse nicht gefunden", "postfach nicht gefunden", "benutzer nicht gefunden",
		"nessun utente", "utente sconosciuto", "destinatario sconosciuto", "indirizzo sconosciuto",
		"casella sconosciuta",
		"ユーザは存在しません", "ユーザーは存在しません", "アドレスは存在しません", "宛先は存在しません",
		"アカウントは存在しません", "存在しないユーザ", "存在しないアドレス", "存在しないメールアドレス",
		"存在しない宛先", "宛先不明", "宛先のメールアドレスが存在しない", "アドレスが見つかりません",
		"mailbox has been deleted", "account has been deleted", "mailbox was deleted", "account was deleted"),
	group(ReasonUserUnknown, weak,
		"mailbox unavailable", "mailbox is unavailable", "mailbox not available", "recipient rejected",
		"recipient not accepted", "recipient is not accepted",
		"refuses to accept your mail", "envelope recipient has been denied", "does not exist",
		// Comcast's "551 not our customer": the code, when it names a
		// cause (5.1.6, moved), says more.
		"not our customer"),
	group(ReasonUserUnknown, fallback, "recipient address rejected"),

	// A filter of the recipient refused it.
	group(ReasonFiltered, strong,
		"message rejected due to user rules", "refuses to receive", "refuse to receive",
		"user reject", "blocked by the recipient",
		"due to recipient preferences", "only accepting mail from specific",
		"is not accepting any mail", "has restricted sms e-mail", "account is protected by",
		"bounced address", "message filtered", "recipient has blocked", "not found recipient account", "受信拒否"),

	// Reverse DNS.
	group(ReasonRequirePTR, strong,
		"ptr record", "ptr-record", "reverse dns", "reverse hostname", "reverse host name", "reverse-dns", "rdns", "reverse lookup",
		"reverse name", "cannot find your hostname", "can't find your hostname",
		"cannot resolve your address", "ip name lookup failed", "no ptr", "hostname lookup failed",
		"unresolvable relay host name", "forward dns entry does not point", "mismatches client ip",
		"unverifyable sending ip", "unverifiable sending ip", "reverse address",
		"does not match the ip address of the hostname"),

	// Not compliant with the message format RFCs.
	group(ReasonNotCompliantRFC, strong,
		"not rfc 5322 compliant", "rfc 5322 compliant", "rfc5322 compliant", "rfcmessagenoncompliant",
		"rfc 5322 section", "not rfc compliant", "not compliant with rfc", "duplicate header",
		"multiple*header", "multiple addresses in from", "missing a valid address in the from",
		"character in a disallowed header", "encoded-word syntax is not permitted", "rfc 5321 address",
		"message is malformed", "multiple*addresses in from", "message-id header", "messageid header", "missing a valid message"),

	// The sender's reputation.
	group(ReasonBadReputation, strong, "reputation"),

	// Malformed content.
	group(ReasonContentError, strong,
		"header size exceeds maximum permitted", "improper use of 8-bit data", "mime complexity",
		"invalid mime", "improperly-formatted binary", "unnecessary base64", "bare line feed",
		"bare lf", "bare <lf>", "invalid characters", "message contains invalid", "malformed message",
		"malformed mime", "content encoding", "8-bit data in header", "recipient list, exceeds policy limit"),

	// The envelope sender was refused.
	group(ReasonRejected, veto,
		"recipient address rejected", "sender ip address rejected", "5.1.0 address rejected"),
	group(ReasonRejected, strong,
		// ("sender address rejected", "sender rejected" and "sender
		// verify failed" come earlier, before the recipient's phrases.)
		"recipient addresses rejected : access denied", "sender was rejected", "sender denied",
		"sender email address rejected",
		"sender verification", "sender address verification", "invalid sender", "bad sender",
		"sender address is invalid", "sender domain", "sender's domain", "domain of sender",
		"sender address has been blacklisted", "sender blacklisted", "sender is blacklisted",
		"your email address has been blacklisted", "sender is in my black list", "sender is spammer",
		"sender not pre-approved", "unroutable sender address", "null sender is not allowed",
		"empty envelope sender", "bogus mail from", "mail from not owned by user",
		"returned mail not accepted here", "no third-party dsns", "unsigned dsn", "batv",
		"backscatter", "envelope blocked", "administrative prohibition",
		"access denied (in reply to mail from", "fully qualified email address required",
		"not allowed to post to this mailing list", "spam reporting address",
		"this server does not accept mail from", "not a registered gateway user",
		"from: domain is invalid", "can't determine purported responsible address",
		"sending this from a different address or alias", "emetteur invalide",
		"empty email address", "recursive cname records", "without a valid sender domain",
		"list of senders to accept mail from", "address that has been blacklisted",
		"delivery not authorized, message refused", "mail sending denied", "unknown sender address",
		"sender not in allowed", "allowed-senders list", "sender was not authenticated",
		"sender not authenticated", "does not exist e2110", "invalid domain, see <url:"),
	group(ReasonRejected, weak, "address rejected"),

	// The recipient's domain.
	group(ReasonHostUnknown, strong,
		"host unknown", "unknown host", "domain unknown", "unknown domain", "domain not found",
		"domain name not found", "host or domain name not found", "host not found",
		"name or service not known", "domain must exist", "domain is not reachable",
		"unroutable address", "unrouteable address", "mail domain mentioned in email address is unknown",
		"the account or domain may not exist", "no such host", "nxdomain", "553 *does not exist",
		"nonexistent domain", "non-existent domain", "mx records point to non-existent hosts",
		"host*not found"),

	// Spam filters.
	group(ReasonSpamDetected, strong,
		"spam detected", "detected as spam", "detected*as spam", "like spam", "- spam", "appears to be spam",
		"considered spam", "considered as spam", "classified as spam", "identified as spam",
		"scored as spam", "rejected as spam", "marked as spam", "is spam", "be spam", "seems to be a spam",
		"spam score", "spam points", "spamassassin", "spam content", "spam-like", "spam filter",
		"spam message", "spam not accepted", "spam refused", "spam rejection", "spam blocked",
		"spam check", "spamming not allowed", "too many spam", "too much spam", "suspected spam",
		"possible spam", "probable spam", "probability of spam", "spam probability",
		"spambouncer", "spamprofiler", "antispam", "anti-spam", "spam detection", "block for spam",
		"spam email", "we dont accept spam", "we don't accept spam",
		"unsolicited", "bulk mail", "bulk email", "bulk.advertising", "content filter",
		"message content rejected", "mail content denied", "rejecting mail content",
		"rejecting banned content", "unacceptable content", "blacklisted url", "url blacklisted",
		"uribl", "surbl", "recurrent pattern detection", "mail flood", "spam-like characteristics",
		"temporarily blocked by our filter", "triggered a spam block", "mail score*over",
		"nature of the content or the links", "content filter agent", "spam url",
		"dt:spm", "help_spam_16.htm", "message rejected for policy reasons", "rejected by*(spam)",
		"rule imposed as*is blacklisted on", "work.drbl.imedia.ru",
		"blocked for abuse. see http://att.net/blocks"),

	// Rate limits and connections.
	group(ReasonSpeeding, strong,
		"please try again slower", "rate limited", "rate limit", "rate-limit", "ratelimit",
		"receiving mail at a rate", "sending rate", "too fast", "too many messages",
		"too many emails", "too many mails", "frequency limited", "messages per hour",
		"messages per minute", "throttled", "throttling", "hourly*limit", "receive limit",
		"excessive volume"),
	group(ReasonTooManyConn, strong,
		"too many sessions", "too many smtp sessions", "connection limit", "maximum connections",
		"max connections", "too many recipients", "too many errors from your ip",
		"trop de connexions", "numerous attempts to deliver"),

	// The sending host or IP address is blocked.
	group(ReasonBlocked, strong,
		"blocked using", "blocklist", "block list", "blocklisted", "blacklist", "black list",
		"denylist", "deny list", "too many unwanted messages", "weren't sent", "invalid ip for sending", "dnsbl", "rbl", "spamhaus", "spamcop", "barracudacentral",
		"sorbs", "abuseat", "is listed", "listed in", "listed on", "listed at", "listed by",
		"banned", "your ip", "ip address*blocked", "ip*is blocked", "ip*has been blocked",
		"client host*blocked", "client host rejected", "helo command rejected", "rejected helo",
		"invalid helo", "bad helo", "helo/ehlo", "dynamic ip", "dynamic/zombied", "dial-up",
		"dialup", "residential", "open proxy", "your network", "not accepting connections",
		"not currently accepting mail from your ip", "you are not allowed to connect",
		"connection refused by", "refused to talk to me", "go away", "you are sending spam",
		"blocked for abuse", "is not allowed to send mail", "confirm this mail server",
		"use the smtp server of your isp", "host network not allowed", "no access from mail server",
		"server access forbidden", "access from ip address", "sending mta", "listed as abusive",
		"rejected based on blacklist", "poor ip profile", "bad ip profile", "ip is in",
		"ip address is", "sending ip", "dnsbl:", "sender ip address rejected", "connection reset by peer",
		"connection was dropped by remote host", "your server requires confirmation",
		"no matches to nameserver query", "refused - see http", "mail from*refused:",
		"your access ip*has been rejected"),
	group(ReasonSpamDetected, weak, " spam "),
	// "Access denied" names no cause beyond what X.7.1 ("delivery not
	// authorized") says: Sendmail's access map answers "<addr>... Access
	// denied" for a refused sender or recipient. It says blocked only
	// when no status code names the kind of refusal.
	group(ReasonBlocked, fallback, "access denied"),
	group(ReasonBlocked, weak,
		"connection dropped",
		"blocked by", "was blocked", "has been blocked", "is blocked", "are blocked", "blocked"),

	// Viruses.
	group(ReasonVirusDetected, strong,
		"virus", "malware", "infected", "executable attachment", "executable content",
		"used by recent viruses", "malicious", "phishing"),

	// Receiver policy.
	group(ReasonPolicyViolation, strong,
		"policy violation", "violates*policy", "violation of*policy", "local policy",
		"denied by policy", "for policy reasons", "rejected by policy", "organizational settings",
		"organization policy", "organisation policy", "security policies", "policy restrictions",
		"illegal attachment", "attachment type", "attachments are not allowed", "not allowed attachment",
		"closed mailing list", "members-only list", "not subscribed to this group", "mass mailer",
		"message given low priority", "header error", "header are not accepted", "protocol violation",
		"containing images or other attachments",
		"content presents a potential", "not accepting mail with", "captcha", "anti-spoofing", "spoofing",
		"message not allowed",
		"blocked by policy", "policy rejection", "prohibited by policy", "content policy",
		"has a policy that prohibited", "same message-id", "content examination"),

	// The receiver's system.
	group(ReasonSystemFull, strong, "mail system full", "system storage", "system is full", "disk full",
		"insufficient system resources"),
	group(ReasonSystemError, strong,
		"temporary local problem", "configuration error", "misconfigured", "config error",
		"it would create a mail loop", "loops back to myself", "loop was found in the mail exchanger",
		"forwarding loop broken", "internal error", "internal server error", "service currently unavailable",
		"timeout waiting for input", "interrupted system call", "queue file write error",
		"can't create user output file", "could not load drd", "no mdb",
		"encountered an error while being processed", "unable to connect*daemon",
		"internal system error", "temporary system problem", "multiple destination domains per transaction",
		"temporarily rejected this message", "temporarily rejected message", "policy size per transaction",
		"failed to be replicated", "suspiciousremoteservererror", "incorrectly configured",
		"agent busy", "service not active", "server busy",
		// qmail: qmail-queue failed on the receiving host.
		"qq temporary problem", "qq read error", "qq crashed"),
	group(ReasonSystemError, weak, "local error in processing", "transaction failed",
		"service not available, closing transmission channel", // RFC 5321's text for 421
		"server error", "system error", "temporarily unavailable", "resources temporarily",
		"unable to process", "message ended early"),
	group(ReasonNetworkError, strong,
		"mail forwarding loop", "forwarding loop count", "routing loop", "mail loop", "message looping", "loop detected",
		"no route to host", "host is unreachable", "host unreachable", "network is unreachable",
		"host name lookup failure", "name server reply", "unable to resolve route",
		"unrouteable mail domain", "dns records for the destination", "could not connect and send",
		"dns error", "dns failure", "dns lookup", "dns query failed", "connection reset", "lost connection",
		"connection closed"),
	group(ReasonNotAccept, strong,
		"does not accept mail", "doesn't accept mail", "accepts no mail", "null mx", "nullmx",
		"mail receiving disabled", "no mx record", "no route for current request",
		"smtp protocol returned a permanent error", "not accepting mail", "no smtp service",
		"no mail-enabled subscriptions", "not accepting network messages", "inbounds disabled"),
	group(ReasonExpired, strong,
		"connection timed out", "timed out", "timeout", "delivery expired", "delivery time expired",
		"message expired", "queue expired", "expired after", "retry timeout exceeded",
		"retry time not reached", "giving up on", "could not be delivered for*days",
		"in the queue too long", "in queue too long", "within the allowed queue period",
		"after multiple retries", "server did not respond", "delivery attempts will continue",
		"failed to deliver to domain", "could not find a gateway for", "failing for a long time",
		"has not been collected after", "message delayed", "has been delayed", "connection refused",
		"unable to connect", "not delivered within", "could not be delivered within"),
	// Exchange's "Connection dropped due to SocketError" is the network,
	// not a block ("connection dropped" alone is Sisimai's blocked); it
	// goes after the expired phrases, which name the outcome ("Message
	// expired, connection refused"). Gmail's "[… socket error]" beside
	// "did not accept our requests to connect" stays expired.
	group(ReasonNetworkError, strong, "socketerror", "dns resolution fail"),
	group(ReasonFailedSTARTTLS, strong,
		"starttls", "tls required", "tls is required", "requires tls", "require tls", "tls/ssl",
		"tls handshake", "tls negotiation", "ssl handshake", "encryption needed", "must use tls",
		"use tls", "requiretls", "certificate verif", "certificate is not trusted", "tls connection",
		"support tls", "support starttls", "requires encryption", "tls version", "ciphers",
		"cannot start tls", "tls not available"),
	group(ReasonSecurityError, strong,
		"authentication required", "authentication failed", "authentication failure", "authentication unsuccessful",
		"authentication credentials invalid", "authentication is required", "must authenticate",
		"unauthenticated senders not allowed", "you don't authenticate", "auth required",
		"smtp auth", "not authorized to send", "not authorised to send",
		"executable files are not allowed", "account not subscribed to ses",
		"is not authorized to perform ses", "is a dead domain", "verification failure",
		"encryption required", "too many login attempts", "application-specific password",
		"log in with your web browser", "log in through your web browser",
		"username and password not accepted", "no identity changes permitted",
		"client was not authenticated", "cannot achieve exchange server authentication",
		"incorrect authentication data", "failed to authenticate", "authentication turned on"),
	group(ReasonSecurityError, weak, "not authorized", "not authorised", "password", "credentials"),
	group(ReasonMailerError, strong,
		"procmail", "maildrop", "command failed", "command died with status", "mailer error",
		"pipe to |", "x-unix;", " || exit ", "command output:", "exit code", "exited with"),
	group(ReasonSyntaxError, weak,
		"syntax error", "command unrecognized", "command not recognized", "unrecognized command",
		"command not implemented", "bad sequence of commands", "parameter not implemented",
		"line too long", "unimplemented command", "helo first", "mail first", "rcpt first",
		"no data after bdat", "unrecognized authentication type", "too many unauthenticated commands",
		"send hello first", "improper sequence of commands", "malformed address"),

	// Requests to come back later that name no cause: a deferral
	// (greylisting, for a 4xx), decided only when nothing else is known.
	// (milter-greylist "Greylisting in action, please come back later",
	// Rspamd "Try again later", Exim and Postfix greylisting ACLs.)
	group(ReasonSpeeding, deferral,
		"try again later", "try later", "please try again", "retry later", "come back later",
		"try again in ", "resend later", "send again later", "retry in ", "veuillez réessayer", "réessayez plus tard",
		"versuchen sie es später", "später erneut"),

	// Auto-replies that reach a bounce handler.
	group(ReasonVacation, weak,
		"out of the office", "out of office", "on vacation", "auto-reply", "autoreply",
		"automatic reply", "away from the office"),
)

package bounce

import "slices"

// Outlook.com, Hotmail and Microsoft 365 (Exchange Online Protection).
// Outlook.com adds an "(S3150)"-like code to its block-list refusals and
// EOP an "AS(nnnn)" code to its anti-spam ones.
//
// Sources: https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online,
// https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx,
// https://support.sendgrid.com/hc/en-us/articles/38465017420955 (S3140/S3150),
// https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages
// (Exchange Server 2019) and https://technet.microsoft.com/en-us/library/bb232118
// (earlier versions).
var microsoftRules = slices.Concat(
	// "451 4.7.652 The mail server [IP] has exceeded the maximum number of
	// connections. (S3115)": a connection limit of the protocol filter,
	// which its text names; it goes before the filter's blocks.
	group(ReasonTooManyConn, strong, "(s3115)"),
	// "550 5.7.1 Unfortunately, messages from [IP] weren't sent. Please
	// contact your Internet service provider since part of their network
	// is on our block list (S3150)": an IP block by Microsoft's protocol
	// filter (S3113, S3114, S3140 and S3150 alike).
	group(ReasonBlocked, strong, "(s3113)", "(s3114)", "(s3140)", "(s3150)",
		// SC-002: "This mail server IP address has been blocked because of
		// the spam it sent"; SC-003: open proxy/relay; SC-004: "A block has
		// been placed against your IP address because we have received
		// complaints"; DY-001/DY-002: dynamic or compromised IPs.
		"sc-002", "sc-003", "sc-004", "dy-001", "dy-002",
		// 5.7.705: "Access denied, tenant has exceeded threshold". The
		// page says the majority of the tenant's traffic was found
		// suspicious and its sending was banned: a block, although
		// Sisimai's table reads the threshold as a rate (speeding).
		"tenant has exceeded threshold",
		// 5.7.25: "Access denied, the sending IPv6 address [IP] must have a
		// reverse DNS record" (Sisimai's table: blocked, the sending IP is
		// refused).
		"sending ipv6 address*must have a reverse dns record"),
	// 5.7.750: "Service unavailable. Client blocked from sending from
	// unregistered domains": the tenant sends from domains it has not
	// added and validated, so the sender is refused (Sisimai: rejected).
	group(ReasonRejected, strong, "blocked from sending from unregistered domains"),
	// "451 4.7.650 The mail server [IP] has been temporarily rate limited
	// due to IP reputation (S775)".
	group(ReasonBadReputation, strong, "(s775)"),
	// SC-001 and OU-001: "Mail rejected by Outlook.com for policy reasons".
	group(ReasonPolicyViolation, strong, "sc-001", "ou-001"),
	// OU-002: "Mail rejected ... for policy reasons. ... content".
	group(ReasonSpamDetected, strong, "ou-002"),
	// "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)":
	// Directory-Based Edge Blocking, the recipient is not in the tenant's
	// directory.
	group(ReasonUserUnknown, strong, "as(201806281)",
		"resolver.adr.recipientnotfound", "resolver.adr.exrecipnotfound", "resolver.adr.recipnotfound"),
	// "550 5.2.252 SendAsDenied; ... not allowed to send as": the sender's
	// own address.
	group(ReasonRejected, strong, "sendasdenied"),
	// "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException".
	group(ReasonMailboxFull, strong, "quotaexceededexception"),

	// The NDR tables of Exchange Online, Exchange Server 2019 and the
	// earlier versions (technet bb232118): the texts that no general rule
	// reads as Microsoft means them.
	//
	// Content: "554 5.3.0 Too many related errors" (the message went to
	// the poison queue), "5.4.11 Agent generated message depth exceeded",
	// "5.5.6 Invalid message content".
	group(ReasonContentError, strong, "too many related errors",
		"agent generated message depth exceeded", "invalid message content"),
	// "4.4.316 Connection refused [Message=Socket error code
	// 10061]" to the network of the receiving side. (Once the message
	// has expired, "5.4.316 Message expired, connection refused(Socket
	// error code 10061)" is the general rule's expired.)
	group(ReasonNetworkError, strong, "connection refused [message=socket error code"),
	// "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain":
	// the recipient's domain does not exist in DNS. Decided: hostunknown,
	// as the code 5.4.4 is a hard bounce in the seeds' table (unable to
	// route) and the words say the domain does not exist; a domain whose
	// DNS only fails for now gets 4.4.x.
	group(ReasonHostUnknown, strong, "smtpsend.dns.nonexistentdomain"),
	// "450 4.4.4 ... hosted tenant which has no mail-enabled
	// subscriptions", "554 5.3.2 STOREDRV.Deliver: Missing or bad
	// StoreDriver MDB properties" (the recipient is outside its address
	// book policy): the domain or mailbox takes no mail.
	group(ReasonNotAccept, strong, "no mail-enabled subscriptions", "missing or bad storedriver mdb properties"),
	// 5.0.350: "x-dg-ref header is too long" (Rich Text messages).
	group(ReasonPolicyViolation, strong, "x-dg-ref header is too long"),
	// The sender: 5.7.501-503 "Access denied, spam abuse detected" (the
	// sending account is banned), 5.7.512 "Access denied, message must be
	// RFC 5322 section 3.6.2 compliant" (no valid From:).
	group(ReasonRejected, strong, "access denied, spam abuse detected",
		"message must be rfc 5322 section 3.6.2 compliant"),
	// 5.2.122, earlier versions: "The recipient has exceeded their limit
	// for the number of messages they can receive per hour".
	group(ReasonTooManyConn, strong, "recipient has exceeded their limit for the number"),
	// "501 5.0.0 HELO / EHLO requires domain address": Sisimai's table has
	// it as a system error of earlier versions.
	group(ReasonSystemError, strong, "helo / ehlo requires domain address"),
	// 5.1.6: "Recipient addresses in single label domains not accepted";
	// 5.1.2, earlier versions: "Invalid X.400 address".
	group(ReasonUserUnknown, strong, "single label domains not accepted", "invalid x.400 address"),
	// Exchange sends its NDRs in the language of the organisation. The
	// localized texts of "The recipient's mailbox is full", "The email
	// address wasn't found" and "the recipient doesn't exist" (the same
	// phrases appear in Gmail's localized DSNs). Text rules fold only ASCII
	// case, so a Cyrillic pattern leaves out the first letter of a word
	// that a reply may capitalize ("ользователь" for "Пользователь").
	// A bare "n'existe pas" or "existiert nicht" is no Exchange phrase:
	// it also ends "le domaine n'existe pas" (hostunknown) and
	// "Absenderadresse existiert nicht" (the sender); rules_lang.go has
	// the forms that name the recipient.
	group(ReasonMailboxFull, strong,
		"buzón de correo del destinatario está lleno", "buzón lleno", "buzon lleno",
		"caixa de correio do destinatário está cheia", "caixa postal cheia", "caixa de correio cheia",
		"boîte aux lettres du destinataire est pleine", "boîte aux lettres pleine", "boite aux lettres pleine",
		"postfach des empfängers ist voll", "postfach ist voll",
		"casella di posta del destinatario è piena", "casella di posta piena",
		"ящик получателя переполнен", "ящик переполнен",
		"受信者のメールボックスがいっぱい", "收件人的邮箱已满"),
	group(ReasonUserUnknown, strong,
		"usuario desconocido", "dirección de correo electrónico no existe", "no se encontró la dirección",
		"usuário desconhecido", "usuario desconhecido", "endereço de email não foi encontrado",
		"conta de e-mail que você tentou acessar não existe",
		"adresse de messagerie est introuvable", "adresse introuvable",
		"e-mail-adresse wurde nicht gefunden",
		"indirizzo di posta elettronica non è stato trovato", "utente inesistente", "indirizzo inesistente",
		"дрес электронной почты не найден", "ользователь не найден", "ет такого пользователя",
		"メール アドレスが見つかりませんでした", "电子邮件地址不存在", "用户不存在", "收件人不存在"),
)

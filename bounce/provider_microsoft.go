package bounce

import "slices"

// Outlook.com, Hotmail and Microsoft 365 (Exchange Online Protection).
// Outlook.com adds an "(S3150)"-like code to its block-list refusals and
// EOP an "AS(nnnn)" code to its anti-spam ones.
//
// Sources: https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online,
// https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx,
// https://support.sendgrid.com/hc/en-us/articles/38465017420955 (S3140/S3150).
var microsoftRules = slices.Concat(
	// "550 5.7.1 Unfortunately, messages from [IP] weren't sent. Please
	// contact your Internet service provider since part of their network
	// is on our block list (S3150)": an IP block by Microsoft's protocol
	// filter (S3113-S3115, S3140 and S3150 alike).
	group(ReasonBlocked, strong, "(s3113)", "(s3114)", "(s3115)", "(s3140)", "(s3150)",
		// SC-002: "This mail server IP address has been blocked because of
		// the spam it sent"; SC-003: open proxy/relay; SC-004: "A block has
		// been placed against your IP address because we have received
		// complaints"; DY-001/DY-002: dynamic or compromised IPs.
		"sc-002", "sc-003", "sc-004", "dy-001", "dy-002",
		// 5.7.705: "Access denied, tenant has exceeded threshold"; 5.7.750:
		// "Client blocked from sending from unregistered domains".
		"tenant has exceeded threshold", "blocked from sending from unregistered domains"),
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
	// Exchange sends its NDRs in the language of the organisation. The
	// localized texts of "The recipient's mailbox is full", "The email
	// address wasn't found" and "the recipient doesn't exist" (the same
	// phrases appear in Gmail's localized DSNs). Text rules fold only ASCII
	// case, so a Cyrillic pattern leaves out the first letter of a word
	// that a reply may capitalize ("ользователь" for "Пользователь").
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
		"adresse de messagerie est introuvable", "adresse introuvable", "n'existe pas",
		"e-mail-adresse wurde nicht gefunden", "existiert nicht",
		"indirizzo di posta elettronica non è stato trovato", "utente inesistente", "indirizzo inesistente",
		"дрес электронной почты не найден", "ользователь не найден", "ет такого пользователя",
		"メール アドレスが見つかりませんでした", "电子邮件地址不存在", "用户不存在", "收件人不存在"),
)

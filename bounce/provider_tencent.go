package bounce

import "slices"

// QQ Mail and Tencent Exmail (qq.com, foxmail.com). Each reply names the
// cause in English and links a help page (service.mail.qq.com/detail/122/N).
//
// Source: https://service.mail.qq.com/detail/122 (退信代码说明), with the
// pages cited per entry.
var tencentRules = slices.Concat(
	// "550 Mailbox not found" (122/169); "550 Mailbox not found or access
	// denied" (Exmail): the address does not exist.
	group(ReasonUserUnknown, strong, "mailbox not found or access denied", "mailbox not found"),
	// "Bad address syntax" (122/167): the address given in the command is
	// not well formed, a syntax error (Sisimai's table says so too).
	group(ReasonSyntaxError, strong, "bad address syntax"),
	// "Mailbox unavailable or access denined" (122/166, QQ's own
	// spelling): the page asks the sender to slow down and retry.
	group(ReasonSpeeding, strong, "access denined"),
	// "Suspected bounce attacks" (122/57), "Suspected spam ip" (122/66),
	// "Connection denied" (122/170): the sending IP.
	group(ReasonBlocked, strong, "suspected bounce attack", "suspected spam ip", "connection denied"),
	// "Ip frequency limited" (122/172), "Domain frequency limited" (122/173),
	// "Sender frequency limited" (122/174), "Connection frequency limited"
	// (122/175).
	group(ReasonTooManyConn, strong, "ip frequency limited", "domain frequency limited",
		"sender frequency limited", "connection frequency limited"),
	// "frequency of receiving messages is limited" (122/1011): the
	// recipient receives too fast.
	group(ReasonSpeeding, strong, "frequency of receiving messages is limited"),
	// "Mail is rejected by recipients" (122/92): the recipient refuses
	// this sender; "Suspected spam" (122/71): the sender is refused as a
	// suspected spammer. The page's number is in the link QQ adds, and
	// the text alone ("suspected spam") is too common to read so.
	group(ReasonRejected, strong, "mail is rejected by recipients", "detail/122/71"),
	// "Spam is embedded in the email" (122/59), "Mail content denied"
	// (122/171).
	group(ReasonSpamDetected, strong, "spam is embedded in the email", "mail content denied"),
	// "SPF check failed" (122/72), "DMARC check failed".
	group(ReasonAuthFailure, strong, "dmarc check failed"),
	// Chinese texts of the same causes: 收件人不存在 / 邮箱不存在 (no such
	// mailbox), 邮箱已满 / 收件人邮箱空间已满 (full), 垃圾邮件 (spam), 发送频率过快
	// (too fast).
	group(ReasonUserUnknown, strong, "邮箱不存在", "收件人地址不存在", "账号不存在", "帐号不存在"),
	group(ReasonMailboxFull, strong, "邮箱已满", "邮箱空间已满", "邮箱容量已满", "收件容量满"),
	group(ReasonSpamDetected, strong, "垃圾邮件"),
	group(ReasonSpeeding, strong, "发送频率过快", "发信频率"),
)

package bounce

import "slices"

// Coremail, the mail system behind many Chinese mailbox services,
// universities and companies, and the Chinese hosted-mail providers whose
// help pages list the replies their users meet (263, the Sina blog list of
// SMTP replies with their Chinese meaning). Replies are short English
// phrases; localized DSNs are Chinese.
//
// Sources: https://www.icoremail.vip/support/index.php?cate_id=84 (Coremail's
// bounce help: "IP is rejected", "User suspended", "User in blacklist" …),
// https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html (each reply with its
// meaning: "550 black ip. (发信IP被禁止)", "550 user is locked. (邮箱被锁)",
// "552 message rejected by anti-spam engine"),
// https://www.emailhost.com.cn/service.html?article_category=25&brd=1,
// https://www.fobhost.com/jishuzhichi/jishuzhichi59.html,
// http://help.szhot.com/text_show.php?id=170.
var coremailRules = slices.Concat(
	// "IP is rejected", "550 black ip" (发信IP被禁止: the sending IP is
	// banned), "remote ip is forbidden" (发件人IP被屏蔽).
	group(ReasonBlocked, strong, "ip is rejected", "black ip", "remote ip is forbidden", "ip is hangup"),
	// "550 user is locked" (邮箱被锁: the mailbox is locked).
	group(ReasonSuspend, strong, "user is locked"),
	// "User in blacklist": Coremail's reply when the sender is on the
	// recipient's own block list; the page gives only the title, and a
	// recipient's list is the recipient's filter.
	group(ReasonFiltered, strong, "user in blacklist"),
	// "Content reject/Spam denied" (垃圾邮件退信), "552 too many same size
	// mails" (a burst of similar messages, taken as spam).
	group(ReasonSpamDetected, strong, "spam denied", "too many same size mails"),
	// "554 smtpport check error" (不是合法的邮件服务器: not a real mail
	// server).
	group(ReasonBlocked, strong, "smtpport check error"),
	// Chinese DSN texts: 邮箱已满 / 邮箱空间不足 / 容量已满 (full), 邮箱不存在 /
	// 帐号不存在 / 账号不存在 (no such box or account), 帐号被冻结 / 邮箱被锁 /
	// 帐号被禁用 (frozen, locked, disabled), 发信IP被禁止 / IP被屏蔽 (the IP is
	// banned), 垃圾邮件 (spam), 病毒 (virus), 发信频率 (sending frequency).
	group(ReasonMailboxFull, strong, "邮箱已满", "邮箱空间不足", "邮箱容量已满", "空间已满", "邮箱满了"),
	group(ReasonUserUnknown, strong, "邮箱不存在", "帐号不存在", "账号不存在", "账户不存在", "地址不存在"),
	group(ReasonSuspend, strong, "帐号被冻结", "账号被冻结", "邮箱被冻结", "邮箱被锁", "帐号被禁用", "账号被禁用", "邮箱已停用"),
	group(ReasonBlocked, strong, "ip被禁止", "ip被屏蔽", "ip被拒绝"),
	group(ReasonVirusDetected, strong, "病毒"),
	group(ReasonSpamDetected, strong, "垃圾邮件"),
	group(ReasonSpeeding, strong, "发信频率", "发送频率过高", "频率过高"),
)

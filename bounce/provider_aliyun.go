package bounce

import "slices"

// Alibaba Mail (阿里邮箱, Aliyun enterprise mail, mxhichina.com), one of the
// largest hosted-mail services in China. Its anti-spam answers name the
// stage that refused: "behaviour spam" is the sending behaviour (rate,
// IP reputation), "content spam" the message.
//
// Sources: http://bestwisewords.com/document_detail/36612.html (Aliyun's
// table of bounce texts, cause and remedy),
// http://sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html (the
// SMTP/MTA reply codes with their Chinese meaning),
// https://www.qcnsw.com/jcxq1944_142.html ("454 Transient reject by
// behaviour spam ... ANTISPAM_BAT ...: currently unexpected sending").
var aliyunRules = slices.Concat(
	// "554 Reject by behaviour spam" (发信行为被反垃圾拦截) and "454
	// Transient reject by behaviour spam" (临时拦截, retry later): the
	// sender's rate or IP reputation; the page asks to lower the sending
	// frequency. Blocked: the recipient is not at fault.
	group(ReasonBlocked, strong, "reject by behaviour spam", "antispam_bat"),
	// "554 Reject by content spam" (邮件内容被反垃圾判为垃圾邮件);
	// "spamed by local spam engine".
	group(ReasonSpamDetected, strong, "reject by content spam", "spamed by local spam engine"),
	// "554 RCPT (account) dosn't exist" (收件人不存在), with the address in
	// the brackets; the misspelling is Aliyun's own.
	group(ReasonUserUnknown, strong, "dosn't exist"),
	// "542 This account isn't allowed to receive email" (收件人不允许接收邮件):
	// the recipient's account may not receive; taken as suspended.
	group(ReasonSuspend, strong, "isn't allowed to receive email"),
	// "551 virus infected mail rejected".
	group(ReasonVirusDetected, strong, "virus infected mail rejected"),
)

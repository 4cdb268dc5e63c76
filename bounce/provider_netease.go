package bounce

import "slices"

// NetEase (163.com, 126.com, yeah.net, and NetEase's enterprise mail).
// Replies carry a code of two letters, a colon and three letters
// ("451 DT:SPM 163 mx, please try again").
//
// Source: NetEase's 退信代码说明 (https://help.mail.163.com/faq.do?m=list&categoryID=90),
// as quoted in https://biecuoliao.com/pa/MBRrwEM.html.
var neteaseRules = slices.Concat(
	// DT:SPM: "邮件正文带有垃圾邮件特征或发送环境缺乏规范性" (the message looks like
	// spam); DT:SUR: a URL of the message is on a block list.
	group(ReasonSpamDetected, strong, "dt:spm", "dt:sur"),
	// DT:RBL: "发信IP位于一个或多个RBL里"; HL:REP: the IP sent to many unknown
	// recipients; HL:MEP: the IP forged sender domains; HL:IHU: the IP is
	// suspended; HL:IPB and WM:BLI: the IP is not on NetEase's allowed list;
	// MI:CEL, RP:CEL: too many bad commands.
	group(ReasonBlocked, strong, "dt:rbl", "hl:rep", "hl:mep", "hl:ihu", "hl:ipb", "wm:bli",
		"mi:cel", "rp:cel"),
	// HL:ICC: "该IP同时并发连接数过大" (too many concurrent connections); MI:DMC,
	// RP:DRC: too many messages or recipients per connection; MI:CCL,
	// RP:CCL: too many commands per connection.
	group(ReasonTooManyConn, strong, "hl:icc", "mi:dmc", "rp:drc", "mi:ccl", "rp:ccl"),
	// HL:IFC, HL:IFQ: the IP sent too much in a short time; MI:SFQ: "发信人在
	// 15分钟内的发信数量超过限制"; RP:QRC, RP:TRC: too many recipients per day.
	group(ReasonSpeeding, strong, "hl:ifc", "hl:ifq", "mi:sfq", "rp:qrc", "rp:trc"),
	// WM:BLU: "此用户不在网易允许的发信用户列表里" (the sender is not allowed).
	group(ReasonRejected, strong, "wm:blu"),
	// MI:SPF, MI:DMA: the sender's SPF / DMARC check failed.
	group(ReasonAuthFailure, strong, "mi:spf", "mi:dma"),
	// MI:NHD: an invalid HELO name; MI:IMF: an invalid From header.
	group(ReasonBlocked, strong, "mi:nhd"),
	group(ReasonNotCompliantRFC, strong, "mi:imf"),
	// "550 User not found", "550 User suspended" (the same words as the
	// general rules), and the Chinese: 用户被锁定 (user locked).
	group(ReasonSuspend, strong, "用户被锁定", "邮箱被锁"),
)

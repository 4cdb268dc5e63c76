package bounce

import "slices"

// The Japanese mobile carriers: NTT docomo (docomo.ne.jp), au/KDDI
// (au.com, ezweb.ne.jp) and SoftBank (softbank.ne.jp, i.softbank.jp).
//
// The carriers answer a recipient's own filter ("受信拒否設定": rejection of
// domains or of PC mail) with the words of an unknown user: "550 Unknown
// user" (docomo), "550 : User unknown" (au). After the message was sent
// (DATA) the address was accepted, so the refusal is the recipient's
// filter: byCommand in classify.go turns a text's "user unknown" after
// DATA into filtered. What the words mean on the carriers' own servers
// otherwise (au's reply without an address, docomo's Status 5.2.0) is
// decided in host.go, where the recipient domain or the answering host
// says the reply is theirs. The rules here hold for every server.
//
// Sources: https://note.com/sendmagic/n/neb6bbe7e51cf (docomo),
// https://note.com/sendmagic/n/n875d8dcb6cb8 (au),
// https://note.com/sendmagic/n/n5afbf98aeb25 (SoftBank),
// https://support.ntt.com/mail/faq/detail/pid2300000e64,
// https://www.softbank.jp/mobile/support/antispam/wrestle/.
var japanRules = slices.Concat(
	// docomo: "552 Too much mail data": "宛先ユーザ側のメールボックスフル".
	group(ReasonMailboxFull, strong, "too much mail data"),
	// Japanese DSN texts: メールボックスがいっぱい / 容量不足 (box full), 送信数制限
	// (sending limit), 迷惑メール (spam), 受信を拒否 (refused by the recipient).
	group(ReasonMailboxFull, strong, "メールボックスがいっぱい", "容量が不足", "容量不足"),
	group(ReasonSpeeding, strong, "送信数制限", "送信制限"),
	group(ReasonSpamDetected, strong, "迷惑メールと判定", "迷惑メールとして"),
	// A virus found is the cause of a refusal that also says 受信を拒否
	// ("ウイルスが検出されたため受信を拒否しました"), so it goes first.
	group(ReasonVirusDetected, strong, "ウイルスが検出", "ウイルスを検出", "ウイルス感染"),
	group(ReasonFiltered, strong, "受信を拒否", "受信拒否設定"),
)

package bounce

import "testing"

// Realistic replies: a Postfix reply with an enhanced code, a bare code, a
// Gmail multi-line reply, and a 200-byte text without any code.
const (
	benchCode      = "550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
	benchShort     = "452 4.2.2 Mailbox full"
	benchBare      = "5.1.1"
	benchMultiline = "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser"
	benchText      = "Delivery to the following recipient failed permanently because the remote server mx.example.com replied that the destination mailbox is not available at this time; please verify the address and try once more."
)

func benchClassify(b *testing.B, s string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	builtin()
	reportCPU(b, func() { Classify(s) })
}

func BenchmarkClassifyCode(b *testing.B)      { benchClassify(b, benchCode) }
func BenchmarkClassifyShort(b *testing.B)     { benchClassify(b, benchShort) }
func BenchmarkClassifyBareCode(b *testing.B)  { benchClassify(b, benchBare) }
func BenchmarkClassifyMultiline(b *testing.B) { benchClassify(b, benchMultiline) }
func BenchmarkClassifyText200(b *testing.B) {
	if len(benchText) < 200 {
		b.Fatalf("benchText has %d bytes", len(benchText))
	}
	benchClassify(b, benchText)
}

// Replies in other scripts go through the rules with non-ASCII bytes,
// which the automaton does not hold.
const (
	benchJapanese = "550 5.1.1 次のあて先へのメッセージはエラーのため送信できませんでした。送信先メールアドレスが見つかりませんでした。メールアドレスをご確認の上、再送信してください。"
	benchRussian  = "550 5.1.1 Не удается доставить сообщение: адрес получателя не существует. Проверьте правильность написания адреса и повторите попытку позже."
)

func BenchmarkClassifyJapanese(b *testing.B) { benchClassify(b, benchJapanese) }
func BenchmarkClassifyRussian(b *testing.B)  { benchClassify(b, benchRussian) }

func BenchmarkClassifyParallel(b *testing.B) {
	b.ReportAllocs()
	builtin()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			Classify(benchCode)
		}
	})
}

func BenchmarkParseReply(b *testing.B) {
	b.ReportAllocs()
	reportCPU(b, func() { ParseReply(benchCode) })
}

func BenchmarkCompileRules(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		compile(builtinRules)
	}
}

// BenchmarkScan measures the automaton alone, without parsing and the
// choice among the hits: benchText (split in two runs) and the text of
// benchCode (one run).
func BenchmarkScan(b *testing.B) {
	m := builtin()
	for _, in := range []struct{ name, s string }{{"Text200", benchText}, {"Code", benchCode[len("550 5.1.1 "):]}} {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.s)))
			reportCPU(b, func() {
				var h hits
				m.scan(in.s, &h)
			})
		})
	}
}

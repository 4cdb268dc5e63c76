package dsn

import (
	"encoding/base64"
	"mime/quotedprintable"
	"strings"
	"testing"

	"github.com/emersion/go-message/charset"
)

// encodedSamples hold "メールボックスが一杯です" (the mailbox is full) or
// "Postfach voll – überfüllt" in each charset, as bytes; the test checks
// first that they decode to decodedSamples.
var encodedSamples = map[string]string{
	"iso-2022-jp":  "\x1b$B%a!<%k%\\%C%/%9$,0lGU$G$9\x1b(B",
	"shift_jis":    "\x83\x81\x81[\x83\x8b\x83{\x83b\x83N\x83X\x82\xaa\x88\xea\x94t\x82\xc5\x82\xb7",
	"euc-jp":       "\xa5\xe1\xa1\xbc\xa5\xeb\xa5\xdc\xa5\xc3\xa5\xaf\xa5\xb9\xa4\xac\xb0\xec\xc7\xd5\xa4\xc7\xa4\xb9",
	"windows-1252": "Postfach voll \x96 \xfcberf\xfcllt",
	"iso-8859-1":   "Postfach voll - \xfcberf\xfcllt",
}

var decodedSamples = map[string]string{
	"iso-2022-jp":  "メールボックスが一杯です",
	"shift_jis":    "メールボックスが一杯です",
	"euc-jp":       "メールボックスが一杯です",
	"windows-1252": "Postfach voll – überfüllt",
	"iso-8859-1":   "Postfach voll - überfüllt",
}

// TestCharsetsAndEncodings builds a bounce whose text part is in each
// charset and transfer encoding and checks that the diagnostic comes out
// decoded.
func TestCharsetsAndEncodings(t *testing.T) {
	// The samples above must decode to the expected text with the same
	// reader the parser uses; otherwise the table itself is wrong.
	for cs, enc := range encodedSamples {
		r, err := charset.Reader(cs, strings.NewReader(enc))
		if err != nil {
			t.Fatalf("charset.Reader(%s): %v", cs, err)
		}
		var b strings.Builder
		buf := make([]byte, 256)
		for {
			n, err := r.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if b.String() != decodedSamples[cs] {
			t.Fatalf("sample %s decodes to %q, want %q", cs, b.String(), decodedSamples[cs])
		}
	}
	for cs := range encodedSamples {
		for _, cte := range []string{"7bit", "8bit", "base64", "quoted-printable"} {
			if cte == "7bit" && cs != "iso-2022-jp" {
				continue
			}
			body := "<ruth@example.com>: host mx.example.com[192.0.2.7] said: 552 5.2.2 " + encodedSamples[cs] + "\n"
			switch cte {
			case "base64":
				body = base64.StdEncoding.EncodeToString([]byte(body)) + "\n"
			case "quoted-printable":
				var b strings.Builder
				w := quotedprintable.NewWriter(&b)
				w.Write([]byte(body))
				w.Close()
				body = b.String() + "\n"
			}
			head := "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
			part := "Content-Type: text/plain; charset=\"" + cs + "\"\nContent-Transfer-Encoding: " + cte + "\n\n" + body
			// The text as the whole mail, and as the first part of a
			// multipart (which dsn reads through textproto).
			for _, mail := range []string{
				head + part,
				head + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\n" + part + "--b1\n" +
					"Content-Type: message/rfc822\n\nFrom: ann@example.org\nMessage-ID: <m1@example.org>\n\nhello\n--b1--\n",
			} {
				rep, err := Parse(strings.NewReader(mail))
				if err != nil || len(rep.Recipients) != 1 {
					t.Errorf("Parse(%s, %s) = %v, %v; want one recipient", cs, cte, rep, err)
					continue
				}
				rc := rep.Recipients[0]
				if rc.FinalRecipient != "ruth@example.com" || !strings.Contains(rc.Diagnostic, decodedSamples[cs]) || rc.Status.String() != "5.2.2" {
					t.Errorf("Parse(%s, %s) = %s %v %q, want ruth@example.com 5.2.2 and %q", cs, cte, rc.FinalRecipient, rc.Status, rc.Diagnostic, decodedSamples[cs])
				}
			}
		}
	}
}

func TestEncodedSubject(t *testing.T) {
	mail := "From: MAILER-DAEMON@mx.example.org\nSubject: =?ISO-2022-JP?B?GyRCJWEhPCVrJSglaSE8GyhC?=\n\n<x@example.com>: 550 5.1.1 unknown\n\n--- Below this line is a copy of the message.\n\nFrom: a@example.net\nSubject: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?=\nMessage-ID: <enc@example.net>\n\nhi\n"
	rep, err := Parse(strings.NewReader(mail))
	if err != nil || rep.Original.Subject != "こんにちは" {
		t.Errorf("Parse() Original.Subject = %q, %v, want こんにちは", rep.Original.Subject, err)
	}
}

// TestCharsetNotASCII checks that text in a charset that does not write
// ASCII as ASCII is decoded even when its bytes look like ASCII: the
// parser skips decoding only for ASCII-compatible charsets.
func TestCharsetNotASCII(t *testing.T) {
	tests := []struct {
		name, charset, body string
	}{
		// "~{" … "~}" switch HZ-GB-2312 to GB2312 in 7-bit bytes.
		{"hz", "hz-gb-2312", "~{<:Ky2;S{#,NR2;R*!#~}"},
		{"utf-16be", "utf-16be", "\x00u\x00s\x00e\x00r\x00 \x00u\x00n\x00k\x00n\x00o\x00w\x00n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := charset.Reader(tt.charset, strings.NewReader(tt.body))
			if err != nil {
				t.Skipf("charset.Reader(%s): %v", tt.charset, err)
			}
			var b strings.Builder
			buf := make([]byte, 64)
			for {
				n, err := r.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			if b.String() == tt.body {
				t.Fatalf("sample %s decodes to itself", tt.name)
			}
			mail := "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
				"Content-Type: multipart/mixed; boundary=b1\n\n--b1\nContent-Type: text/plain; charset=" + tt.charset + "\n\n" +
				tt.body + "\n--b1--\n"
			if got := walkedText(mail); !strings.Contains(got, b.String()) {
				t.Errorf("walk(%s) text = %q, want %q", tt.name, got, b.String())
			}
		})
	}
}

// walkedText returns the text that the MIME walk collects from mail.
func walkedText(mail string) string {
	lr := &lineReader{r: strings.NewReader(mail), n: 1 << 20}
	h, _ := readRawHeader(lr, 1<<20, nil)
	s := (&Parser{}).newState(h)
	s.lr = lr
	s.walk(&h, lr, 0)
	return string(s.text)
}

// TestMislabelledCharset checks that Japanese text whose bytes do not
// fit its declared charset is decoded as what its bytes are.
func TestMislabelledCharset(t *testing.T) {
	tests := []struct {
		name, label, bytes string // bytes: a key of encodedSamples
	}{
		{"iso-2022-jp labelled euc-jp", "; charset=EUC-JP", "iso-2022-jp"},
		{"iso-2022-jp labelled shift_jis", "; charset=Shift_JIS", "iso-2022-jp"},
		{"iso-2022-jp labelled x-sjis", "; charset=x-sjis", "iso-2022-jp"},
		{"iso-2022-jp labelled us-ascii", "; charset=us-ascii", "iso-2022-jp"},
		{"iso-2022-jp without charset", "", "iso-2022-jp"},
		{"euc-jp labelled iso-2022-jp", "; charset=iso-2022-jp", "euc-jp"},
		{"shift_jis labelled iso-2022-jp", "; charset=ISO-2022-JP", "shift_jis"},
		{"euc-jp as labelled", "; charset=euc-jp", "euc-jp"},
		{"shift_jis as labelled", "; charset=shift_jis", "shift_jis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mail := "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
				"Content-Type: multipart/mixed; boundary=b1\n\n--b1\nContent-Type: text/plain" + tt.label + "\n\n" +
				"<ruth@example.com>: 552 5.2.2 " + encodedSamples[tt.bytes] + "\n--b1--\n"
			rep, err := Parse(strings.NewReader(mail))
			if err != nil || len(rep.Recipients) != 1 {
				t.Fatalf("Parse(%s) = %v, %v; want one recipient", tt.name, rep, err)
			}
			if d, want := rep.Recipients[0].Diagnostic, decodedSamples[tt.bytes]; !strings.Contains(d, want) {
				t.Errorf("Parse(%s) diagnostic = %q, want %q", tt.name, d, want)
			}
		})
	}
}

func TestSniffCharset(t *testing.T) {
	tests := []struct {
		cs, raw, want string
	}{
		{"euc-jp", encodedSamples["iso-2022-jp"], "iso-2022-jp"},
		{"", encodedSamples["iso-2022-jp"], "iso-2022-jp"},
		{"euc-jp", encodedSamples["euc-jp"], "euc-jp"},
		{"euc-jp", "plain ascii", "euc-jp"},
		{"utf-8", encodedSamples["iso-2022-jp"], "utf-8"},
		{"iso-2022-jp", encodedSamples["iso-2022-jp"], "iso-2022-jp"},
		{"iso-2022-jp", encodedSamples["euc-jp"], "euc-jp"},
		{"iso-2022-jp", encodedSamples["shift_jis"], "shift_jis"},
		{"iso-2022-jp", "メール", "iso-2022-jp"}, // UTF-8: left to the decoder
		{"iso-2022-jp", "ascii", "iso-2022-jp"},
		{"euc-jp", "\x1b$B" + encodedSamples["euc-jp"], "euc-jp"}, // 8-bit: not ISO-2022-JP
		{"euc-jp", "\x1b(B only", "euc-jp"},
		{"iso-8859-1", encodedSamples["iso-8859-1"], "iso-8859-1"},
	}
	for _, tt := range tests {
		if got := sniffCharset(tt.cs, []byte(tt.raw)); got != tt.want {
			t.Errorf("sniffCharset(%q, %q) = %q, want %q", tt.cs, tt.raw, got, tt.want)
		}
	}
}

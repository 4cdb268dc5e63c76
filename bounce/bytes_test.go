package bounce

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The word-at-a-time helpers against the byte-at-a-time definitions, on
// every length up to 80 (both sides of the 8-byte words and of the 64-byte
// switch to strings.IndexByte) with the interesting byte at each position.

func refHasNewline(s string) bool { return strings.ContainsAny(s, "\r\n") }

func refHasHigh(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// bytesTexts returns texts of every length up to 80 made of filler, each
// also with one of specials at every position.
func bytesTexts(filler string, specials ...byte) []string {
	var ins []string
	for n := 0; n <= 80; n++ {
		base := strings.Repeat(filler, n/len(filler)+1)[:n]
		ins = append(ins, base)
		for i := 0; i < n; i++ {
			for _, c := range specials {
				ins = append(ins, base[:i]+string([]byte{c})+base[i+1:])
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 2000; k++ {
		b := make([]byte, rng.IntN(90))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		ins = append(ins, string(b))
	}
	return ins
}

func TestHasNewline(t *testing.T) {
	// Tabs and other control bytes below 0x0e are the false positives
	// of the word test; 0x8d and 0x8a have the low bits of CR and LF.
	for _, s := range bytesTexts("ab\tc", '\n', '\r', '\t', 0x0b, 0x0e, 0x8a, 0x8d, 0xff, 0) {
		if got, want := hasNewline(s), refHasNewline(s); got != want {
			t.Errorf("hasNewline(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestHasHigh(t *testing.T) {
	for _, s := range bytesTexts("mail box", 0x80, 0xff, 0x7f, 0xc3) {
		if got, want := hasHigh(s), refHasHigh(s); got != want {
			t.Errorf("hasHigh(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{" \t\r\n", ""},
		{"550 5.1.1 x", "550 5.1.1 x"},
		{" \t550 x \r\n", "550 x"},
		{"\v550\f", "\v550\f"}, // only space, tab, CR and LF are trimmed
		{"\x00x\x1f", "\x00x\x1f"},
		{"  a  b  ", "a  b"},
	}
	for _, tt := range tests {
		if got := trimSpace(tt.in); got != tt.want {
			t.Errorf("trimSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScanNum(t *testing.T) {
	tests := []struct {
		in    string
		wantV uint16
		wantN int
	}{
		{"", 0, 0},
		{"x", 0, 0},
		{"1", 1, 1},
		{"1.", 1, 1},
		{"12", 12, 2},
		{"12x", 12, 2},
		{"123", 123, 3},
		{"999 ", 999, 3},
		{"1234", 0, 0}, // more than three digits
		{"0012", 0, 0},
		{"007", 7, 3},
	}
	for _, tt := range tests {
		if v, n := scanNum(tt.in); v != tt.wantV || n != tt.wantN {
			t.Errorf("scanNum(%q) = %d, %d, want %d, %d", tt.in, v, n, tt.wantV, tt.wantN)
		}
	}
}

func TestDiagnosticType(t *testing.T) {
	tests := []struct{ in, typ, rest string }{
		{"smtp; 550 5.1.1 x", "smtp", "550 5.1.1 x"},
		{"X-Postfix; host said", "X-Postfix", "host said"},
		{"550 5.1.1 x; y", "", "550 5.1.1 x; y"},
		{"; x", "", "; x"},
		{"x-unix;", "x-unix", ""},
		{"smtp_x; y", "", "smtp_x; y"},
		{strings.Repeat("a", 32) + "; y", "", strings.Repeat("a", 32) + "; y"},
	}
	for _, tt := range tests {
		if typ, rest := diagnosticType(tt.in); typ != tt.typ || rest != tt.rest {
			t.Errorf("diagnosticType(%q) = %q, %q, want %q, %q", tt.in, typ, rest, tt.typ, tt.rest)
		}
	}
}

func TestHas2to5(t *testing.T) {
	// Every byte value at every position of words of other bytes, and
	// random words.
	fills := []byte{0, '1', '6', ' ', 0x7f, 0x80, 0xb2, 0xff}
	check := func(w [8]byte) {
		want := false
		for _, c := range w {
			if '2' <= c && c <= '5' {
				want = true
			}
		}
		if got := has2to5(word(string(w[:]))); got != want {
			t.Errorf("has2to5(%q) = %v, want %v", w[:], got, want)
		}
	}
	for _, f := range fills {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var w [8]byte
				for i := range w {
					w[i] = f
				}
				w[pos] = byte(c)
				check(w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for k := 0; k < 100000; k++ {
		var w [8]byte
		for i := range w {
			w[i] = byte(rng.IntN(256))
		}
		check(w)
	}
}

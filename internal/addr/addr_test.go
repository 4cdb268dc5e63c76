package addr

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in       string
		keepCase bool
		want     string
	}{
		{"user@example.com", false, "user@example.com"},
		{"User@Example.COM", false, "user@example.com"},
		{"User@Example.COM", true, "User@example.com"},
		{" \tuser@example.com\r\n", false, "user@example.com"},
		{"<user@example.com>", false, "user@example.com"},
		{"< user@example.com >", false, "user@example.com"},
		{"user@example.com.", false, "user@example.com"},
		{"user+tag@sub.example.org", false, "user+tag@sub.example.org"},
		{"o'neil@example.net", false, "o'neil@example.net"},
		{"user@localhost", false, "user@localhost"},
		{"user@bücher.example", false, "user@xn--bcher-kva.example"},
		{"user@BÜCHER.EXAMPLE", false, "user@xn--bcher-kva.example"},
		{"user@xn--bcher-kva.example", false, "user@xn--bcher-kva.example"},
		{"user@例え.テスト", false, "user@xn--r8jz45g.xn--zckzah"},
		{"user@ｅｘａｍｐｌｅ.com", false, "user@example.com"}, // full-width letters map (UTS #46)
		{"Ünïcode@example.com", false, "ünïcode@example.com"},
		{"Ünïcode@example.com", true, "Ünïcode@example.com"},
		{"x@[192.0.2.1]", false, "x@[192.0.2.1]"},
		{"x@[IPv6:2001:DB8::1]", false, "x@[ipv6:2001:db8::1]"},
		{strings.Repeat("a", 64) + "@example.com", false, strings.Repeat("a", 64) + "@example.com"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in, tt.keepCase)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q, %v) = %q, %v, want %q", tt.in, tt.keepCase, got, err, tt.want)
		}
	}
}

func TestNormalizeInvalid(t *testing.T) {
	tests := []string{
		"",
		" ",
		"<>",
		"user",
		"@example.com",
		"user@",
		"a@b@example.com",
		"us er@example.com",
		"user@exa mple.com",
		"user\x00@example.com",
		"user\x7f@example.com",
		"user@example..com",
		"user@.example.com",
		"user@-example.com",
		"user@example-.com",
		"user@exa_mple.com",
		"user@xn--zz.example", // invalid punycode
		"user@ab--cd.example", // hyphens in positions 3 and 4
		"\xff@example.com",
		"user@example.com\xff",
		"ü\u00a0@example.com",
		"<user@example.com",
		"x@[192.0.2.1",
		"x@[1{2}]",
		strings.Repeat("a", 65) + "@example.com",
		"a@" + strings.Repeat("b", 64) + ".example",
		"a@" + strings.Repeat("abcdefghi.", 26) + "example",
		strings.Repeat("a", 2000) + "@example.com",
	}
	for _, in := range tests {
		if got, err := Normalize(in, false); err == nil {
			t.Errorf("Normalize(%q) = %q, nil, want an error", in, got)
		}
	}
}

func TestNormalizeAllocs(t *testing.T) {
	for _, in := range []string{"user@example.com", "user.name+tag@mail.example.org", "User@example.com"} {
		keep := in[0] == 'U'
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Normalize(in, keep); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Normalize(%q, %v) allocates %v times, want 0", in, keep, allocs)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"user@example.com", "User@BÜCHER.example", "<x@[192.0.2.1]>", "a@xn--bcher-kva.example", "ü@例え.テスト", "bad", "@", "a@b..c"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, keep bool) {
		out, err := Normalize(in, keep)
		if err != nil {
			return
		}
		if len(out) > MaxLen || !utf8.ValidString(out) || strings.ContainsAny(out, " \t\r\n") {
			t.Fatalf("Normalize(%q) = %q: too long, invalid UTF-8 or contains space", in, out)
		}
		again, err := Normalize(out, keep)
		if err != nil || again != out {
			t.Fatalf("Normalize(Normalize(%q) = %q) = %q, %v, want it unchanged", in, out, again, err)
		}
		if isNormal(in, keep) && out != in {
			t.Fatalf("isNormal(%q) = true, but Normalize gives %q", in, out)
		}
		if full, err := Normalize(" "+in, keep); err != nil || full != out {
			t.Fatalf("Normalize(%q) = %q, but the full path gives %q, %v", in, out, full, err)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	for _, in := range []string{"user@example.com", "User@Example.COM", "user@bücher.example"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Normalize(in, false)
			}
		})
	}
}

// TestIsNormal checks that the fast path agrees with the full one.
func TestIsNormal(t *testing.T) {
	for _, in := range []string{
		"user@example.com", "User@example.com", "a@b", "a@b.", "a@-b.c", "a@b-.c", "a@ab--c.d", "a@xn--bcher-kva.example",
		"a.b+c_d!#$%&'*/=?^`{|}~@x.y", "<a@b.c>", " a@b.c", "a@b..c", "@b.c", "a@", "a@B.c", "a@b_c.d",
		strings.Repeat("a", 64) + "@b.c", strings.Repeat("a", 65) + "@b.c", "a@" + strings.Repeat("b", 63) + ".c",
		"a@" + strings.Repeat("b", 64) + ".c", "ü@b.c",
	} {
		for _, keep := range []bool{false, true} {
			full, err := Normalize(" "+in, keep) // the space forces the full path
			fast := isNormal(in, keep)
			if fast && (err != nil || full != in) {
				t.Errorf("isNormal(%q, %v) = true, but the full path gives %q, %v", in, keep, full, err)
			}
		}
	}
	for _, in := range []string{"user@example.com", "first.last+tag@mail.example.org"} {
		if !isNormal(in, false) {
			t.Errorf("isNormal(%q, false) = false, want true (the fast path)", in)
		}
	}
}

// TestToASCII checks that ToASCII gives domains the form Normalize gives
// them, so that hygiene and the stores agree.
func TestToASCII(t *testing.T) {
	for _, d := range []string{"example.com", "Example.COM", "bücher.example", "BÜCHER.EXAMPLE", "例え.テスト", "ｅｘａｍｐｌｅ.com", "xn--bcher-kva.example", "Example.COM.", "[192.0.2.1]"} {
		got, err := ToASCII(d)
		if err != nil {
			t.Errorf("ToASCII(%q) error: %v", d, err)
			continue
		}
		n, err := Normalize("x@"+d, false)
		if want := strings.TrimPrefix(n, "x@"); err != nil || got != want {
			t.Errorf("ToASCII(%q) = %q, want %q as Normalize gives (err %v)", d, got, want, err)
		}
	}
	for _, d := range []string{"a..example", strings.Repeat("a", 64) + ".example", strings.Repeat("abcdefghi.", 26) + "example", "-bad.example", "example.com..", "0..", ".example.com", ""} {
		if got, err := ToASCII(d); err == nil {
			t.Errorf("ToASCII(%q) = %q, nil, want an error", d, got)
		}
	}
}

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"ann@Example.COM":    "example.com",
		"<ann@example.jp>":   "example.jp",
		"a@b@mx.example.org": "mx.example.org",
		"no-at":              "",
		"":                   "",
	} {
		if got := Domain(in); got != want {
			t.Errorf("Domain(%q) = %q, want %q", in, got, want)
		}
	}
}

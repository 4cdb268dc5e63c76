package pgstore

import (
	"strings"
	"testing"
)

func TestCursor(t *testing.T) {
	valid := [][3]string{
		{"user@example.com", "", ""},
		{"user@example.com", "acme", ""},
		{"ünïcode@xn--bcher-kva.example", "acme", "news, weekly"},
		{"a@b", "", "shared \"quoted\""},
	}
	for _, k := range valid {
		c := encodeCursor(k[0], k[1], k[2])
		if got, ok := decodeCursor(c); !ok || got != k {
			t.Errorf("decodeCursor(encodeCursor(%q)) = %q, %v, want %q, true", k, got, ok, k)
		}
	}
	invalid := []string{
		"not a cursor!",
		"",
		"dXNlckBleGFtcGxlLmNvbQ", // one part
		"AGFjbWUAbmV3cw",         // empty address
		"dQBhAGIAYw",             // four parts
		strings.Repeat("%", 10),
	}
	for _, c := range invalid {
		if got, ok := decodeCursor(c); ok {
			t.Errorf("decodeCursor(%q) = %q, true, want false", c, got)
		}
	}
}

func FuzzCursor(f *testing.F) {
	f.Add("user@example.com", "acme", "news")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, addr, tenant, list string) {
		c := encodeCursor(addr, tenant, list)
		got, ok := decodeCursor(c)
		clean := addr != "" && !strings.Contains(addr+tenant+list, "\x00")
		if ok != clean || ok && got != [3]string{addr, tenant, list} {
			t.Fatalf("decodeCursor(encodeCursor(%q, %q, %q)) = %q, %v", addr, tenant, list, got, ok)
		}
	})
}

package dsn

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// sniffCharset returns the charset to decode raw with when the declared
// one, cs (lower case, "" when none), does not fit its bytes, and cs
// otherwise. It corrects only the mislabellings of Japanese mail seen in
// bounces; the decoding itself is go-message's charset package.
//
// QUIRK(au/KDDI, other Japanese carriers): text in ISO-2022-JP (7-bit,
// switched to JIS X 0208 by "ESC $ B") labelled EUC-JP, Shift_JIS,
// US-ASCII or nothing; read as labelled, the kanji would come out as
// ASCII letters.
// QUIRK(EZweb): 8-bit EUC-JP or Shift_JIS text labelled ISO-2022-JP.
func sniffCharset(cs string, raw []byte) string {
	if strings.HasPrefix(cs, "iso-2022-jp") {
		if bytes.IndexByte(raw, 0x1b) >= 0 || !has8bit(raw) || utf8.Valid(raw) {
			return cs
		}
		if isEUCJP(raw) {
			return "euc-jp"
		}
		return "shift_jis"
	}
	if strings.HasPrefix(cs, "iso-2022-") || strings.HasPrefix(cs, "utf-") {
		return cs
	}
	if hasJISEscape(raw) && !has8bit(raw) {
		return "iso-2022-jp"
	}
	return cs
}

// hasJISEscape reports whether raw holds an ISO-2022-JP designation of
// JIS X 0208 ("ESC $ B", "ESC $ @") or JIS X 0212 ("ESC $ ( D").
func hasJISEscape(raw []byte) bool {
	for {
		i := bytes.IndexByte(raw, 0x1b)
		if i < 0 || i+2 >= len(raw) {
			return false
		}
		if raw[i+1] == '$' && (raw[i+2] == 'B' || raw[i+2] == '@' || raw[i+2] == '(') {
			return true
		}
		raw = raw[i+1:]
	}
}

func has8bit(raw []byte) bool {
	for _, c := range raw {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// isEUCJP reports whether every 8-bit byte of raw is part of an EUC-JP
// character: two bytes in 0xA1–0xFE, or 0x8E (half-width kana) or 0x8F
// (JIS X 0212) before them. Shift_JIS text nearly always has a lead byte
// in 0x81–0x9F or a trail byte below 0xA1.
func isEUCJP(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c < 0x80 {
			continue
		}
		switch {
		case c == 0x8e:
			if i+1 >= len(raw) {
				return true // cut short
			}
			if raw[i+1] < 0xa1 || raw[i+1] > 0xdf {
				return false
			}
			i++
		case c == 0x8f:
			if i+2 >= len(raw) {
				return true
			}
			if raw[i+1] < 0xa1 || raw[i+2] < 0xa1 || raw[i+1] == 0xff || raw[i+2] == 0xff {
				return false
			}
			i += 2
		case c >= 0xa1 && c <= 0xfe:
			if i+1 >= len(raw) {
				return true
			}
			if raw[i+1] < 0xa1 || raw[i+1] > 0xfe {
				return false
			}
			i++
		default:
			return false
		}
	}
	return true
}

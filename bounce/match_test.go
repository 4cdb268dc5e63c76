package bounce

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// serialScan is scan with feedSerial alone: the reference for feedSplit.
func (m *matcher) serialScan(s string, h *hits) {
	sc := m.start()
	m.feedSerial(&sc, s, h)
	m.space(&sc, h)
	if len(m.wide) > 0 && sc.high >= 0x80 {
		m.scanWide(s, h)
	}
}

// splitTexts returns texts that drive feedSplit down each of its paths:
// runs that meet early, late and never, second halves with more outputs
// than it holds back, and runs of white space across the middle.
func splitTexts() []string {
	m := builtin()
	rng := rand.New(rand.NewPCG(1, 2))
	phrase := func() string {
		p := m.rules[rng.IntN(len(m.rules))].pat
		return strings.ReplaceAll(p, "*", " and ")
	}
	noise := []string{" ", "  ", "\t", "\r\n ", "x", "550 5.1.1 ", "<a@example.com>", ": ", "mail", "user ", "é"}
	var ins []string
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for b.Len() < 20+rng.IntN(300) {
			if rng.IntN(2) == 0 {
				b.WriteString(phrase())
			} else {
				b.WriteString(noise[rng.IntN(len(noise))])
			}
		}
		s := b.String()
		if rng.IntN(4) == 0 {
			s = strings.ToUpper(s)
		}
		ins = append(ins, s)
	}
	// Many outputs in the second half.
	ins = append(ins, strings.Repeat("x", 40)+strings.Repeat("mailbox full user unknown ", 8))
	// A long pattern across the middle: the runs meet late or never.
	long := strings.ReplaceAll(m.rules[0].pat, "*", " ")
	for _, r := range m.rules {
		if p := strings.ReplaceAll(r.pat, "*", " "); len(p) > len(long) && !isWide(p) {
			long = p
		}
	}
	for k := 0; k < len(long); k++ {
		ins = append(ins, long[:k]+long+strings.Repeat(" ", k), strings.Repeat(long, 3)[k:])
	}
	return ins
}

func TestFeedSplitAgrees(t *testing.T) {
	m := builtin()
	for _, s := range splitTexts() {
		var got, want hits
		m.scan(s, &got)
		m.serialScan(s, &want)
		if got != want {
			t.Errorf("scan(%q) = %+v, want %+v", s, got, want)
		}
	}
}

// TestLongTextAllocs pins the split scan of long texts to zero allocations.
func TestLongTextAllocs(t *testing.T) {
	for _, in := range []string{benchText, strings.Repeat(benchCode+" ", 4), benchMultiline + "\r\n550 " + benchText} {
		if len(in) < minSplit {
			t.Fatalf("input of %d bytes does not reach minSplit", len(in))
		}
		if n := testing.AllocsPerRun(100, func() { Classify(in) }); n != 0 {
			t.Errorf("Classify(%q) allocates %v times, want 0", in, n)
		}
	}
}

// TestScanWideIndex checks that the index of the non-ASCII rules finds
// what looking for every one of them in the whole text finds, on the
// localized replies and on texts with the rules' own words in them.
func TestScanWideIndex(t *testing.T) {
	m := builtin()
	texts := []string{benchJapanese, benchRussian, "Don\u2019t have an account", "\u2019\u2019\u2019"}
	for _, r := range langReplies {
		texts = append(texts, r.in, strings.ToUpper(r.in))
	}
	for i, w := range m.wide {
		// Each rule's parts, joined, and with a byte cut off the end.
		j := strings.Join(w.parts, " ")
		texts = append(texts, j, "x"+j+"y", j[:len(j)-1])
		if i%7 == 0 {
			texts = append(texts, strings.Repeat(j+" ", 3))
		}
	}
	for _, s := range texts {
		var got hits
		m.scanWide(s, &got)
		var want hits
		for _, w := range m.wide {
			if partsIn(s, w.parts) {
				want.add(w.rule)
			}
		}
		g, wt := slices.Sorted(slices.Values(got.rule[:got.n])), slices.Sorted(slices.Values(want.rule[:want.n]))
		if !slices.Equal(g, wt) {
			t.Errorf("scanWide(%q) = rules %v, want %v", s, g, wt)
		}
	}
}

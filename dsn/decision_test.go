package dsn

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// whyDiffers explains each cause for which dsn's reason may differ from
// what bounce.ClassifyInput reads in the same diagnostic, status and
// command. It is the whole list: a row that differs for any other cause
// fails TestOneDecisionPath.
var whyDiffers = map[cause]string{
	causeHint: "an MTA family's own wording decides where bounce finds nothing specific in the text " +
		"(Google Groups' notice, qmail's \"couldn't find a mail exchanger\", Gmail's retry notice)",
	causeExpiry: "a message given up after retrying: bounce reads the expiry (when), the family's hint " +
		"the error it met (why)",
	causeProgram: "a local delivery program failed (Diagnostic-Code type x-unix): mailererror, " +
		"whatever its own words say",
	causeAction: "the report's Action decides: delayed with no known reason is expired, delivered is no failure",
	causeReport: "the kind of report decides: an Amazon SES complaint is feedback",
	causeNoCommand: "\"user unknown\" in a report that names no command and no X.1.X status is taken as " +
		"a filter's verdict after DATA (bounce's own rule for DATA), so the address is not suppressed",
}

// divergence is a recipient whose reason differs from bounce's reading.
type divergence struct {
	file, recipient string
	dsn, bounce     bounce.Reason
	cause           cause
	diagnostic      string
}

// divergences parses mail and returns its recipients whose reason differs
// from what bounce.ClassifyInput gives for their diagnostic (read with
// bounce.ParseReply, the Status filling in a missing or other-class
// code), command, recipient domain and remote host. Complaints and automatic replies are left out: their
// reason comes from the report type, not from a diagnostic.
func divergences(t *testing.T, name string, mail []byte) []divergence {
	t.Helper()
	sc := scratchPool.Get().(*scratch)
	var causes []cause
	rep, err := (&Parser{}).parse(bytes.NewReader(mail), sc, &causes)
	scratchPool.Put(sc)
	if err != nil || rep.Kind == Complaint || rep.Kind == AutoReply {
		return nil
	}
	if len(causes) != len(rep.Recipients) {
		t.Errorf("%s: %d causes for %d recipients", name, len(causes), len(rep.Recipients))
		return nil
	}
	var out []divergence
	for i, rc := range rep.Recipients {
		rp := bounce.ParseReply(rc.Diagnostic)
		if rp.Code.IsZero() || rp.Code.Class != rc.Status.Class {
			rp.Code = rc.Status
		}
		in := bounce.Input{Reply: rp, Command: string(rc.Command), Domain: addr.Domain(rc.FinalRecipient), Host: rc.RemoteMTA}
		got := bounce.ClassifyInput(in).Reason
		if got != rc.Result.Reason {
			out = append(out, divergence{name, rc.FinalRecipient, rc.Result.Reason, got, causes[i], rc.Diagnostic})
		}
	}
	return out
}

// checkDivergence fails t for a row that differs from bounce for no cause
// of whyDiffers, or for a family's hint that contradicts a reason bounce
// reads in the same text.
func checkDivergence(t *testing.T, d divergence) {
	t.Helper()
	if _, ok := whyDiffers[d.cause]; !ok {
		t.Errorf("%s %s: dsn says %s, bounce %s, for no known cause; diagnostic %q", d.file, d.recipient, d.dsn, d.bounce, d.diagnostic)
	}
	if d.cause == causeHint {
		if tr := textReason(bounce.ParseReply(d.diagnostic)); contradicts(tr, d.dsn) {
			t.Errorf("%s %s: a family's hint says %s where bounce reads %s in the text %q", d.file, d.recipient, d.dsn, tr, d.diagnostic)
		}
	}
}

// logDivergences lists the rows by cause, with the cause explained.
func logDivergences(t *testing.T, all []divergence) {
	t.Helper()
	sort.SliceStable(all, func(i, j int) bool { return all[i].cause < all[j].cause })
	var b strings.Builder
	last := cause(255)
	for _, d := range all {
		if d.cause != last {
			last = d.cause
			fmt.Fprintf(&b, "\n%s:\n", whyDiffers[d.cause])
		}
		fmt.Fprintf(&b, "  %s %s: dsn %s, bounce %s: %.100q\n", d.file, d.recipient, d.dsn, d.bounce, d.diagnostic)
	}
	t.Logf("%d recipients whose reason differs from bounce's reading:%s", len(all), b.String())
}

// TestOneDecisionPath runs every diagnostic that dsn reports through
// bounce.ClassifyInput and checks that each recipient whose reason
// differs has a cause listed in whyDiffers, and that no family's hint
// contradicts a reason bounce reads in the same text. For the project's
// samples it asserts the list; the corpus, when present, is measured
// and its list reported, not asserted.
func TestOneDecisionPath(t *testing.T) {
	var all []divergence
	for _, file := range testdataFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range divergences(t, filepath.Base(file), data) {
			checkDivergence(t, d)
			all = append(all, d)
		}
	}
	logDivergences(t, all)
}

// TestCorpusOneDecisionPath is TestOneDecisionPath on the corpus, when
// present: it reports the rows that differ and their causes, and fails
// only for a family's hint that contradicts bounce on the same text.
func TestCorpusOneDecisionPath(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	var all []divergence
	unknown := 0
	for _, file := range corpusMails(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range divergences(t, filepath.Base(file), data) {
			if _, ok := whyDiffers[d.cause]; !ok {
				unknown++
			}
			if tr := textReason(bounce.ParseReply(d.diagnostic)); d.cause == causeHint && contradicts(tr, d.dsn) {
				t.Errorf("%s %s: a family's hint says %s where bounce reads %s in the same text", d.file, d.recipient, d.dsn, tr)
			}
			all = append(all, d)
		}
	}
	logDivergences(t, all)
	t.Logf("rows that differ for no listed cause (bounce's reading of the diagnostic differs from dsn's): %d", unknown)
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// envMain makes the test binary run main instead of the tests, with the
// arguments it was started with: TestCommand runs bouncescan that way.
const envMain = "BOUNCESCAN_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envMain) != "" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// golden is the part of dsn's golden files (dsn/testdata/*.json) that
// bouncescan prints.
type golden struct {
	Kind       string `json:"kind"`
	MTA        string `json:"mta"`
	MessageID  string `json:"message_id"`
	Recipients []struct {
		Recipient  string `json:"recipient"`
		Action     string `json:"action"`
		Status     string `json:"status"`
		ReplyCode  int    `json:"reply_code"`
		RemoteMTA  string `json:"remote_mta"`
		Command    string `json:"command"`
		Diagnostic string `json:"diagnostic"`
	} `json:"recipients"`
}

// sample is one mail of dsn/testdata with its golden report.
type sample struct {
	name string // file name without .eml
	data []byte
	want golden
}

// samples reads the mails of dsn/testdata, our own synthetic samples.
func samples(t *testing.T) []sample {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "dsn", "testdata", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in dsn/testdata: %v", err)
	}
	var out []sample
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(strings.TrimSuffix(f, ".eml") + ".json")
		if err != nil {
			continue // a sample being written, without its golden file yet
		}
		s := sample{name: strings.TrimSuffix(filepath.Base(f), ".eml"), data: data}
		if err := json.Unmarshal(g, &s.want); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, s)
	}
	return out
}

// wantRows returns the rows bouncescan should print for s read from file,
// but for the fields that package bounce decides (category, reason, hard),
// which are copied from got when it has as many rows.
func (s sample) wantRows(file string, got []row) []row {
	var out []row
	msgID := s.want.MessageID // dsn's ids are bare; bouncescan prints "<id>"
	if msgID != "" {
		msgID = "<" + msgID + ">"
	}
	for i, rc := range s.want.Recipients {
		r := row{File: file, Recipient: rc.Recipient, Action: rc.Action, Status: rc.Status,
			Diagnostic: rc.Diagnostic, RemoteMTA: rc.RemoteMTA, Command: rc.Command,
			MessageID: msgID, MTA: s.want.MTA}
		if rc.ReplyCode != 0 {
			r.ReplyCode = strconv.Itoa(rc.ReplyCode)
		}
		if len(got) == len(s.want.Recipients) {
			r.Category, r.Reason, r.Hard = got[i].Category, got[i].Reason, got[i].Hard
		}
		out = append(out, r)
	}
	return out
}

// mbox joins mails into an mbox, quoting body lines that begin with
// "From " (mboxrd).
func mbox(mails ...[]byte) []byte {
	var b bytes.Buffer
	for _, m := range mails {
		b.WriteString("From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n")
		for _, line := range strings.SplitAfter(string(m), "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
				b.WriteByte('>')
			}
			b.WriteString(line)
		}
		if !bytes.HasSuffix(m, []byte("\n")) {
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// layout writes the samples as a Maildir (half in cur, half in new, one
// stray file in tmp) and as an mbox, and returns their paths and the mail
// files in the order the scanner reads them.
func layout(t *testing.T, ss []sample) (maildir, mboxFile string, order []string) {
	dir := t.TempDir()
	maildir = filepath.Join(dir, "Maildir")
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(maildir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var mails [][]byte
	for i, s := range ss {
		sub := "cur"
		if i >= len(ss)/2 {
			sub = "new"
		}
		name := filepath.Join(maildir, sub, fmt.Sprintf("%03d.%s.test:2,S", i, s.name))
		if err := os.WriteFile(name, s.data, 0o644); err != nil {
			t.Fatal(err)
		}
		order = append(order, name)
		mails = append(mails, s.data)
	}
	// Mail being delivered, in tmp, is not read.
	if err := os.WriteFile(filepath.Join(maildir, "tmp", "999.partial"), ss[0].data, 0o644); err != nil {
		t.Fatal(err)
	}
	mboxFile = filepath.Join(dir, "bounces.mbox")
	if err := os.WriteFile(mboxFile, mbox(mails...), 0o644); err != nil {
		t.Fatal(err)
	}
	return maildir, mboxFile, order
}

// parseRows reads bouncescan's output, one JSON row a line.
func parseRows(t *testing.T, out []byte) []row {
	t.Helper()
	var rows []row
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r row
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		rows = append(rows, r)
	}
	return rows
}

// scan runs the scanner over path in-process and returns its rows.
func scan(t *testing.T, path string) ([]row, *scanner) {
	t.Helper()
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	s := &scanner{out: w, enc: json.NewEncoder(w), counts: map[string]map[string]int{}}
	s.enc.SetEscapeHTML(false)
	if err := s.scanPath(path); err != nil {
		t.Fatalf("scanPath(%s): %v", path, err)
	}
	w.Flush()
	return parseRows(t, out.Bytes()), s
}

// byFile groups rows by their file, keeping their order.
func byFile(rows []row) map[string][]row {
	m := make(map[string][]row)
	for _, r := range rows {
		m[r.File] = append(m[r.File], r)
	}
	return m
}

// checkRows checks the rows of the samples, read from the files of order
// (one per sample, or the same mbox for all).
func checkRows(t *testing.T, ss []sample, order []string, rows []row) {
	t.Helper()
	var want []row
	got := byFile(rows)
	if len(order) == 1 {
		// An mbox: its rows follow the samples in order.
		i := 0
		for _, s := range ss {
			n := len(s.want.Recipients)
			if i+n > len(rows) {
				t.Fatalf("%d rows from the mbox, want more (at sample %s)", len(rows), s.name)
			}
			want = append(want, s.wantRows(order[0], rows[i:i+n])...)
			i += n
		}
	} else {
		for i, s := range ss {
			want = append(want, s.wantRows(order[i], got[order[i]])...)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	for i := range min(len(rows), len(want)) {
		if !reflect.DeepEqual(rows[i], want[i]) {
			t.Errorf("row %d =\n%+v\nwant\n%+v", i, rows[i], want[i])
		}
	}
	for _, r := range rows {
		if hard := r.Category == "hard" && r.Reason != "suspend"; r.Hard != hard {
			t.Errorf("row %s %s: hard = %v with category %q, reason %q", filepath.Base(r.File), r.Recipient, r.Hard, r.Category, r.Reason)
		}
	}
}

func TestScanSamples(t *testing.T) {
	ss := samples(t)
	maildir, mboxFile, order := layout(t, ss)
	for _, tc := range []struct {
		name  string
		path  string
		order []string
	}{
		{"Maildir", maildir, order},
		{"mbox", mboxFile, []string{mboxFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, s := scan(t, tc.path)
			checkRows(t, ss, tc.order, rows)
			if s.messages != len(ss) || s.errors != 0 {
				t.Errorf("messages, errors = %d, %d, want %d, 0", s.messages, s.errors, len(ss))
			}
		})
	}
}

// TestScanDecisions pins the fields that package bounce decides for a few
// samples whose verdict is not in doubt, and that a mail that is not a
// bounce gives no row.
func TestScanDecisions(t *testing.T) {
	type verdict struct {
		category, reason string
		hard             bool
	}
	for _, tc := range []struct {
		sample string
		want   map[string]verdict // by recipient; empty: no row
	}{
		{"postfix-5.1.1-userunknown", map[string]verdict{"alice@example.com": {"hard", "userunknown", true}}},
		{"exim-two-recipients", map[string]verdict{
			"anna@example.com": {"hard", "userunknown", true},
			"bert@example.com": {"soft", "mailboxfull", false},
		}},
		{"zoho-5.2.2-mailboxfull", map[string]verdict{"amy@example.com": {"soft", "mailboxfull", false}}},
		{"arf-abuse", map[string]verdict{"henry@example.com": {"spam", "feedback", false}}},
		{"autoreply-vacation", map[string]verdict{"ivy@example.com": {"", "vacation", false}}},
		{"notbounce-plain", nil},
	} {
		t.Run(tc.sample, func(t *testing.T) {
			path := filepath.Join("..", "..", "dsn", "testdata", tc.sample+".eml")
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("sample: %v", err)
			}
			rows, s := scan(t, path)
			if s.messages != 1 || s.errors != 0 {
				t.Errorf("messages, errors = %d, %d, want 1, 0", s.messages, s.errors)
			}
			if len(rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d: %+v", len(rows), len(tc.want), rows)
			}
			for _, r := range rows {
				want, ok := tc.want[r.Recipient]
				if got := (verdict{r.Category, r.Reason, r.Hard}); !ok || got != want {
					t.Errorf("row %s = %+v, want %+v", r.Recipient, got, want)
				}
			}
		})
	}
}

// TestCommand runs bouncescan as a command, with and without -summary,
// over the Maildir and the mbox of the samples.
func TestCommand(t *testing.T) {
	ss := samples(t)
	maildir, mboxFile, order := layout(t, ss)
	inProcess, _ := scan(t, maildir)
	for _, tc := range []struct {
		name    string
		args    []string
		summary bool
	}{
		{"rows only", []string{maildir}, false},
		{"summary", []string{"-summary", maildir, mboxFile}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tc.args...)
			// A race-enabled binary otherwise sleeps a second at exit.
			cmd.Env = append(os.Environ(), envMain+"=1", "GORACE=atexit_sleep_ms=0")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("bouncescan %q: %v\n%s", tc.args, err, stderr.Bytes())
			}
			rows := parseRows(t, stdout.Bytes())
			want := inProcess
			if len(tc.args) > 2 {
				mboxRows, _ := scan(t, mboxFile)
				want = append(append([]row(nil), inProcess...), mboxRows...)
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("bouncescan %q printed %d rows that differ from the scanner's %d", tc.args, len(rows), len(want))
			}
			checkRows(t, ss, order, rows[:len(inProcess)])
			if !tc.summary {
				if stderr.Len() != 0 {
					t.Errorf("stderr without -summary = %q, want nothing", stderr.String())
				}
				return
			}
			checkSummary(t, stderr.String(), ss, rows)
		})
	}
}

// checkSummary checks the -summary tables against the rows printed and the
// kinds of the samples (each read twice: Maildir and mbox).
func checkSummary(t *testing.T, sum string, ss []sample, rows []row) {
	t.Helper()
	counts := map[string]map[string]int{"kind": {}, "category": {}, "reason": {}, "domain": {}}
	key := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	for _, s := range ss {
		counts["kind"][key(s.want.Kind)] += 2
	}
	for _, r := range rows {
		counts["category"][key(r.Category)]++
		counts["reason"][key(r.Reason)]++
		if i := strings.LastIndexByte(r.Recipient, '@'); i >= 0 {
			counts["domain"][strings.ToLower(r.Recipient[i+1:])]++
		}
	}
	// The summary is a first line, then one table a paragraph, each
	// headed by its name.
	paras := strings.Split(strings.TrimSuffix(sum, "\n"), "\n\n")
	if want := fmt.Sprintf("%d messages, 0 errors", 2*len(ss)); paras[0] != want {
		t.Errorf("summary starts with %q, want %q", paras[0], want)
	}
	tables := map[string][]string{}
	for _, p := range paras[1:] {
		lines := strings.Split(p, "\n")
		name, _, _ := strings.Cut(lines[0], " ")
		if lines[0] != fmt.Sprintf("%-32s %8s", name, "count") {
			t.Errorf("summary table header %q, want name and count", lines[0])
		}
		tables[name] = lines[1:]
	}
	for _, table := range []string{"kind", "category", "reason", "domain"} {
		lines, ok := tables[table]
		if !ok {
			t.Errorf("summary lacks the %s table:\n%s", table, sum)
			continue
		}
		if table == "domain" && len(counts[table]) > 30 {
			if len(lines) != 31 || !strings.HasPrefix(lines[30], fmt.Sprintf("(%d more)", len(counts[table])-30)) {
				t.Errorf("domain table has %d lines, want 30 and a last (%d more)", len(lines), len(counts[table])-30)
			}
			continue
		}
		if len(lines) != len(counts[table]) {
			t.Errorf("%s table has %d lines, want %d", table, len(lines), len(counts[table]))
		}
		for k, n := range counts[table] {
			if line := fmt.Sprintf("%-32s %8d", k, n); !slices.Contains(lines, line) {
				t.Errorf("%s table lacks %q:\n%s", table, line, strings.Join(lines, "\n"))
			}
		}
	}
}

// A sample saved with bare-CR line ends behind an mbox "From " line gives the
// same rows as the sample itself (issue 11 §4).
func TestFromLineCROnly(t *testing.T) {
	src := filepath.Join("..", "..", "dsn", "testdata", "postfix-5.1.1-userunknown.eml")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := scan(t, src)
	if len(want) == 0 {
		t.Fatalf("%s gives no rows", src)
	}
	cr := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r"))
	p := filepath.Join(t.TempDir(), "cr.eml")
	if err := os.WriteFile(p, append([]byte("From MAILER-DAEMON Thu Apr 29 23:34:45 2015\r"), cr...), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := scan(t, p)
	if len(got) != len(want) {
		t.Fatalf("CR-only copy gives %d rows, want %d", len(got), len(want))
	}
	for i := range got {
		got[i].File, want[i].File = "", ""
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

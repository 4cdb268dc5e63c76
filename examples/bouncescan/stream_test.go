package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// repeatReader yields line n times without holding more than one copy.
type repeatReader struct {
	line string
	n    int
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && r.n > 0 {
		c := copy(p, r.line[r.off:])
		p, total, r.off = p[c:], total+c, r.off+c
		if r.off == len(r.line) {
			r.off, r.n = 0, r.n-1
		}
	}
	if total == 0 && r.n == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// newScanner returns a scanner that writes its rows to out.
func newScanner(out io.Writer) (*scanner, *bufio.Writer) {
	w := bufio.NewWriter(out)
	s := &scanner{out: w, enc: json.NewEncoder(w), counts: map[string]map[string]int{}}
	s.enc.SetEscapeHTML(false)
	return s, w
}

// vmHWM is the peak resident set size of the process in KiB, or -1 where
// /proc/self/status has none.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			for _, c := range strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")) {
				kb = kb*10 + int64(c-'0')
			}
			return kb
		}
	}
	return -1
}

// A 200 MB message in an mbox is read through, not buffered: the scanner
// allocates a small fraction of it (the parser reads up to its MaxBytes and
// the rest is skipped), and the message after it is still reported.
func TestMboxHugeMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	const size = 200 << 20
	line := strings.Repeat("x", 99) + "\n"
	in := io.MultiReader(
		strings.NewReader("From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n"+mail("huge@example.com")+"\n"),
		&repeatReader{line: line, n: size / len(line)},
		strings.NewReader("\nFrom MAILER-DAEMON Mon Mar  2 10:00:01 2026\n"+mail("after@example.com")),
	)
	var out bytes.Buffer
	s, w := newScanner(&out)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	hwm0 := vmHWM()
	if err := s.scanMbox("huge.mbox", bufio.NewReaderSize(in, 64<<10)); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	hwm1 := vmHWM()
	w.Flush()
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("200 MiB message: allocated %.1f MiB in all; heap in use %.1f → %.1f MiB; peak RSS (VmHWM) %d → %d KiB",
		float64(alloc)/(1<<20), float64(before.HeapInuse)/(1<<20), float64(after.HeapInuse)/(1<<20), hwm0, hwm1)
	if alloc > 48<<20 {
		t.Errorf("scanning an mbox with a 200 MiB message allocated %d MiB, want < 48 MiB (the parser's MaxBytes and buffers)", alloc>>20)
	}
	var got []string
	for _, r := range parseRows(t, out.Bytes()) {
		got = append(got, r.Recipient)
	}
	if strings.Join(got, " ") != "huge@example.com after@example.com" {
		t.Errorf("rows for %q, want huge@example.com after@example.com", got)
	}
	if s.messages != 2 {
		t.Errorf("messages = %d, want 2", s.messages)
	}
}

// The messages an mbox is split into: a "From " line after a blank line
// (or first) starts one; ">From " lines lose one '>' (mboxrd); lines longer
// than the read buffer, CRLF and a missing last newline are kept as they
// are.
func TestMboxSplit(t *testing.T) {
	long := strings.Repeat("y", 200<<10)
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"two", "From a\nSubject: 1\n\nbody\n\nFrom b\nSubject: 2\n\nbody\n", []string{"Subject: 1\n\nbody\n\n", "Subject: 2\n\nbody\n"}},
		{"From inside a paragraph", "From a\nS: 1\n\nline\nFrom here\n", []string{"S: 1\n\nline\nFrom here\n"}},
		{"mboxrd quoting", "From a\nS: 1\n\n>From x\n>>From y\n>Fromage\n", []string{"S: 1\n\nFrom x\n>From y\n>Fromage\n"}},
		{"CRLF", "From a\r\nS: 1\r\n\r\nbody\r\n\r\nFrom b\r\nS: 2\r\n", []string{"S: 1\r\n\r\nbody\r\n\r\n", "S: 2\r\n"}},
		{"no last newline", "From a\nS: 1\n\nbody", []string{"S: 1\n\nbody"}},
		{"empty last message", "From a\nS: 1\n\nFrom b\n", []string{"S: 1\n\n"}},
		{"blank message", "From a\n\nFrom b\nS: 2\n", []string{"\n", "S: 2\n"}},
		{"long line", "From a\nS: 1\n\n" + long + "\nFrom " + long + "\n\nFrom b\nS: 2\n", []string{"S: 1\n\n" + long + "\nFrom " + long + "\n\n", "S: 2\n"}},
		{"long separator", "From a\nS: 1\n\nFrom " + long + "\nS: 2\n", []string{"S: 1\n\n", "S: 2\n"}},
		{"long line ending in From", "From a\nS: 1\n\n" + strings.Repeat("z", 64<<10-1) + "\nFrom x\n", []string{"S: 1\n\n" + strings.Repeat("z", 64<<10-1) + "\nFrom x\n"}},
		{"no separator first", "S: 0\n\nFrom b\nS: 2\n", []string{"S: 0\n\n", "S: 2\n"}},
	} {
		m := newMboxReader(bufio.NewReaderSize(strings.NewReader(tc.in), 64<<10))
		var got []string
		for m.next() {
			b, err := io.ReadAll(m)
			if err != nil {
				t.Fatalf("%s: reading message %d: %v", tc.name, len(got)+1, err)
			}
			got = append(got, string(b))
		}
		if m.err != nil {
			t.Errorf("%s: error %v", tc.name, m.err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d messages, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: message %d = %.80q (%d bytes), want %.80q (%d bytes)", tc.name, i+1, got[i], len(got[i]), tc.want[i], len(tc.want[i]))
			}
		}
	}
}

// A message the parser stops reading early is skipped to its end: the next
// one is read from its own start.
func TestMboxPartlyRead(t *testing.T) {
	m := newMboxReader(bufio.NewReader(strings.NewReader("From a\nS: 1\n\nbody\nmore\n\nFrom b\nS: 2\n")))
	if !m.next() {
		t.Fatal("no first message")
	}
	p := make([]byte, 3)
	if n, err := m.Read(p); n != 3 || err != nil || string(p) != "S: " {
		t.Fatalf("Read = %d, %v, %q", n, err, p[:n])
	}
	if !m.next() {
		t.Fatal("no second message")
	}
	if b, _ := io.ReadAll(m); string(b) != "S: 2\n" {
		t.Errorf("second message = %q, want %q", b, "S: 2\n")
	}
	if m.next() {
		t.Error("a third message")
	}
}

// deepDir makes a directory under dir whose path is longer than PATH_MAX,
// with one mail in it, which neither open(2) nor any user can read by that
// path: an unreadable directory even for root. It returns its parent.
func deepDir(t *testing.T, dir string) string {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	seg := strings.Repeat("d", 200)
	p := "deep"
	for range 25 {
		p += "/" + seg
	}
	if err := root.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := root.WriteFile(p+"/lost.eml", []byte(mail("lost@example.com")), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "deep")
}

// An unreadable directory is reported and the walk goes on, as for an
// unreadable file.
func TestUnreadableDir(t *testing.T) {
	dir := t.TempDir()
	deepDir(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "a.eml"), []byte(mail("a@example.com")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "z.eml"), []byte(mail("z@example.com")), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() != 0 {
		// Where permissions apply, a directory without them too.
		locked := filepath.Join(dir, "m-locked")
		if err := os.Mkdir(locked, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(locked, "x.eml"), []byte(mail("x@example.com")), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(locked, 0)
		t.Cleanup(func() { os.Chmod(locked, 0o755) })
	}
	var out bytes.Buffer
	s, w := newScanner(&out)
	var errs bytes.Buffer
	s.stderr = &errs
	if err := s.scanPath(dir); err != nil {
		t.Fatalf("scanPath(%s) = %v, want nil (errors reported, walk finished)", dir, err)
	}
	w.Flush()
	var got []string
	for _, r := range parseRows(t, out.Bytes()) {
		got = append(got, r.Recipient)
	}
	if strings.Join(got, " ") != "a@example.com z@example.com" {
		t.Errorf("rows for %q, want a@example.com z@example.com", got)
	}
	if s.errors == 0 || !strings.Contains(errs.String(), "bouncescan: ") || !strings.Contains(errs.String(), "dddd") {
		t.Errorf("errors = %d, stderr = %.300q, want the unreadable directory reported", s.errors, errs.String())
	}
}

// command runs bouncescan with args and stdin, and returns its output and
// exit code.
func command(t *testing.T, stdin io.Reader, stdout io.Writer, args ...string) (errs string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envMain+"=1", "GORACE=atexit_sleep_ms=0")
	cmd.Stdin, cmd.Stdout = stdin, stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return stderr.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("bouncescan %q: %v", args, err)
	}
	return stderr.String(), 0
}

// Standard input is read for "-", and when there is no argument and it is
// not a terminal; a mail or an mbox alike.
func TestStdin(t *testing.T) {
	box := "From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n" + mail("d@example.com") + "\nFrom MAILER-DAEMON Mon Mar  2 10:00:01 2026\n" + mail("e@example.com")
	for _, tc := range []struct {
		name string
		args []string
		in   string
		want string
	}{
		{"dash, one mail", []string{"-"}, mail("a@example.com"), "- a@example.com"},
		{"no argument, one mail", nil, mail("a@example.com"), "- a@example.com"},
		{"dash, mbox", []string{"-"}, box, "- d@example.com|- e@example.com"},
		{"no argument, mbox", nil, box, "- d@example.com|- e@example.com"},
	} {
		var stdout bytes.Buffer
		errs, code := command(t, strings.NewReader(tc.in), &stdout, tc.args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, errs)
			continue
		}
		var got []string
		for _, r := range parseRows(t, stdout.Bytes()) {
			got = append(got, r.File+" "+r.Recipient)
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s: rows %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A failure to write the output (here: a full disk) is an error: exit 1
// with a message, not a silent success.
func TestWriteError(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.eml"), []byte(mail("a@example.com")), 0o644); err != nil {
		t.Fatal(err)
	}
	errs, code := command(t, nil, full, dir)
	if code == 0 || !strings.Contains(errs, "bouncescan: writing output") {
		t.Errorf("bouncescan > /dev/full: exit %d, stderr %q, want exit 1 and \"bouncescan: writing output: …\"", code, errs)
	}
}

// splitMbox is the plain reading of the mbox rules on whole lines, which
// mboxReader must agree with.
func splitMbox(in string) []string {
	var msgs []string
	var cur strings.Builder
	prevBlank := true
	for _, line := range strings.SplitAfter(in, "\n") {
		if line == "" {
			continue
		}
		switch {
		case prevBlank && strings.HasPrefix(line, "From "):
			if cur.Len() > 0 {
				msgs = append(msgs, cur.String())
			}
			cur.Reset()
		case line[0] == '>' && strings.HasPrefix(strings.TrimLeft(line, ">"), "From "):
			cur.WriteString(line[1:])
		default:
			cur.WriteString(line)
		}
		prevBlank = strings.TrimRight(line, "\r\n") == ""
	}
	if cur.Len() > 0 {
		msgs = append(msgs, cur.String())
	}
	return msgs
}

// FuzzMboxReader checks mboxReader against splitMbox, with a buffer far
// smaller than the lines (16 bytes) and with the scanner's, reading each
// message whole or only its first bytes.
func FuzzMboxReader(f *testing.F) {
	f.Add("From a\nS: 1\n\nbody\n\nFrom b\nS: 2\n", 0)
	f.Add("From a\r\nS: 1\r\n\r\n>From x\r\n>>From y\r\n\r\nFrom b\r\n", 1)
	f.Add("S: 0\n\nFrom "+strings.Repeat("l", 40)+"\nS: 2\n"+strings.Repeat("x", 50), 3)
	f.Add("From a\nS: 1\n"+strings.Repeat("\r", 40)+"\nFrom b\nS: 2\n", 0) // a blank line longer than the buffer
	f.Fuzz(func(t *testing.T, in string, partial int) {
		want := splitMbox(in)
		for _, size := range []int{16, 64 << 10} {
			if size == 16 && strings.Contains(in, strings.Repeat(">", 10)) {
				// A run of '>' longer than the buffer is only seen in
				// part when the line is checked for quoting.
				continue
			}
			m := newMboxReader(bufio.NewReaderSize(strings.NewReader(in), size))
			var got []string
			for i := 0; m.next(); i++ {
				if partial > 0 && i%2 == 1 {
					// Read a few bytes only; next skips the rest.
					p := make([]byte, partial%7+1)
					n, _ := io.ReadFull(m, p)
					got = append(got, string(p[:n]))
					continue
				}
				b, err := io.ReadAll(m)
				if err != nil {
					t.Fatalf("size %d: message %d: %v", size, i, err)
				}
				got = append(got, string(b))
			}
			if len(got) != len(want) {
				t.Fatalf("size %d: %d messages %q, want %d %q", size, len(got), got, len(want), want)
			}
			for i := range got {
				if !strings.HasPrefix(want[i], got[i]) || (len(got[i]) < len(want[i]) && !(partial > 0 && i%2 == 1)) {
					t.Fatalf("size %d: message %d = %q, want %q", size, i, got[i], want[i])
				}
			}
		}
	})
}

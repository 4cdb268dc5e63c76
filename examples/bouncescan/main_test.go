package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const bounceMail = "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
	"<%s>: host mx.example.com[192.0.2.1] said: 550 5.1.1 unknown user (in reply to RCPT TO command)\n"

func mail(rcpt string) string { return strings.Replace(bounceMail, "%s", rcpt, 1) }

// TestScan scans a file, a Maildir and an mbox and checks the rows.
func TestScan(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one.eml", mail("a@example.com"))
	write("md/cur/1", mail("b@example.com"))
	write("md/new/2", mail("c@example.com"))
	write("md/tmp/3", mail("ignored@example.com"))
	write("box.mbox", "From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n"+mail("d@example.com")+
		"\nFrom MAILER-DAEMON Mon Mar  2 10:00:01 2026\n"+mail("e@example.com"))
	write("plain.eml", "From: friend@example.com\nSubject: hi\n\nhello\n")

	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	s := &scanner{out: w, enc: json.NewEncoder(w), counts: map[string]map[string]int{}}
	for _, p := range []string{"one.eml", "md", "box.mbox", "plain.eml"} {
		if err := s.scanPath(filepath.Join(dir, p)); err != nil {
			t.Fatalf("scanPath(%s): %v", p, err)
		}
	}
	w.Flush()
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		if r.Status != "5.1.1" || r.ReplyCode != "550" || r.Command != "RCPT" || r.Action != "failed" {
			t.Errorf("row %+v, want status 5.1.1, reply 550, RCPT, failed", r)
		}
		got = append(got, filepath.Base(r.File)+" "+r.Recipient)
	}
	want := []string{"one.eml a@example.com", "1 b@example.com", "2 c@example.com", "box.mbox d@example.com", "box.mbox e@example.com"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows = %q, want %q", got, want)
	}
	if s.messages != 6 || s.errors != 0 {
		t.Errorf("messages, errors = %d, %d, want 6, 0", s.messages, s.errors)
	}
	var sum bytes.Buffer
	s.printSummary(&sum)
	for _, want := range []string{"6 messages, 0 errors", "category", "reason", "example.com"} {
		if !strings.Contains(sum.String(), want) {
			t.Errorf("summary = %q, want it to contain %q", sum.String(), want)
		}
	}
}

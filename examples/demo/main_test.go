package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestRun plays the demo and checks that each part shows what it promises.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatalf("run() error = %v", err)
	}
	got := out.String()
	// Every campaign in the summary is one the story names, and no row is
	// blank.
	summary := got[strings.Index(got, "5. Summary"):]
	for _, line := range strings.Split(summary, "\n") {
		f := strings.Fields(line)
		if len(f) == 12 || len(f) == 13 {
			if _, err := fmt.Sscan(f[1], new(int)); err == nil && !strings.Contains(f[0], ".") && f[0] != "total" &&
				!strings.Contains(got, "Campaign \""+f[0]+"\"") {
				t.Errorf("the summary shows campaign %q, which the story does not name", f[0])
			}
		}
		if strings.TrimSpace(line) == "" && strings.Contains(line, " ") {
			t.Errorf("the summary has a blank row %q", line)
		}
	}
	for _, want := range []string{
		"hard      userunknown",                                                     // the classification table
		"bounced    bob@example.com        550 5.1.1",                               // a hard bounce at RCPT
		"deferred   carol@example.net      452 4.2.2",                               // mailbox full…
		"delivered  carol@example.net      attempt 2",                               // …accepted on retry
		"deferred   dan@busy.example       not sent: the domain asked to slow down", // throttling after a 421
		"deferred   ivy@grey.example       450 4.2.0",                               // greylisting does not throttle…
		"delivered  ivy@grey.example       attempt 2",                               // …the first retry passes
		"blocked    erin@strict.example    550 5.7.26",                              // DMARC
		"the lease grows to 48h", "the lease grows to 96h", "the lease grows to 7d", // the lease
		"bounced    frank@example.org      550 5.1.1 userunknown; suppressed until",                    // the DSN
		"complained grace@example.com",                                                                 // the ARF report
		"paused     campaign old-list", "resumed    campaign old-list", "cancelled  campaign old-list", // the guard
		"old-list        200   200",                              // the summary
		"true*  false     421 4.7.0 [TSS04]", "so it is retried", // a 4xx spam refusal says why it is retried
		"RCPT TO:<bounces+", "-frank=example.org@out.example.org>", "receiver's reply: 250 2.0.0 OK", // the SMTP receiver, a signed return path
		"unmatched  carol@example.net", // a forged bounce to a return path without our tag
		"auto-reply, not a bounce: accepted and handed to the Unhandled hook",
		"receiver's reply: 550 5.7.1",                                          // no open relay
		"attempted   recipients tried at least once", "sent        SMTP sends", // the columns explained
		"spring reads: 10 recipients were attempted, with 14 SMTP sends",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("run() output does not contain %q\n%s", want, got)
		}
	}
}

func TestClassifyTable(t *testing.T) {
	var out strings.Builder
	classifyTable(&out, []string{"550 5.1.1 User unknown", "250 2.0.0 OK"})
	for _, want := range []string{"hard      userunknown  false  true", "-"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("classifyTable() = %q, want it to contain %q", out.String(), want)
		}
	}
}

package main

import (
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
		"old-list        200   200", // the summary
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

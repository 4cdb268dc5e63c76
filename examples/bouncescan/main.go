// Command bouncescan parses bounce mails and prints one JSON object per
// reported recipient.
//
//	go run ./examples/bouncescan [-summary] [-id-header NAME] [PATH...]
//
// Each PATH is a mail file, a directory of mail files (searched
// recursively), a Maildir folder (its cur and new) or an mbox file; "-", or
// no PATH when standard input is not a terminal, reads one mail or an mbox
// from standard input (reported as file "-"). The output has one line per
// recipient, in the order the mail gives them:
//
//	{"file":"…","recipient":"…","action":"failed","status":"5.1.1","reply_code":"550",
//	 "category":"hard","reason":"userunknown","hard":true,"diagnostic":"…",
//	 "remote_mta":"…","command":"RCPT","message_id":"<…>"}
//
// "hard" is true when the address itself is bad (the user or the domain does
// not exist): category hard, except for a suspended mailbox, which is
// suppressed but exists. With -summary, a table of counts by category,
// reason and recipient domain goes to standard error at the end.
//
// The messages of an mbox are read one at a time, as a stream: each is
// parsed with the limits of [dsn.Parser] (16 MiB read by default) and the
// rest of a longer one is skipped, so memory stays bounded whatever the
// size of a message or of the mbox.
//
// A file or directory that cannot be read is reported on standard error and
// the scan goes on; the exit status is then 1. A failure to write the
// output (a full disk, say) stops the scan, is reported, and exits 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
)

type row struct {
	File       string `json:"file"`
	Recipient  string `json:"recipient"`
	Action     string `json:"action"`
	Status     string `json:"status"`
	ReplyCode  string `json:"reply_code"`
	Category   string `json:"category"`
	Reason     string `json:"reason"`
	Hard       bool   `json:"hard"`
	Diagnostic string `json:"diagnostic"`
	RemoteMTA  string `json:"remote_mta"`
	Command    string `json:"command"`
	MessageID  string `json:"message_id"`
	MTA        string `json:"mta,omitempty"`
}

type scanner struct {
	parser   dsn.Parser
	out      *bufio.Writer
	enc      *json.Encoder
	stderr   io.Writer // nil means os.Stderr
	messages int
	errors   int
	werr     error // the first error writing the output; it stops the scan
	progress bool
	counts   map[string]map[string]int // table → key → count
}

// stdinName is the PATH that means standard input, and the file name its
// rows carry.
const stdinName = "-"

func (s *scanner) errOut() io.Writer {
	if s.stderr != nil {
		return s.stderr
	}
	return os.Stderr
}

// report prints an error that does not stop the scan, and counts it.
func (s *scanner) report(err error) {
	fmt.Fprintf(s.errOut(), "bouncescan: %v\n", err)
	s.errors++
}

func main() {
	summary := flag.Bool("summary", false, "print counts by category, reason and recipient domain to stderr")
	idHeader := flag.String("id-header", "", "header of the returned message to report as its ID")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: bouncescan [-summary] [-id-header NAME] [PATH...]\n"+
			"PATH is a mail, a directory, a Maildir or an mbox; - or none reads standard input.\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	paths := flag.Args()
	if len(paths) == 0 {
		// No PATH: read standard input, unless it is a terminal (someone
		// ran the command without knowing what it takes).
		if fi, err := os.Stdin.Stat(); err != nil || fi.Mode()&os.ModeCharDevice != 0 {
			flag.Usage()
			os.Exit(2)
		}
		paths = []string{stdinName}
	}
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	s := &scanner{
		parser: dsn.Parser{IDHeader: *idHeader},
		out:    out,
		enc:    json.NewEncoder(out),
		counts: map[string]map[string]int{},
	}
	s.enc.SetEscapeHTML(false)
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		s.progress = true
	}
	for _, p := range paths {
		if s.werr != nil {
			break
		}
		var err error
		if p == stdinName {
			err = s.scanReader(stdinName, os.Stdin)
		} else {
			err = s.scanPath(p)
		}
		if err != nil {
			s.report(err)
		}
	}
	if err := out.Flush(); err != nil && s.werr == nil {
		s.werr = err
	}
	if s.progress && s.messages > progressAfter {
		fmt.Fprintf(os.Stderr, "\r%d messages\n", s.messages)
	}
	if *summary {
		s.printSummary(os.Stderr)
	}
	if s.werr != nil {
		fmt.Fprintf(os.Stderr, "bouncescan: writing output: %v\n", s.werr)
		os.Exit(1)
	}
	if s.errors > 0 {
		os.Exit(1)
	}
}

const progressAfter = 5000

func (s *scanner) scanPath(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return s.scanFile(p)
	}
	// A Maildir: scan cur and new only.
	if isDir(filepath.Join(p, "cur")) && isDir(filepath.Join(p, "new")) {
		for _, sub := range []string{"cur", "new"} {
			if err := s.scanDir(filepath.Join(p, sub)); err != nil {
				return err
			}
		}
		return nil
	}
	return s.scanDir(p)
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// scanDir scans the files under dir in lexical order. A directory or file
// that cannot be read is reported, and the walk goes on.
func (s *scanner) scanDir(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if s.werr != nil {
			return filepath.SkipAll
		}
		if err != nil {
			// WalkDir calls again with the error of a directory it
			// could not read; nil goes on with the next entry.
			s.report(err)
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if err := s.scanFile(p); err != nil {
			s.report(err)
		}
		return nil
	})
}

// scanFile scans one mail file or mbox.
func (s *scanner) scanFile(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.scanReader(p, f)
}

// scanReader scans one mail or an mbox (which starts with "From ") read
// from r, reported as file name.
func (s *scanner) scanReader(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(5)
	if string(head) == "From " {
		if fromLineEndsInCR(br) {
			// QUIRK: a mail saved with bare-CR line ends (old Mac clients,
			// some gateways) behind an mbox "From " line. mbox splits on
			// LF, which it has none of: it is one mail, read past the
			// "From " line; dsn.Parse reads bare-CR lines.
			br.ReadSlice('\r') // the "From " line; ReadSlice's view is not kept
			s.scanMessage(name, br)
			return nil
		}
		return s.scanMbox(name, br)
	}
	s.scanMessage(name, br)
	return nil
}

// fromLineEndsInCR reports whether the first line of br ends with a bare CR
// (no LF after it) within the buffered bytes.
func fromLineEndsInCR(br *bufio.Reader) bool {
	b, _ := br.Peek(4096)
	i := bytes.IndexAny(b, "\r\n")
	return i >= 0 && b[i] == '\r' && (i+1 >= len(b) || b[i+1] != '\n')
}

// scanMbox scans the messages of an mbox (mboxo or mboxrd) one at a time.
func (s *scanner) scanMbox(p string, br *bufio.Reader) error {
	m := newMboxReader(br)
	for s.werr == nil && m.next() {
		s.scanMessage(p, m)
	}
	if m.err != nil {
		return fmt.Errorf("%s: %w", p, m.err)
	}
	return nil
}

func (s *scanner) scanMessage(name string, r io.Reader) {
	s.messages++
	if s.progress && s.messages > progressAfter && s.messages%1000 == 0 {
		fmt.Fprintf(os.Stderr, "\r%d messages", s.messages)
	}
	rep, err := s.parser.Parse(r)
	if err != nil {
		s.report(fmt.Errorf("%s: %w", name, err))
		return
	}
	s.count("kind", string(rep.Kind))
	for _, rc := range rep.Recipients {
		res := rc.Result
		o := row{
			File:       name,
			Recipient:  rc.FinalRecipient,
			Action:     string(rc.Action),
			Status:     rc.Status.String(),
			Category:   string(res.Category),
			Reason:     string(res.Reason),
			Hard:       res.Category == bounce.Hard && res.Reason != bounce.ReasonSuspend,
			Diagnostic: rc.Diagnostic,
			RemoteMTA:  rc.RemoteMTA,
			Command:    string(rc.Command),
			MTA:        rep.MTA,
		}
		if res.ReplyCode != 0 {
			o.ReplyCode = strconv.Itoa(res.ReplyCode)
		}
		if id := rep.Original.MessageID; id != "" {
			o.MessageID = "<" + id + ">" // the output keeps the field's form
		}
		if err := s.enc.Encode(&o); err != nil {
			s.werr = err
			return
		}
		s.count("category", o.Category)
		s.count("reason", o.Reason)
		if i := strings.LastIndexByte(o.Recipient, '@'); i >= 0 {
			s.count("domain", strings.ToLower(o.Recipient[i+1:]))
		}
	}
}

func (s *scanner) count(table, key string) {
	m := s.counts[table]
	if m == nil {
		m = map[string]int{}
		s.counts[table] = m
	}
	if key == "" {
		key = "-"
	}
	m[key]++
}

func (s *scanner) printSummary(w io.Writer) {
	fmt.Fprintf(w, "%d messages, %d errors\n", s.messages, s.errors)
	for _, table := range []string{"kind", "category", "reason", "domain"} {
		m := s.counts[table]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if m[keys[i]] != m[keys[j]] {
				return m[keys[i]] > m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		fmt.Fprintf(w, "\n%-32s %8s\n", table, "count")
		for i, k := range keys {
			if table == "domain" && i == 30 {
				fmt.Fprintf(w, "%-32s %8d\n", fmt.Sprintf("(%d more)", len(keys)-30), 0)
				break
			}
			fmt.Fprintf(w, "%-32s %8d\n", k, m[k])
		}
	}
}

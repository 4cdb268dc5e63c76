// Command bouncescan parses bounce mails and prints one JSON object per
// reported recipient.
//
//	go run ./examples/bouncescan [-summary] PATH...
//
// Each PATH is a mail file, a directory of mail files (searched
// recursively), a Maildir folder (its cur and new) or an mbox file. The
// output has one line per recipient, in the order the mail gives them:
//
//	{"file":"…","recipient":"…","action":"failed","status":"5.1.1","reply_code":"550",
//	 "category":"hard","reason":"userunknown","hard":true,"diagnostic":"…",
//	 "remote_mta":"…","command":"RCPT","message_id":"<…>"}
//
// "hard" is true when the address itself is bad (the user or the domain does
// not exist): category hard, except for a suspended mailbox, which is
// suppressed but exists. With -summary, a table of counts by category,
// reason and recipient domain goes to standard error at the end.
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
	messages int
	errors   int
	progress bool
	counts   map[string]map[string]int // table → key → count
}

func main() {
	summary := flag.Bool("summary", false, "print counts by category, reason and recipient domain to stderr")
	idHeader := flag.String("id-header", "", "header of the returned message to report as its ID")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: bouncescan [-summary] PATH...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
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
	for _, p := range flag.Args() {
		if err := s.scanPath(p); err != nil {
			fmt.Fprintf(os.Stderr, "bouncescan: %v\n", err)
			s.errors++
		}
	}
	out.Flush()
	if s.progress && s.messages > progressAfter {
		fmt.Fprintf(os.Stderr, "\r%d messages\n", s.messages)
	}
	if *summary {
		s.printSummary(os.Stderr)
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

// scanDir scans the files under dir in lexical order.
func (s *scanner) scanDir(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
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
			fmt.Fprintf(os.Stderr, "bouncescan: %v\n", err)
			s.errors++
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
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(5)
	if string(head) == "From " {
		return s.scanMbox(p, br)
	}
	s.scanMessage(p, br)
	return nil
}

// scanMbox splits an mbox (mboxo or mboxrd) into messages.
func (s *scanner) scanMbox(p string, br *bufio.Reader) error {
	var msg bytes.Buffer
	prevBlank := true
	flush := func() {
		if msg.Len() > 0 {
			s.scanMessage(p, bytes.NewReader(msg.Bytes()))
			msg.Reset()
		}
	}
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			msg.Write(line)
			continue
		}
		if len(line) > 0 {
			switch {
			case prevBlank && bytes.HasPrefix(line, []byte("From ")):
				flush()
			case bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) && line[0] == '>':
				msg.Write(line[1:]) // mboxrd unquoting
			default:
				msg.Write(line)
			}
			t := bytes.TrimRight(line, "\r\n")
			prevBlank = len(t) == 0
		}
		if err == io.EOF {
			flush()
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
}

func (s *scanner) scanMessage(name string, r io.Reader) {
	s.messages++
	if s.progress && s.messages > progressAfter && s.messages%1000 == 0 {
		fmt.Fprintf(os.Stderr, "\r%d messages", s.messages)
	}
	rep, err := s.parser.Parse(r)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bouncescan: %s: %v\n", name, err)
		s.errors++
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
			fmt.Fprintf(os.Stderr, "bouncescan: %v\n", err)
			os.Exit(1)
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

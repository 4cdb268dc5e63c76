package dsn

import (
	"slices"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
)

// The plain-text engine. Many MTAs send no message/delivery-status part, or
// one without the diagnostic; what they say is in the text. Each MTA family
// is described by a [family] value in its own mta_*.go file: how to
// recognise it and where its error text starts and ends. One engine runs
// them all: it detects the family once, cuts the error section out of the
// decoded text once, and reads per-recipient blocks from it.

// family describes how one MTA family writes bounces. All strings are
// lower-case ASCII (matched ignoring case) unless they hold non-ASCII
// text, which is matched as is.
type family struct {
	name string

	// Detection: the family is recognised when any of these matches.
	from    []string // substrings of the From field
	subject []string // substrings of the Subject field
	// header lists header fields only this family sends: "Name" for
	// presence, "Name: text" for a field whose value contains text.
	header []string
	body   []string // substrings of the decoded text
	// notBody lists substrings that, when present, veto the detection
	// (the text of a related family).
	notBody []string

	// Extraction.
	begin []string // the error section starts after the first line holding one
	end   []string // the returned message starts at the first line holding one
	// infix lists texts that may stand anywhere in a line, with the
	// recipient's address right after them ("rejected recipient <addr>").
	infix []string
	// label lists prefixes of a line that names a recipient after them
	// ("Recipient address:"); the generic shapes (an address alone on a
	// line, "<addr>:", "addr: text") are always recognised.
	label []string
	// hints decide the reason from the diagnostic text, checked before the
	// bounce package's rules; the first match wins.
	hints []hint
	// noRcptLine disables the generic recipient-line shapes, for
	// families whose text quotes addresses in other roles.
	noRcptLine bool
	// transcript marks a family whose text is a session transcript in
	// which the session lines for a recipient ("while talking to host:",
	// ">>> command", "<<< reply", "421 host (smtp)... text") come before
	// the line that names it: they open its block, not the block of the
	// recipient named before them.
	transcript bool
}

// hint maps a diagnostic substring to a reason. A weak hint (a notice
// that delivery is still being retried or was given up) yields to a more
// specific reason that package bounce finds in the same text.
type hint struct {
	text   string
	reason bounce.Reason
	weak   bool
}

// families is the detection order: specific families before those whose
// text they reuse (Mail.ru before Exim, Google Groups before Gmail).
var families = []*family{
	&famAmazonSES,
	&famMcAfee,
	&famMimecast,
	&famBarracuda,
	&famAmavis,
	&famMessageLabs,
	&famProofpoint,
	&famSophos,
	&famApple,
	&famMFilter,
	&famSurfControl,
	&famActiveHunter,
	&famZoho,
	&famMailFoundry,
	&famIMail,
	&famNotes,
	&famMessagingServer,
	&famTrendMicro,
	&famOutlook,
	&famFML,
	&famWebMailer,
	&famMMS,
	&famGoogleGroups,
	&famGmail,
	&famMailRu,
	&famExim,
	&famSmail,
	&famPostfix,
	&famQmail,
	&famSendmail,
	&famDragonFly,
	&famOpenSMTPD,
	&famYahoo,
	&famExchange,
	&famCourier,
	&famAU,
	&famJapan,
	&famAppliance,
	&famGeneric,
}

// genericLabel lists line prefixes that name a recipient in the text of
// many MTAs.
var genericLabel = []string{
	"recipient address:", "recipient:", "original-recipient: rfc822;", "final-recipient: rfc822;",
	"could not be delivered to:", "failed recipient:", "unknown user:", "rcpt to:",
	"delivery to the following recipients failed:", "invalid recipient:", "addressee:",
	"unable to deliver to", "delivery failed for", "undeliverable to",
	"the following recipients returned permanent errors:", "the following recipients returned temporary errors:",
	"your message wasn't delivered to", "unable to deliver message to",
	"delivery failed:", "user's mailbox is full:", "mailbox is full:", "user unknown:", "no such user:",
}

// genericEnd marks the start of the returned message in many formats.
var genericEnd = []string{
	"----- original message -----",
	"-- below this line is a copy of the message",
	"------ this is a copy of the message",
	"----- original message follows",
	"----- unsent message follows -----",
	"----- returned message follows",
	"------ original message header",
	"original message headers:",
	"message headers follow",
	"----- the following is a copy of the message",
	"the original message was:",
	"--- original message follows",
	"------ original message",
	"----- original message header",
	"original message header follows",
	"-----original message-----",
	"---- start of returned message",
	"original message follows",
	"----- message header follows -----",
	"------- returned message --------",
	"included is a copy of the message header",
	"original message:",
	"the header of the original message is following",
	"--- message d'origine", "--- ursprüngliche nachricht", "--- mensaje original",
	"--- mensagem original", "--- messaggio originale",
}

// engineTables are the families' markers compiled into marker sets, once.
type engineTables struct {
	body     *markerSet // every family's body markers
	bodyFam  []int      // body marker → family index
	from     *markerSet // every family's From markers
	fromFam  []int      // From marker → family index
	begin    []*markerSet
	end      []*markerSet // a family's end markers and genericEnd
	famIndex map[*family]int
	// hints are the families' hint texts (those of three bytes or
	// more, in order); genericHints are famGeneric's.
	hints        []*markerSet
	genericHints *markerSet
	// headerNames are the names in the families' header markers, and
	// headerIdx[family][marker] the index of each marker's name.
	headerNames []string
	// headerByFirst[c] has bit i set when headerNames[i] starts with
	// the lower-case letter c.
	headerByFirst [256]uint64
	headerIdx     [][]int
}

var tables = compileFamilies(families)

func compileFamilies(fams []*family) *engineTables {
	t := &engineTables{famIndex: map[*family]int{}}
	var body []string
	for i, f := range fams {
		t.famIndex[f] = i
		for range f.body {
			t.bodyFam = append(t.bodyFam, i)
		}
		body = append(body, f.body...)
		if len(f.begin) > 0 {
			t.begin = append(t.begin, newMarkerSet(f.begin))
		} else {
			t.begin = append(t.begin, nil)
		}
		t.end = append(t.end, newMarkerSet(f.end, genericEnd))
	}
	t.body = newMarkerSet(body)
	var from []string
	for i, f := range fams {
		for range f.from {
			t.fromFam = append(t.fromFam, i)
		}
		from = append(from, f.from...)
	}
	t.from = newMarkerSet(from)
	for _, f := range fams {
		var texts []string
		for _, h := range f.hints {
			if len(h.text) >= 3 {
				texts = append(texts, h.text)
			}
		}
		if len(f.hints) > len(markerBits{})*64 {
			panic("dsn: too many hints in " + f.name)
		}
		t.hints = append(t.hints, newMarkerSet(texts))
	}
	t.genericHints = newMarkerSet(hintTexts(famGeneric.hints))
	for _, f := range fams {
		for _, m := range f.header {
			name, _, _ := strings.Cut(m, ": ")
			if !slices.ContainsFunc(t.headerNames, func(n string) bool { return equalFoldASCII(n, name) }) {
				t.headerNames = append(t.headerNames, name)
			}
		}
	}
	if len(t.headerNames) > 64 {
		panic("dsn: too many header markers")
	}
	for i, n := range t.headerNames {
		t.headerByFirst[lower(n[0])] |= 1 << i
	}
	for _, f := range fams {
		var idx []int
		for _, m := range f.header {
			name, _, _ := strings.Cut(m, ": ")
			idx = append(idx, slices.IndexFunc(t.headerNames, func(n string) bool { return equalFoldASCII(n, name) }))
		}
		t.headerIdx = append(t.headerIdx, idx)
	}
	if len(fams) > 64 {
		panic("dsn: too many families")
	}
	if len(body) > len(markerBits{})*64 {
		panic("dsn: too many body markers")
	}
	return t
}

// detect returns the family of a mail, or nil when the text is not a
// bounce the engine knows. Header and body markers are strong evidence and
// are tried first; a subject alone decides only when nothing else did.
//
// From and header markers count only when the mail already looks like a
// report (system is set): ordinary mail from a user of that provider, or
// scanned by that filter, carries them too.
func detect(from, subject string, h rawHeader, present uint64, text string, system bool) *family {
	// The markers stand near the top; the rest is often the returned
	// message, so only a window of the text is searched.
	if len(text) > detectWindow {
		text = text[:detectWindow]
	}
	seen := tables.body.present(text)
	var bodyHit, fromHit [64]bool
	for p, fi := range tables.bodyFam {
		if seen.has(p) && fi < len(bodyHit) {
			bodyHit[fi] = true
		}
	}
	if system {
		fromSeen := tables.from.present(from)
		for p, fi := range tables.fromFam {
			if fromSeen.has(p) && fi < len(fromHit) {
				fromHit[fi] = true
			}
		}
	}
	for i, f := range families {
		if (bodyHit[i] || fromHit[i] || system && f.matches(i, h, present)) && !f.vetoed(text) {
			return f
		}
	}
	for _, f := range families {
		for _, m := range f.subject {
			if containsFold(subject, m) && !f.vetoed(text) {
				return f
			}
		}
	}
	return nil
}

// matches reports whether a header marker of family fi matches.
func (f *family) matches(fi int, h rawHeader, present uint64) bool {
	for k, m := range f.header {
		i := tables.headerIdx[fi][k]
		if i < 0 || present&(1<<i) == 0 {
			continue
		}
		_, val, hasVal := strings.Cut(m, ": ")
		if !hasVal {
			return true
		}
		name := tables.headerNames[i]
		if v, ok := h.field(name); ok && containsFold(v, val) {
			return true
		}
	}
	return false
}

func (f *family) vetoed(text string) bool {
	for _, m := range f.notBody {
		if containsFold(text, m) {
			return true
		}
	}
	return false
}

const detectWindow = 4 << 10

// maxRecipients bounds the recipients read from one report.
const maxRecipients = 1000

// textRcpt is a recipient read from the text.
type textRcpt struct {
	addr string
	diag string // the lines that followed it, joined
}

// section returns the error text of s for family f (between its begin
// marker and the returned message) and the text of the returned message.
func (f *family) section(s string) (sec, orig string) {
	fi := tables.famIndex[f]
	end := len(s)
	if _, at := tables.end[fi].first(s); at >= 0 {
		end = lineStart(s, at)
	} else if i := quotedHeaderStart(s); i >= 0 {
		// No marker: the returned header starts the first paragraph
		// that opens with Return-Path or Received.
		sec, orig = s[:i], s[i:]
		if b := tables.begin[fi]; b != nil {
			if _, at := b.first(sec); at >= 0 {
				_, sec = nextLine(sec[lineStart(sec, at):])
			}
		}
		return sec, orig
	}
	sec, orig = s[:end], s[end:]
	if b := tables.begin[fi]; b != nil {
		if _, at := b.first(sec); at >= 0 {
			_, sec = nextLine(sec[lineStart(sec, at):])
		}
	}
	if orig != "" {
		_, orig = nextLine(orig) // the marker line
	}
	return sec, orig
}

// hintTexts returns the texts of hints that are markers (three bytes or
// more), in order.
func hintTexts(hs []hint) []string {
	var texts []string
	for _, h := range hs {
		if len(h.text) >= 3 {
			texts = append(texts, h.text)
		}
	}
	return texts
}

// quotedHeaderStart returns the start of the first paragraph of s that
// begins with a Return-Path or Received field, or -1.
func quotedHeaderStart(s string) int {
	for off := 0; off < len(s); {
		line, rest := nextLine(s[off:])
		if (hasPrefixFold(line, "return-path:") || hasPrefixFold(line, "received: from ") || hasPrefixFold(line, "received:from ")) &&
			(off == 0 || off >= 2 && s[off-2] == '\n') {
			return off
		}
		off = len(s) - len(rest)
		if rest == "" {
			break
		}
	}
	return -1
}

// extract reads the recipients from the error section. The diagnostics
// are kept in a (which may be the zero arena).
func (f *family) extract(sec string, a *arena) []textRcpt {
	var out []textRcpt
	cur := -1
	// diag collects the lines of the current recipient's block, each
	// kept as one string.
	diag := a.room()
	flush := func() {
		if cur >= 0 && out[cur].diag == "" && len(diag) > 0 {
			out[cur].diag = a.keep(diag)
			diag = a.room()
		}
		diag = diag[:0]
	}
	// The text before the first recipient is kept as its length in sec
	// and its trimmed length; it is joined only when it is used.
	all := sec
	preEnd, preLen := 0, 0
	// pending is, for a transcript family, the span of all that holds
	// the session lines read since the last recipient line, which belong
	// to the next one (empty when pendStart == pendEnd).
	pendStart, pendEnd := 0, 0
	addPending := func() {
		for p := all[pendStart:pendEnd]; p != ""; {
			var l string
			l, p = nextLine(p)
			if t := trimSpace(l); t != "" && isSessionLine(t) && len(diag) < 8192 {
				if len(diag) > 0 {
					diag = append(diag, '\n')
				}
				diag = append(diag, t...)
			}
		}
		pendStart, pendEnd = 0, 0
	}
	for sec != "" {
		var line string
		at := len(all) - len(sec) // where line starts in all
		line, sec = nextLine(sec)
		t := trimSpace(line)
		if t == "" {
			continue
		}
		if f.transcript && isSessionLine(t) {
			if _, _, ok := f.recipientLine(t); !ok {
				if pendStart == pendEnd || isSessionStart(t) {
					// A session that no recipient line closed was
					// with another host: it is no recipient's.
					pendStart = at
				}
				pendEnd = len(all) - len(sec)
				continue
			}
		}
		if cur < 0 && len(out) == 0 && preLen < 2048 && !isRule(t) {
			if _, _, ok := f.recipientLine(t); !ok {
				if preLen > 0 {
					preLen++
				}
				preLen += len(t)
				preEnd = len(all) - len(sec)
				continue
			}
		}
		if addr, rest, ok := f.recipientLine(t); ok && (cur < 0 || !strings.EqualFold(out[cur].addr, addr)) {
			flush()
			cur = -1
			for i := range out {
				if strings.EqualFold(out[i].addr, addr) {
					cur = i
				}
			}
			if cur < 0 {
				if len(out) >= maxRecipients {
					break
				}
				out = append(out, textRcpt{addr: addr})
				cur = len(out) - 1
			}
			addPending()
			if rest != "" {
				if len(diag) > 0 {
					diag = append(diag, '\n')
				}
				diag = append(diag, rest...)
			}
			continue
		}
		if cur >= 0 {
			addPending()
		}
		if cur >= 0 && len(diag) < 8192 {
			if len(diag) > 0 {
				diag = append(diag, '\n')
			}
			diag = append(diag, t...)
		}
	}
	if cur >= 0 {
		addPending()
	}
	flush()
	// QUIRK(Lotus Notes, MailMarshal): the reason comes before the list
	// of recipients; it is the diagnostic of those that have none.
	if preLen > 0 && len(out) > 0 {
		p := preText(all[:preEnd], preLen, a)
		preCode := findBasic(p) >= 0
		for i := range out {
			switch {
			case out[i].diag == "":
				out[i].diag = p
			case preCode && findBasic(out[i].diag) < 0:
				// The block after the address has no reply; the one
				// before it does.
				out[i].diag = p + "\n" + out[i].diag
			}
		}
	}
	return out
}

// isSessionLine reports whether t, a trimmed line of a Sendmail
// transcript, is a line of the session with a remote host: "while talking
// to host:", ">>> command", "<<< reply", or a host's status line, "421
// host (smtp)... text".
func isSessionLine(t string) bool {
	if strings.HasPrefix(t, ">>> ") || strings.HasPrefix(t, "<<< ") || isSessionStart(t) {
		return true
	}
	if len(t) < 8 || !isDigit(t[0]) || !isDigit(t[1]) || !isDigit(t[2]) || t[3] != ' ' {
		return false
	}
	host, rest, ok := strings.Cut(t[4:], " (")
	return ok && !strings.ContainsAny(host, "<@") && strings.Contains(rest, ")... ")
}

// isSessionStart reports whether t opens a session in a Sendmail
// transcript: "while talking to host:" (V8 writes "... while talking to").
func isSessionStart(t string) bool {
	return hasPrefixFold(strings.TrimLeft(t, ". "), "while talking to ")
}

// preText joins the trimmed lines of s that are neither blank nor rules
// with LF, as extract read them, and keeps the result in a; n is its
// length.
func preText(s string, n int, a *arena) string {
	b := a.room()
	if cap(b) < n {
		b = make([]byte, 0, n)
	}
	for s != "" {
		var line string
		line, s = nextLine(s)
		t := trimSpace(line)
		if t == "" || isRule(t) {
			continue
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		b = append(b, t...)
	}
	return a.keep(b)
}

// isRule reports whether t is a decoration line ("*****", "-----").
func isRule(t string) bool {
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '*', '-', '=', '#', '_', ' ':
		default:
			return false
		}
	}
	return true
}

// recipientLine reports whether the trimmed line t names a recipient, and
// returns the address and the text after it.
func (f *family) recipientLine(t string) (addr, rest string, ok bool) {
	if strings.IndexByte(t, '@') < 0 {
		return "", "", false // every shape below names an address
	}
	if a, r, ok := labelLine(t, f.label, true); ok {
		return a, r, true
	}
	if a, r, ok := labelLine(t, genericLabel, true); ok {
		return a, r, true
	}
	for _, in := range f.infix {
		if i := indexFold(t, in); i >= 0 {
			r := t[i+len(in):]
			if a, j := findAddress(r); j >= 0 && j <= 1 {
				return a, t, true
			}
		}
	}
	if f.noRcptLine {
		return "", "", false
	}
	s := t
	// QUIRK: list bullets before an address.
	if len(s) > 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && s[1] == ' ' {
		s = trimSpace(s[2:])
	} else if len(s) > 3 && s[0] == '-' && s[1] == '-' && s[2] == ' ' {
		s = trimSpace(s[3:]) // QUIRK(Mimecast): "-- addr"
	} else if strings.HasPrefix(s, "•") {
		s = trimSpace(s[len("•"):])
	}
	if i := indexFold(s, "rcpt to:"); i >= 0 && i < 24 {
		// A transcript line: ">>> RCPT TO:<addr>", "Sent <<< RCPT TO:<addr>".
		if a, j := findAddress(s[i+8:]); a != "" && j <= 2 {
			return a, t, true // the line names the command
		}
	}
	// QUIRK(Sendmail V5, ActiveHunter): "550 <addr>... User unknown",
	// a reply code before the address and "..." after it.
	if len(s) > 6 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && s[3] == ' ' {
		r := s[4:]
		if _, n := findCode(r); n == 0 {
			r = trimSpace(r[strings.IndexByte(r, ' ')+1:])
		}
		if len(r) > 0 && r[0] == '<' {
			if n := scanAddress(r[1:]); n > 0 && strings.HasPrefix(r[1+n:], ">...") {
				return r[1 : 1+n], t, true
			}
		}
	}
	if s == "" {
		return "", "", false
	}
	angle := false
	if s[0] == '<' || s[0] == '"' {
		s, angle = s[1:], true
	}
	n := scanAddress(s)
	if n == 0 {
		return "", "", false
	}
	addr, s = s[:n], s[n:]
	if angle {
		if s == "" || (s[0] != '>' && s[0] != '"') {
			return "", "", false
		}
		s = s[1:]
	}
	switch {
	case s == "", s == ":", s == ",", s == ".":
		return addr, "", true
	case s[0] == ':':
		return addr, trimSpace(s[1:]), true
	case strings.HasPrefix(s, "..."):
		return addr, trimSpace(s[3:]), true
	case strings.HasPrefix(s, " on "):
		// QUIRK(Exchange 2003): "addr on <date>".
		return addr, "", true
	case strings.HasPrefix(s, " (") || strings.HasPrefix(s, "\t("):
		// "<a> (expanded from <b>): text"
		r := s
		if i := strings.Index(r, "):"); i >= 0 {
			r = r[i+2:]
		} else if i := strings.IndexByte(r, ')'); i >= 0 {
			r = r[i+1:]
		}
		return addr, trimRest(r), true
	case s[0] == ' ' || s[0] == '\t':
		// "<a> text", "a text"
		return addr, trimRest(s), true
	}
	return "", "", false
}

// labelLine matches t against label prefixes followed by an address.
// With descriptive, a label that says what went wrong ("Unknown user:")
// is the diagnostic when nothing follows the address.
func labelLine(t string, labels []string, descriptive bool) (addr, rest string, ok bool) {
	for _, l := range labels {
		if hasPrefixFold(t, l) || (l[0] >= 0x80 && strings.HasPrefix(t, l)) {
			r := trimSpace(t[len(l):])
			a, i := findAddress(r)
			if i < 0 || i > 4 {
				continue
			}
			rest := trimRest(r[i+len(a):])
			if hasPrefixFold(l, "rcpt") {
				rest = t // the line names the SMTP command
			} else if descriptive && !isNeutralLabel(l) {
				// "Unknown user: addr": the label says what went wrong.
				if rest == "" {
					rest = strings.TrimRight(trimSpace(t[:len(l)]), ":")
				} else {
					rest = t
				}
			}
			return a, rest, true
		}
	}
	return "", "", false
}

// isNeutralLabel reports whether a label only names the recipient
// ("Recipient:") rather than saying what went wrong.
func isNeutralLabel(l string) bool {
	return hasPrefixFold(l, "recipient") || hasPrefixFold(l, "original-") || hasPrefixFold(l, "final-") ||
		hasPrefixFold(l, "rcpt") || hasPrefixFold(l, "addressee") || hasPrefixFold(l, "to:")
}

func trimRest(s string) string {
	s = trimSpace(s)
	for len(s) > 0 && (s[0] == ':' || s[0] == '>' || s[0] == ',' || s[0] == '.') {
		s = trimSpace(s[1:])
	}
	return s
}

// hintReason returns the reason that the family's hints give for text.
func (f *family) hintReason(text string) (reason bounce.Reason, weak bool) {
	if f == nil || len(f.hints) == 0 {
		return "", false
	}
	set := tables.genericHints
	if f != &famGeneric {
		set = tables.hints[tables.famIndex[f]]
	}
	seen := set.present(text)
	k := 0 // index among the hints that have a marker
	for _, h := range f.hints {
		if len(h.text) < 3 {
			if containsFold(text, h.text) {
				return h.reason, h.weak
			}
			continue
		}
		if seen.has(k) {
			return h.reason, h.weak
		}
		k++
	}
	return "", false
}

package suppress

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// Format is a file format for [Import] and [Export].
type Format string

// The formats.
const (
	// CSV is comma-separated values (RFC 4180) with a header row. Export
	// writes the columns address, tenant, list, kind, reason, since, until,
	// step and attempts, with times in RFC 3339.
	CSV Format = "csv"
	// JSONLines is one JSON object per line with the same field names as
	// the CSV columns.
	JSONLines Format = "jsonl"
)

// maxLine bounds one line of an imported file.
const maxLine = 64 << 10

// record is one line of an import, an export or a Memory snapshot.
type record struct {
	Addr     string        `json:"address"`
	Email    string        `json:"email,omitempty"` // import alias of address
	Tenant   string        `json:"tenant,omitempty"`
	List     string        `json:"list,omitempty"`
	Kind     Kind          `json:"kind,omitempty"`
	Reason   bounce.Reason `json:"reason,omitempty"`
	Since    time.Time     `json:"since,omitzero"`
	Until    time.Time     `json:"until,omitzero"`
	Step     int           `json:"step,omitempty"`
	Attempts int           `json:"attempts,omitempty"`
	// Soft-bounce state, written only to Memory snapshots.
	Soft      int       `json:"soft_bounces,omitempty"`
	SoftSince time.Time `json:"soft_since,omitzero"`
}

func recordOf(e Entry) record {
	return record{
		Addr: e.Addr, Tenant: e.Scope.Tenant, List: e.Scope.List, Kind: e.Kind, Reason: e.Reason,
		Since: e.Since, Until: e.Until, Step: e.Step, Attempts: e.Attempts,
	}
}

func (r record) entry() Entry {
	a := r.Addr
	if a == "" {
		a = r.Email
	}
	return Entry{
		Addr: a, Scope: Scope{Tenant: r.Tenant, List: r.List}, Kind: r.Kind, Reason: r.Reason,
		Since: r.Since, Until: r.Until, Step: r.Step, Attempts: r.Attempts,
	}
}

var csvHeader = []string{"address", "tenant", "list", "kind", "reason", "since", "until", "step", "attempts"}

// Export writes every active entry of l to w in format f and returns how many
// it wrote. It pages through l with [Lister.List].
func Export(ctx context.Context, w io.Writer, l Lister, f Format, now time.Time) (int, error) {
	var (
		cw *csv.Writer
		bw *bufio.Writer
		je *json.Encoder
	)
	switch f {
	case CSV:
		cw = csv.NewWriter(w)
		if err := cw.Write(csvHeader); err != nil {
			return 0, fmt.Errorf("suppress: export: %w", err)
		}
	case JSONLines:
		bw = bufio.NewWriter(w)
		je = json.NewEncoder(bw)
		je.SetEscapeHTML(false)
	default:
		return 0, fmt.Errorf("suppress: export: unknown format %q", f)
	}
	n := 0
	cursor := ""
	row := make([]string, len(csvHeader))
	for {
		page, next, err := l.List(ctx, cursor, 1000, now)
		if err != nil {
			return n, fmt.Errorf("suppress: export: %w", err)
		}
		for _, e := range page {
			if cw != nil {
				row[0], row[1], row[2], row[3], row[4] = e.Addr, e.Scope.Tenant, e.Scope.List, string(e.Kind), string(e.Reason)
				row[5], row[6] = formatTime(e.Since), formatTime(e.Until)
				row[7], row[8] = strconv.Itoa(e.Step), strconv.Itoa(e.Attempts)
				err = cw.Write(row)
			} else {
				err = je.Encode(recordOf(e))
			}
			if err != nil {
				return n, fmt.Errorf("suppress: export: %w", err)
			}
			n++
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, fmt.Errorf("suppress: export: %w", err)
		}
		return n, nil
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("suppress: export: %w", err)
	}
	return n, nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Import reads entries in format f from r and adds them to a with
// [Adder.Add], and returns how many it added (expired leases are skipped).
// It stops at the first invalid line, with an error that names the line;
// the entries before it stay added.
//
// # Leniency
//
// Import accepts the lists other providers export. CSV columns are found by
// their header, ignoring case, spaces and punctuation: the address is in
// "address", "email", "email address" or "recipient"; "type" is an alias of
// "kind", and "created", "created at", "last update time" or "date" of
// "since"; other columns are ignored. A file without a recognised header
// is read as a list of addresses in its first column. Kinds may be written
// as other providers do ("BOUNCE", "spam report", "unsubscribe", "block"),
// a reason column that holds a kind word (as in an Amazon SES export) sets
// the kind, and a missing kind means [Manual]. A reason that is not a
// single reason word is classified with [bounce.Classify]. Times are
// RFC 3339, "2006-01-02 15:04:05" (UTC), a date, or Unix seconds.
func Import(ctx context.Context, r io.Reader, a Adder, f Format, now time.Time) (int, error) {
	switch f {
	case CSV:
		return importCSV(ctx, r, a, now)
	case JSONLines:
		return importJSON(ctx, r, a, now)
	}
	return 0, fmt.Errorf("suppress: import: unknown format %q", f)
}

func importJSON(ctx context.Context, r io.Reader, a Adder, now time.Time) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxLine)
	n, line := 0, 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec record
		if err := json.Unmarshal(b, &rec); err != nil {
			return n, fmt.Errorf("suppress: import line %d: %w", line, err)
		}
		added, err := add(ctx, a, rec.entry(), now)
		if err != nil {
			return n, fmt.Errorf("suppress: import line %d: %w", line, err)
		}
		if added {
			n++
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return n, fmt.Errorf("suppress: import line %d: longer than %d bytes", line+1, maxLine)
		}
		return n, fmt.Errorf("suppress: import: %w", err)
	}
	return n, nil
}

// add normalises the kind of e and adds it; expired leases are skipped.
func add(ctx context.Context, a Adder, e Entry, now time.Time) (bool, error) {
	if e.Kind == "" {
		e.Kind = Manual
	}
	if !e.Kind.Valid() {
		k, ok := kindWord(string(e.Kind))
		if !ok {
			return false, fmt.Errorf("unknown kind %q", e.Kind)
		}
		e.Kind = k
	}
	if !e.Until.IsZero() && !e.Until.After(now) {
		return false, nil
	}
	if err := a.Add(ctx, e, now); err != nil {
		return false, err
	}
	return true, nil
}

// fold lower-cases s and drops everything but letters and digits.
func fold(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// kindWord maps the words providers use for their lists to a Kind.
func kindWord(s string) (Kind, bool) {
	switch fold(s) {
	case "bounce", "bounces", "bounced", "hard", "hardbounce", "hardbounces":
		return Bounce, true
	case "softbounce", "softbounces", "soft":
		return SoftBounce, true
	case "complaint", "complaints", "complained", "spamreport", "spamreports", "abuse", "spam":
		return Complaint, true
	case "unsubscribe", "unsubscribes", "unsubscribed", "optout", "globalunsubscribe", "groupunsubscribe":
		return Unsubscribe, true
	case "manual", "block", "blocks", "blocked", "invalid", "invalidemail", "invalidemails", "suppressed":
		return Manual, true
	}
	return "", false
}

// csvColumn maps a folded header name to a record field.
func csvColumn(h string) string {
	switch fold(h) {
	case "address", "email", "emailaddress", "recipient", "mail", "mailaddress":
		return "address"
	case "tenant":
		return "tenant"
	case "list", "listid":
		return "list"
	case "kind", "type":
		return "kind"
	case "reason":
		return "reason"
	case "since", "created", "createdat", "lastupdatetime", "date", "timestamp", "addedat":
		return "since"
	case "until", "expires", "expiresat":
		return "until"
	case "step":
		return "step"
	case "attempts":
		return "attempts"
	}
	return ""
}

// lineLimit fails a read once a line grows longer than maxLine, so that a
// CSV field cannot grow without bound.
type lineLimit struct {
	r   io.Reader
	cur int
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.cur = 0
		} else if l.cur++; l.cur > maxLine {
			return i, fmt.Errorf("line longer than %d bytes", maxLine)
		}
	}
	return n, err
}

func importCSV(ctx context.Context, r io.Reader, a Adder, now time.Time) (int, error) {
	cr := csv.NewReader(&lineLimit{r: r})
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	cols := map[string]int{}
	n := 0
	for row := 0; ; row++ {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return n, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return n, fmt.Errorf("suppress: import: %w", err)
		}
		if row == 0 {
			for i, h := range rec {
				if c := csvColumn(h); c != "" {
					if _, dup := cols[c]; !dup {
						cols[c] = i
					}
				}
			}
			if _, ok := cols["address"]; ok {
				continue
			}
			// No header: a plain list of addresses.
			cols = map[string]int{"address": 0}
		}
		get := func(c string) string {
			if i, ok := cols[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(rec) == 1 && get("address") == "" {
			continue // blank line
		}
		e, err := csvEntry(get)
		if err == nil {
			var added bool
			added, err = add(ctx, a, e, now)
			if added {
				n++
			}
		}
		if err != nil {
			return n, fmt.Errorf("suppress: import line %d: %w", line, err)
		}
	}
}

func csvEntry(get func(string) string) (Entry, error) {
	e := Entry{Addr: get("address"), Scope: Scope{Tenant: get("tenant"), List: get("list")}}
	if k := get("kind"); k != "" {
		e.Kind = Kind(k)
	}
	if r := get("reason"); r != "" {
		if k, ok := kindWord(r); ok && e.Kind == "" {
			e.Kind = k
		} else {
			e.Reason = reasonOf(r)
		}
	}
	var err error
	if e.Since, err = parseTime(get("since")); err != nil {
		return e, fmt.Errorf("since: %w", err)
	}
	if e.Until, err = parseTime(get("until")); err != nil {
		return e, fmt.Errorf("until: %w", err)
	}
	for _, f := range []struct {
		col string
		p   *int
	}{{"step", &e.Step}, {"attempts", &e.Attempts}} {
		if v := get(f.col); v != "" {
			if *f.p, err = strconv.Atoi(v); err != nil || *f.p < 0 {
				return e, fmt.Errorf("invalid %s %q", f.col, v)
			}
		}
	}
	return e, nil
}

// reasonOf keeps a reason word and classifies anything else, such as an
// SMTP reply kept by another provider.
func reasonOf(s string) bounce.Reason {
	word := len(s) <= 32
	for i := 0; i < len(s) && word; i++ {
		c := s[i]
		word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	if word {
		return bounce.Reason(strings.ToLower(s))
	}
	return bounce.Classify(s).Reason
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		if v > 1e11 { // milliseconds
			return time.UnixMilli(v).UTC(), nil
		}
		return time.Unix(v, 0).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid time %q", s)
}

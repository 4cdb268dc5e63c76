package dsn

import (
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// Kind says what sort of mail a [Report] was made from. The zero value,
// [NotReport], is ordinary mail: no recipients, no error.
type Kind string

// The kinds of report.
const (
	NotReport Kind = ""          // ordinary mail, not a report
	Bounce    Kind = "bounce"    // a delivery failed (RFC 3464 action "failed")
	Delay     Kind = "delay"     // delivery is delayed and still being tried
	Delivery  Kind = "delivery"  // a positive notice: delivered, relayed or expanded
	Complaint Kind = "complaint" // a feedback report (ARF, RFC 5965)
	AutoReply Kind = "autoreply" // an automatic reply (RFC 3834): vacation, out of office
)

// Action is the RFC 3464 §2.3.3 action of a recipient, as its wire word.
// The zero value means the report gave none.
type Action string

// The actions.
const (
	Failed    Action = "failed"
	Delayed   Action = "delayed"
	Delivered Action = "delivered"
	Relayed   Action = "relayed"
	Expanded  Action = "expanded"
)

// Command is the SMTP command in reply to which a remote server refused the
// message, as its wire word. The zero value means it is not known.
type Command string

// The commands.
const (
	CommandConn Command = "CONN" // the connection or its greeting
	CommandEHLO Command = "EHLO" // EHLO or HELO
	CommandTLS  Command = "STARTTLS"
	CommandMAIL Command = "MAIL" // MAIL FROM
	CommandRCPT Command = "RCPT" // RCPT TO
	CommandDATA Command = "DATA" // DATA or the end of data
)

// Report is what one mail to the return path says: its kind, the reporting
// MTA, one [Recipient] per address it reports on, and the identity of the
// returned message.
//
// A Report is a plain value; it is not safe for concurrent modification.
type Report struct {
	Kind         Kind
	ReportingMTA string    // RFC 3464 Reporting-MTA, without its type ("mx.example.org")
	ArrivalDate  time.Time // RFC 3464 Arrival-Date; zero if not given
	// MTA names the format that was recognised: "rfc3464", "arf",
	// "rfc3834" or an MTA family such as "postfix" or "exim". It is meant
	// for logs and statistics; its values may grow.
	MTA string

	// ReturnPath is the address the report was delivered to, taken from
	// Delivered-To, X-Original-To or To; with VERP it encodes the
	// recipient ([DecodeVERP]).
	ReturnPath string

	// Recipients are in the order the report gives them.
	Recipients []Recipient

	// Original identifies the returned message.
	Original Original

	// Feedback holds the fields of a complaint; nil unless Kind is
	// [Complaint].
	Feedback *Feedback

	// Truncated is set when a limit of the [Parser] was reached and the
	// report was made from the part of the mail that was read.
	Truncated bool
}

// Recipient is the result for one recipient: the fields of an RFC 3464
// per-recipient block, or what was found in a non-standard bounce, and the
// decision made from all of it.
type Recipient struct {
	FinalRecipient    string // the address the report is about
	OriginalRecipient string // the address as first given, if the report says
	Action            Action
	Status            bounce.Code // RFC 3463 status, zero if none was given or implied
	RemoteMTA         string      // the remote host that answered, without its type
	DiagnosticType    string      // "smtp", "x-unix", … ; empty if unknown
	Diagnostic        string      // the diagnostic text, normally the remote server's reply
	Command           Command     // the SMTP command that failed, if known
	LastAttempt       time.Time   // Last-Attempt-Date; zero if not given
	WillRetryUntil    time.Time   // Will-Retry-Until; zero if not given

	// Result is the decision about this recipient.
	Result bounce.Result
}

// Original identifies the message that was returned, so that a sender can
// correlate a report with what it sent.
type Original struct {
	// MessageID is the returned message's Message-ID without its angle
	// brackets ("id@example.net"): message ids in bouncekit are bare,
	// as deliver's Message.ID is. Add "<" and ">" to write it in a field.
	MessageID string
	From      string
	To        string
	Subject   string // decoded (RFC 2047)
	Date      time.Time

	// ID is the value of the Parser's IDHeader in the returned message
	// (for example a campaign or message identifier the sender added).
	ID string

	raw string // the header block of the returned message; see Header
}

// Feedback holds the fields of an RFC 5965 feedback report.
type Feedback struct {
	FeedbackType     string // "abuse", "fraud", "virus", "other", …
	UserAgent        string
	Version          string
	OriginalMailFrom string
	OriginalRcptTo   []string
	ArrivalDate      time.Time
	SourceIP         string
	ReportedDomain   []string
	ReportedURI      []string
}

// eachString calls f with every string of r, those of typed strings
// included.
func (r *Report) eachString(f func(*string)) {
	f((*string)(&r.Kind))
	f(&r.ReportingMTA)
	f(&r.MTA)
	f(&r.ReturnPath)
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		f(&rc.FinalRecipient)
		f(&rc.OriginalRecipient)
		f((*string)(&rc.Action))
		f(&rc.RemoteMTA)
		f(&rc.DiagnosticType)
		f(&rc.Diagnostic)
		f((*string)(&rc.Command))
		f((*string)(&rc.Result.Category))
		f((*string)(&rc.Result.Reason))
		f(&rc.Result.Provider)
	}
	o := &r.Original
	f(&o.MessageID)
	f(&o.From)
	f(&o.To)
	f(&o.Subject)
	f(&o.ID)
	f(&o.raw)
	if fb := r.Feedback; fb != nil {
		f(&fb.FeedbackType)
		f(&fb.UserAgent)
		f(&fb.Version)
		f(&fb.OriginalMailFrom)
		f(&fb.SourceIP)
		for _, l := range [...][]string{fb.OriginalRcptTo, fb.ReportedDomain, fb.ReportedURI} {
			for i := range l {
				f(&l[i])
			}
		}
	}
}

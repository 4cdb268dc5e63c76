// Package dsn parses the mail that arrives at a return path — bounces,
// delay notices, delivery notices, complaints and auto-replies — into a
// [Report] with one [Recipient] per address, each carrying the decision of
// package bounce ([bounce.Result]: category, reason, retry, suppress).
//
//	rep, err := dsn.Parse(r)
//	for _, rc := range rep.Recipients {
//		fmt.Println(rc.FinalRecipient, rc.Status, rc.Result.Reason)
//	}
//
// [Parse] reads the mail with github.com/emersion/go-message (MIME,
// transfer encodings, charsets); [ParseEntity] takes an entity already read.
// Ordinary mail is not an error: it gives a Report of kind [NotReport] with
// no recipients.
//
// # Standards
//
//   - [RFC 3464]: message/delivery-status (Reporting-MTA, Arrival-Date,
//     Final-Recipient, Original-Recipient, Action, Status, Remote-MTA,
//     Diagnostic-Code, Last-Attempt-Date, Will-Retry-Until).
//   - [RFC 6533]: message/global-delivery-status, message/global,
//     message/global-headers and utf-8 address types (\x{HEX} escapes).
//   - [RFC 3461] §4: xtext in addresses (+HH).
//   - [RFC 3462] / [RFC 6522]: multipart/report; text/rfc822-headers.
//   - [RFC 5965]: feedback reports (ARF), read into [Feedback]; each
//     complaining recipient gets reason "feedback". Outlook.com JMRP
//     notices, Apple Mail unsubscribe notices and Amazon SES complaint
//     notifications are read as complaints too.
//   - [RFC 3834]: automatic replies (Auto-Submitted: auto-replied and the
//     usual vendor markers), reason "vacation"; they are not bounces.
//   - [RFC 3463] status codes and [RFC 5321] replies, through package bounce.
//
// # Non-standard bounces
//
// Many MTAs send no delivery-status part, or one without the diagnostic.
// A plain-text engine reads their text: each MTA family (Postfix, Exim,
// Sendmail, qmail, Exchange, Gmail, …) is a data table in its own
// mta_*.go file that says how to recognise it and where its error text
// starts and ends. The engine detects the family once, cuts the error
// section out of the decoded text once, and reads per-recipient blocks:
// an address alone on a line, "<addr>:", "addr: text", or a labelled line
// ("Recipient address: addr"). From each block it takes the SMTP reply,
// the remote host and the SMTP command that failed. Amazon SES JSON
// notifications are decoded too.
//
// The families known today: Postfix, Sendmail, Exim, qmail, Courier,
// OpenSMTPD, the DragonFly Mail Agent, Exchange and Office 365, Outlook.com,
// Gmail and Google Groups, Yahoo, Apple iCloud, Amazon SES and WorkMail,
// Mail.ru, Zoho, Lotus Notes and Domino, IMail, Oracle Messaging Server,
// au/KDDI and other Japanese providers, MMS gateways, and the filters
// McAfee, Mimecast, Barracuda, Proofpoint, MessageLabs, Sophos, Trend Micro,
// m-FILTER, SurfControl, ActiveHunter, MailFoundry and amavis. Mail from an
// unknown MTA that looks like a bounce (a mailer-daemon sender, a bounce
// subject in one of several languages, X-Failed-Recipients) is read with
// the generic shapes alone.
//
// Supporting a new format is one new mta_*.go file holding a family value,
// one line in the families list of engine.go (the detection order), and a
// synthetic sample with its golden file in testdata.
//
// # Decisions
//
// Each recipient's [bounce.Result] comes from [bounce.ClassifyInput] on the
// diagnostic, the status and the failing SMTP command when the report names
// it (package bounce holds the command rules: an address refused at MAIL
// FROM is the sender's, "user unknown" after DATA is a filter's). There
// is one decision path: dsn does not contradict bounce on the same text.
// It adjusts bounce's decision only by what the report alone knows: an
// MTA-specific wording (a family hint, passed back to bounce as
// [bounce.Input].Reason so that the command rules still apply), which
// decides only where bounce reads nothing specific in the diagnostic's
// text, or names the error a message given up after retrying met where
// bounce reads only the expiry; a local delivery program's failure
// (x-unix: mailererror); a report that names no command ("unknown user"
// without an x.1.x status is then read as bounce reads it after DATA: a
// filter's verdict rather than a missing mailbox, so the address is not
// suppressed, unless the words are a receiver's own); and the action (a
// delay with no known reason is expired; a text that says delivery will be
// retried is a delay notice). Where the recipient's domain or the remote
// host is a receiver whose words mean something of their own there
// (bounce.Result.Provider), that meaning decides and none of these does. TestOneDecisionPath lists every recipient
// whose reason differs from bounce's reading, with its cause.
//
// # Message ids
//
// A message id is bare throughout bouncekit: "id@example.net", the
// id-left@id-right of [RFC 5322] §3.6.4 without the angle brackets, which
// are the field's syntax, not part of the id. [Original].MessageID is
// read that way (brackets, comments and white space around it removed),
// so that it compares equal to the id a sender gave deliver's Message.ID
// and recorded. Write "<" + id + ">" to put one in a field.
//
// # Leniency
//
// Parsing is best effort. LF, CRLF and CR-only line ends are accepted (all
// are turned into LF). A leading mbox "From " line is skipped. Truncated
// MIME (no closing boundary) keeps what was read; unknown charsets and
// transfer encodings are read undecoded. Field names are matched ignoring
// case, a Diagnostic-Code without a type is kept whole, a Status with text
// after the code ("5.0.0 (permanent failure)") is read, an x.0.0 Status is
// refined by a precise code in the diagnostic, and a missing Status is
// implied from the reply code. A bounce that names no recipient in its
// text falls back to X-Failed-Recipients, then to the To field of the
// returned message. Delivery-status fields sent as plain text, multipart
// reports without boundary lines, and reports forwarded inside a
// message/rfc822 part are read too. A delivery-status block without
// Final-Recipient is kept: it is named by its Original-Recipient or
// X-Actual-Recipient, else by the address in its diagnostic, else (for a
// single such block) by the returned message's To field when that holds
// one address. Part headers that go-message would refuse (a field folded
// without indentation, an indented or broken first line) are mended before
// go-message reads them, and a returned header keeps its fields when its
// folds lost their indentation or when it opens with a line of prose.
//
// # Limits
//
// A [Parser] bounds what one mail can cost: MaxBytes read (16 MiB),
// MaxParts visited (100), MaxDepth of nesting (8), MaxHeaderBytes of one
// header block (256 KiB) and MaxTotalHeaderBytes of all MIME part headers
// together (512 KiB); 0 means the default and -1 no limit. The mail's own
// header over its limit is an error wrapping [ErrTooLarge]; anything over a
// limit later gives the Report built from what was read, with Truncated
// set: a part header over MaxHeaderBytes keeps its first bytes, and part
// headers over MaxTotalHeaderBytes end the walk. Only the header of a
// returned message is read, never its body; the delivery-status parts are
// kept up to 256 KiB each and 1 MiB in all, and the text up to 1 MiB.
//
// go-message, which reads the part headers, keeps every field with its
// raw bytes, key and value and spends some 500 bytes on a field however
// short, so a line of a part header counts as at least 64 bytes against
// the two header limits. With the default limits, a mail costs Parse at
// most about 16 MiB of allocation (the peak heap is less), whatever it
// holds: TestHostilePartHeaders measures 4 to 10 MiB for mails made to
// cost the most (15 MB of one part-header field repeated, 400 000
// distinct fields, 15 MB of parts with 180 KB headers, nested multiparts, 60
// delivery-status parts of 250 KB), where 15 MB of repeated part-header
// fields cost 640 MiB before these limits. A common bounce costs about
// 10 KiB. Raising a limit raises that bound in proportion.
//
// # Charsets
//
// Importing dsn imports github.com/emersion/go-message/charset, which
// sets the package variable message.CharsetReader of go-message in its
// init function, so that every user of go-message in the program decodes
// ISO-2022-JP, Shift_JIS, EUC-JP, windows-125x and the other charsets of
// golang.org/x/text. dsn itself sets no global. dsn decodes the charset of
// a text part only when it must: text of printable ASCII alone in an
// ASCII-compatible charset (ISO-8859-x, windows-125x, ISO-2022-JP without
// escapes, Shift_JIS, EUC-x, GB2312/GBK, Big5, KOI8) reads the same once
// decoded, so it is used as it is; any other text goes through
// go-message's charset package. Japanese text whose bytes contradict its
// label is decoded as what it is: ISO-2022-JP escapes in a part labelled
// EUC-JP, Shift_JIS, US-ASCII or nothing, and 8-bit EUC-JP or Shift_JIS in
// a part (or encoded word) labelled ISO-2022-JP.
//
// # Concurrency
//
// Parse, ParseEntity and a Parser whose fields are set are safe for
// concurrent use by multiple goroutines. A Report is a plain value. Parse
// borrows scratch space from a package-level sync.Pool (dsn's only mutable
// package state): the read buffer, into which the top-level header and
// the text are read in place, an arena for the strings the analysis
// keeps, and the readers of the walk. Before it gives them back, it copies
// every string of the Report that points into them to memory of its own,
// in one allocation: nothing in a Report points into the pool, and a
// Report stays as it was however many mails are parsed after it.
//
// # Performance
//
// A mail is read once: the top-level header into the pooled buffer, the
// body through go-message's textproto.MultipartReader, which parses only
// the header of each part. Only the parts a report is made of are decoded
// (go-message undoes their transfer encoding), only the header of the
// returned message is read, and the walk stops after it. BenchmarkParse
// measures messages per second, bytes allocated per message and alloc-x,
// those bytes over the mean message size; BenchmarkParseFloor measures
// go-message's multipart reader alone, the floor under Parse.
//
// See Example_parse for a complete use.
//
// [RFC 3464]: https://www.rfc-editor.org/rfc/rfc3464
// [RFC 6533]: https://www.rfc-editor.org/rfc/rfc6533
// [RFC 3461]: https://www.rfc-editor.org/rfc/rfc3461
// [RFC 3462]: https://www.rfc-editor.org/rfc/rfc3462
// [RFC 6522]: https://www.rfc-editor.org/rfc/rfc6522
// [RFC 5965]: https://www.rfc-editor.org/rfc/rfc5965
// [RFC 3834]: https://www.rfc-editor.org/rfc/rfc3834
// [RFC 3463]: https://www.rfc-editor.org/rfc/rfc3463
// [RFC 5321]: https://www.rfc-editor.org/rfc/rfc5321
// [RFC 5322]: https://www.rfc-editor.org/rfc/rfc5322
package dsn

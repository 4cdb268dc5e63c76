// Package returnpath receives the mail that comes back to the return paths
// of a [deliver.Deliverer] over SMTP: it is the server that the MX records
// of the return-path domain point to. Bounces, delay notices and
// complaints are parsed with package dsn and handed to
// [deliver.Deliverer.Ingest], with the RCPT TO address as the return path
// (a VERP address names the recipient more reliably than the mail's own
// header fields), so they get the same decisions as a reply at send time.
//
// [Backend] is the go-smtp [smtp.Backend]; [Server] runs it with the limits
// a receiver open to the Internet needs. Package deliver does not import
// this one: a program that only sends does not compile it.
//
// # Replies
//
//   - RCPT TO outside the configured return-path domains: 550 5.7.1. The
//     receiver is never an open relay; nothing it accepts is forwarded.
//   - MAIL FROM:<> is accepted, as are other reverse paths (complaint
//     loops and auto-replies have one).
//   - DATA: 250 only once Ingest returned without error for each RCPT TO;
//     451 4.3.0 when the Store or the Deliverer's state could not be
//     written, the Backend's Timeout passed, or another node is recording
//     the same report ([deliver.ErrReportInProgress]: the reporting
//     server timed out on one MX and offers it here), so the reporting
//     server keeps the mail and tries again: a bounce is never lost to an
//     outage of ours, nor recorded twice by two MXs. A mail with several RCPT TO may have been recorded for some
//     of them before the failure; the retry hands them to Ingest again,
//     which is where a repeated report must be recognised. Data that
//     cannot be read whole gets 451 4.3.0 as well, never go-smtp's default
//     554, which would make the sender give up.
//   - A mail that is not a report Ingest acts on (ordinary mail, an
//     auto-reply, a delivery notice, a report that names no recipient) or
//     that cannot be parsed is accepted with 250, so no bounce loop
//     starts, and handed to Backend.Unhandled (logged when it is nil).
//   - A mail over MaxMessageBytes (10 MiB by default): 552 5.3.4, at MAIL
//     when the client gives its SIZE (RFC 1870), else at the end of DATA.
//     Past MaxRecipients (100): 452 4.5.3. Past MaxSessions (100): a 421
//     4.7.0 greeting. A client silent for ReadTimeout (5 minutes): 421
//     4.4.2.
//
// # Standards
//
//   - RFC 5321: SMTP, through go-smtp's server; the timeouts of §4.5.3.2
//     and the 100-recipient minimum of §4.5.3.1.8 are the defaults.
//   - RFC 3207: STARTTLS, offered when Server.TLSConfig is set.
//   - RFC 1870: SIZE, advertised with MaxMessageBytes.
//   - RFC 6531: SMTPUTF8 is accepted; domains compare in their A-label
//     form (RFC 5891).
//   - RFC 3464, RFC 5965, RFC 3834: the reports, through package dsn.
//
// # Divergences
//
//   - The bare "postmaster" recipient of RFC 5321 §4.5.1 is refused by
//     go-smtp's address parser (501); "postmaster@" a return-path domain
//     is accepted and goes to Unhandled.
//   - The session limit is Server's: a Backend run in a go-smtp server of
//     your own is limited by that server alone.
//
// # Memory
//
// A session holds at most one mail's parse (bounded by the dsn.Parser's
// limits) and, only when Backend.Unhandled is set, the mail itself (at most
// MaxMessageBytes), so the receiver holds at most MaxSessions times that.
//
// # Performance
//
// On loopback, through go-smtp's client, one transaction (MAIL, RCPT, DATA
// of a 680-byte RFC 3464 bounce) per bounce, with the Memory store, on a
// shared 2-core machine whose load average was 11 to 12 (two runs,
// go test -bench . -benchtime 2000x / 3000x -count 2 / 3 -benchmem):
//
//	BenchmarkReceiver          2 600 – 4 900 bounces/s   205–390 µs/op   18–22 KB/op   113–121 allocs/op
//	BenchmarkReceiverParallel  1 300 – 2 600 bounces/s   380–770 µs/op   18 KB/op      114 allocs/op
//	BenchmarkHandleBounce      7 500 – 27 600 bounces/s   36–133 µs/op   22 KB/op       97–98 allocs/op
//
// HandleBounce alone is the floor: parsing and recording. The receiver adds
// the SMTP exchange, four round trips between two goroutines per bounce,
// which a loaded machine makes wait for the scheduler: 2 to 10 times the
// floor here, in allocations about 15 more per bounce. Either is far above
// the bounce rate of any sender; the parallel figures are low because
// client and server share the same two busy cores.
//
// # Concurrency
//
// A Backend and a Server are safe for concurrent use by multiple
// goroutines once their fields are set; go-smtp serves each connection in
// its own goroutine.
//
// See the Example for a receiver on loopback and a bounce sent to it.
package returnpath

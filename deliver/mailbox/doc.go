// Package mailbox reads bounce mails from an IMAP mailbox (the mailbox
// that the return-path address delivers to) and hands each to
// [deliver.Deliverer.Ingest], the entry point that the SMTP receiver and the
// provider webhooks use too: the same Store records, guard counting,
// correlation and events as [deliver.Deliverer.HandleBounce].
//
// A [Reader] never loses a bounce to a failure of its own: a mail is moved
// to DoneMailbox (or flagged \Deleted and expunged) only after Ingest
// recorded its outcome. When the Store is down, or another node is
// recording the same report ([deliver.ErrReportInProgress]: it came to
// that node another way too), the mail stays in the mailbox and the next
// pass reads it again. A mail that is not a report,
// or cannot be parsed, is never deleted.
//
// # Exactly once
//
// The Reader works by UID within the mailbox's UIDVALIDITY. A mail whose
// outcome was recorded but which could not be moved (the connection broke
// in between) is remembered by the Reader and moved on the next pass
// without being recorded again. After a restart such a mail is read again;
// it is handed to Ingest with the same key ("imap:" user@addr/mailbox/
// UIDVALIDITY/UID), which Ingest records once. Keep Addr, Username and
// Mailbox the same across restarts for that. A new UIDVALIDITY (the
// mailbox was recreated) starts afresh.
//
// # Standards
//
//   - RFC 9051 (IMAP4rev2) and RFC 3501 (IMAP4rev1), through go-imap v2's
//     imapclient: UID SEARCH, UID FETCH BODY.PEEK[]<0.n> (the \Seen flag is
//     not set), UID MOVE (RFC 6851) or, without it, COPY, STORE \Deleted and
//     EXPUNGE (UID EXPUNGE with UIDPLUS, RFC 4315).
//   - RFC 2177: IDLE, with go-imap's restart every 28 minutes.
//   - RFC 8314 implicit TLS, or RFC 2595 STARTTLS; RFC 4959 SASL
//     (AUTHENTICATE) with go-sasl clients, or LOGIN.
//
// # Divergences
//
//   - Without UIDPLUS or MOVE, the EXPUNGE that marks mails done also
//     removes other mails that a person flagged \Deleted in that mailbox.
//   - A mail over MaxBytes (10 MiB by default) is parsed from its first
//     MaxBytes, which hold the report; the rest is not fetched.
//   - A mail that is not a report is read again by each new Reader unless
//     UnhandledMailbox is set.
//
// # Performance
//
// BenchmarkOnce reads, records and moves 200 bounce mails from go-imap's
// in-memory server on loopback: about 5 800 mails/s (170 µs and 34 KiB
// per mail, server included) on a shared 2-core machine. A real server's
// round trips dominate; mails are fetched and moved in batches of Batch.
//
// # Concurrency
//
// A Reader is safe for concurrent use by multiple goroutines; its passes
// are serialised. Run is the opt-in loop; no goroutine is started
// otherwise.
//
// See the Example for a Reader over a TLS mailbox.
package mailbox

// Package suppress keeps bad addresses from being mailed again: a
// suppression list with the rules of the large senders.
//
//   - A hard bounce suppresses an address for a progressive lease, as in
//     Azure Communication Services' managed suppression list: 24 h at
//     first; a send attempted during the lease is dropped and extends it
//     to 48 h, then 96 h, 7 days and at most 14 days, each counted from
//     the attempt. A lease that sees no attempt expires, and the next hard
//     bounce starts a new cycle at 24 h. See [Lease].
//   - Complaints (ARF abuse reports, RFC 5965), unsubscribes and manual
//     entries stay until removed, like Amazon SES's account-level
//     suppression list and SendGrid's bounce and block lists.
//   - Soft bounces are counted: the 7th consecutive one within 5 days counts
//     as a hard bounce (Zoho's rule); a delivery resets the count. Spam
//     results (policy, reputation, content) never suppress the recipient,
//     who is not at fault. See [Policy].
//   - Entries live in a [Scope]: global, one tenant's, or one list's, so an
//     unsubscribe from a newsletter does not stop transactional mail.
//
// A [Store] does the pre-send check ([Store.Allow]), records outcomes
// ([Store.Record]) and removes entries ([Store.Remove]); extra abilities are
// the optional interfaces [Getter], [Adder] and [Lister], found by type
// assertion. [Import] and [Export] move a list in CSV or JSON lines, so that
// a list exported from another provider can be loaded.
//
// [Memory] is the in-process store; [Memory.Save] and [Memory.Load] keep it
// across restarts in a JSON-lines file. Package redisstore (go-redis) and
// package pgstore (pgx) share one list between sending nodes; package
// suppresstest is the conformance suite every store passes.
//
// # Time
//
// Every method takes the time of the call (pass time.Now()), and the stores
// keep times in whole seconds. Tests step through the 14-day schedule
// without sleeping.
//
// # Addresses
//
// Addresses are normalised by [Normalize]: trimmed, the domain lower-cased
// and converted to its ASCII form (IDNA, RFC 5891 / UTS #46), the local part
// lower-cased unless [Policy.KeepLocalCase] is set. RFC 5321 says local parts
// are case-sensitive; in practice no mailbox provider treats them so, and
// comparing them case-insensitively keeps "John@" and "john@" from being
// mailed after one of them bounced. Quoted local parts with spaces are
// rejected.
//
// # Errors
//
// A store never turns a backend error into "allowed": Allow returns the
// error with a zero [Decision], which is not allowed. Invalid addresses give
// an error wrapping [ErrInvalidAddress].
//
// # Concurrency
//
// Every Store is safe for concurrent use by multiple goroutines, and the
// shared stores by many processes: each Allow and Record is one atomic step
// on the server.
package suppress

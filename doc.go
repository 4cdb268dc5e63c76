// Package bouncekit is the root of an embeddable library for everything that
// happens after a mail is sent: it turns SMTP replies and bounce mails into
// decisions and acts on them. The root package holds no code; the work is
// done by four packages that build on one another:
//
//   - [github.com/bouncekit/bouncekit/bounce] parses RFC 5321 replies and
//     RFC 3463 enhanced status codes and classifies a reply or a send error
//     as hard, soft or spam, with a reason word (userunknown, mailboxfull,
//     blocked …) and the advice a sender acts on: retry, suppress. It is
//     pure and sits at the bottom.
//   - [github.com/bouncekit/bouncekit/dsn] parses bounce mails: RFC 3464
//     delivery status notifications, RFC 6533, ARF complaints (RFC 5965),
//     auto-replies (RFC 3834) and the non-standard bounces real mail servers
//     send, into per-recipient results decided by bounce.
//   - [github.com/bouncekit/bouncekit/suppress] keeps bad addresses from
//     being mailed again: a Store interface with the progressive lease for
//     hard bounces (24 h, then 48 h, 96 h, 7 d, 14 d while sends keep being
//     attempted), permanent complaints and unsubscribes, and in-memory,
//     Redis and PostgreSQL implementations.
//   - [github.com/bouncekit/bouncekit/deliver] wraps the sender a program
//     already has: suppression check, send, classify, record, retry with
//     backoff, per-domain throttling, a bounce-rate guard per campaign, and
//     the ingestion of asynchronous bounces, with events for each outcome.
//
// Imports run one way: dsn and suppress import bounce; deliver imports all
// three.
package bouncekit

// Package deliver wraps an existing sender with what comes after a send:
// suppression checks, classification of each recipient's reply, retries with
// backoff, per-domain throttling, a bounce-rate guard per campaign, and the
// handling of bounce mails that arrive later.
//
// A [Deliverer] takes a [Message] (envelope, content, campaign, suppression
// scope) and a [Sender], anything that sends a message and reports one
// outcome per recipient: [SMTPSender] speaks SMTP with go-smtp, and
// [SenderFunc] adapts a function (an HTTP API client, a test fake).
// [Deliverer.Deliver] returns one [Result] per recipient: Delivered,
// Deferred (with its NextAttempt), Bounced, Blocked, Suppressed, Expired,
// Failed, Held (campaign paused), Cancelled or Invalid.
//
// The Deliverer decides; the caller's [Queue] schedules. With Queue set,
// Deliver puts the recipients to retry there, and [Deliverer.DeliverDue] (or
// the opt-in loop [Deliverer.Run]) takes them out when due. [MemoryQueue]
// keeps them for the life of the process; the Queue interface (schedule,
// claim with a lease and a token, complete per message and recipient) fits a
// durable shared table as well: package
// [github.com/bouncekit/bouncekit/deliver/pgqueue] is one. The claim's token
// keeps a worker whose lease ran out from completing or rescheduling an item
// that another worker claimed since ([ErrClaimLost]).
//
// # Decisions
//
//   - A suppressed recipient (suppress.Store.Allow) is dropped, never sent,
//     and its lease is extended by the store (24 h → 48 h → …).
//   - A hard failure is recorded in the Store (a bounce lease); a spam or
//     policy refusal is reported as Blocked and not retried; a soft
//     failure, or a network error (a connection lost mid-DATA), is retried
//     with [Backoff]: 5 minutes first (greylisting), doubling to 4 hours,
//     ±20 % jitter, given up after 72 hours as Expired (and counted once as
//     a soft bounce in the Store). A 5xx is not retried unless bounce says
//     time may cure it ([bounce.Result].Retry: a full mailbox, a message too
//     big, a rate limit): a soft 5xx refusal without such a cause (554
//     Transaction failed) is Failed at once, one soft bounce in the Store.
//   - A rate-limit reply (421, the reasons speeding and toomanyconn, Office
//     365's 4.7.500 to 4.7.699) pauses the destination domain, then limits
//     its rate ([Throttle]), instead of hammering it. Greylisting is not a
//     rate limit: bounce classifies it as speeding and marks it
//     [bounce.Result].Greylisted, which keeps the domain unthrottled; the
//     first retry serves it.
//   - [Guard] pauses a campaign for 24 hours when its hard-bounce rate passes
//     5 % (or its complaint rate 0.1 %), after a minimum sample, and cancels
//     it when the rate passes again after the resume, as Zoho Marketing
//     Automation does. Suppressed drops count neither as attempts nor as
//     bounces.
//
// [Deliverer.HandleBounce] parses a bounce mail with package dsn and hands
// the report to [Deliverer.Ingest], the one entry point of asynchronous
// reports (the intakes of bounce mails and provider events use it too). It
// correlates the report with the sent message (Message-ID, a header named
// by the Parser's IDHeader, or a VERP return path) and applies the same
// decisions: complaints become permanent suppressions, auto-replies are
// ignored, delay notices only emit an event. A report changes only the
// recipients of a message sent to them, so that a forged mail to the
// return path suppresses nobody (Kind [Unmatched]; Deliverer.TrustReports
// relaxes this), at most 100 recipients per report and one per complaint;
// and a report delivered twice is recorded once, also by two nodes at the
// same time (the State claims it, [ReportClaimer]: the second copy gets
// [ErrReportInProgress], to be delivered again later). The Message-ID is the
// strong tie: a forger cannot guess one that is unique per message and
// recipient, but anyone can make the VERP address of a recipient whose
// address they know. So a VERP return path alone ties a bounce to its one
// recipient (a forged bounce to it can still lease that recipient, or count
// against its campaign), and ties no complaint. Sign the return paths
// ([dsn.VERPSigner], Deliverer.VERP) to close that: a bounce is then tied
// by its return path only when the path's tag was made with the key for
// that recipient in the last two weeks.
//
// # State and several sending nodes
//
// Besides the suppression Store, the decisions rest on a [State]: the
// guard state of each campaign, the throttle of each domain, the sent
// messages that reports are correlated with, and the reports already
// handled. The zero Deliverer keeps it in memory ([MemoryState]). When
// several processes send, give each Deliverer a State on a server they
// share (packages redisstate and pgstate), as they share the Store and
// the Queue: the guard then judges a campaign on all its sends and pauses
// it for every node, a domain that asked one node to slow down is slowed
// down on all, and a report about a message sent by one node is recorded
// by any other with the message's campaign and scope. The Deliverer asks
// the State before each send and tells it the outcomes after; when the
// State cannot be read before the send, the message is not sent. With a
// State that implements [GateSettler] (both shared states do), the
// outcomes of a send are carried by the next gate: one round trip per
// message, and a timer saves them when no gate comes within
// [Deliverer.SettleDelay] (50 ms); call [Deliverer.Flush] before the
// process exits. The counters of [Deliverer.Stats] and the events stay
// per process.
//
// # Events and counters
//
// Each outcome is an [Event] passed to Deliverer.OnEvent, synchronously;
// [LogEvents] logs them with log/slog. [Deliverer.Stats] returns the
// counters per domain and per campaign at any time. Memory stays bounded:
// the Deliverer keeps at most MaxDomains domains and MaxCampaigns campaigns
// (10 000 each by default), forgetting the ones that went longest without
// mail but never a throttled domain nor a paused or cancelled campaign;
// [Deliverer.Forget] drops a campaign that is over. The default State
// tracks at most Track sent messages (100 000) for TrackFor (7 days), and
// as many handled reports.
//
// # Standards
//
//   - RFC 5321: SMTP; a 421 reply closes the connection (§3.8), 4xx replies
//     are retried, 5xx are not.
//   - RFC 3463: enhanced status codes, read from the replies.
//   - RFC 3207: STARTTLS, opportunistic by default ([TLSPolicy]).
//   - RFC 4954: SMTP AUTH, through go-sasl.
//   - RFC 6531: SMTPUTF8 is asked for when an address is not ASCII.
//   - RFC 3464, RFC 5965, RFC 3834: bounce mails, complaints and auto-replies,
//     through package dsn.
//   - RFC 2369, RFC 8058: List-Unsubscribe, which the Decorate hook can add
//     (with Links.Header of package
//     [github.com/bouncekit/bouncekit/suppress/unsubscribe]), the Sign hook
//     can cover with DKIM (RFC 6376), and [Deliverer.Unsubscribe] records.
//
// # Divergences
//
//   - A reused connection that the server closed while idle is replaced once
//     without counting an attempt, but only before any recipient was sent.
//   - The default TLS policy tries STARTTLS on the first connection to a
//     destination and dials again in clear text when it is not offered
//     (go-smtp has no STARTTLS on an open client); the destination is then
//     remembered.
//   - After a resume, the guard judges the mail sent since the resume, not
//     the whole campaign, so the bounces that caused the pause do not cancel
//     it at once.
//   - A soft failure reported by a bounce mail is not retried: the remote
//     MTA already gave up. It is reported as Expired.
//   - A recipient that is not a valid mailbox address (no @, a space or a
//     control character, an invalid domain) fails alone before the send
//     (Kind [Invalid]), whatever the Store and the Sender would say.
//
// # Performance
//
// The Deliverer adds one allocation and a few microseconds per message to
// the Sender with the Memory store and the default MemoryState
// (BenchmarkDelivererOverhead; the gate and the settlement in the State
// are about 0.2 µs of it, and allocate nothing for a message of up to 4
// recipients); against a go-smtp server on loopback that is about 1 % of
// a send (BenchmarkSMTPOverhead). A message not seen before costs two
// allocations more, to track it for the correlation of its reports
// (BenchmarkNewDomains).
//
// # Concurrency
//
// A Deliverer, an SMTPSender and a MemoryQueue are safe for concurrent use by
// multiple goroutines once their fields are set. No constructor starts a
// goroutine; all time comes from the Now field, so tests step through days
// of retries and pauses with a fake clock. The one exception is the timer
// that saves deferred outcomes in a shared State (Deliverer.SettleDelay),
// which runs on the real clock and only while outcomes are pending;
// [Deliverer.Flush] stops it.
//
// See the Example for a Deliverer over a fake sender.
package deliver

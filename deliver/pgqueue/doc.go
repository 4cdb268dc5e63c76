// Package pgqueue is a durable [deliver.Queue] in PostgreSQL (pgx v5), for
// retries shared by several sending nodes.
//
// Every node runs a Deliverer with the same Queue tables; its
// [deliver.Deliverer.Run] (or DeliverDue) claims the due recipients:
//
//   - A claim is one statement, UPDATE … FROM (SELECT … ORDER BY ready
//     LIMIT n FOR UPDATE SKIP LOCKED) RETURNING: concurrent claims skip the
//     rows another claim is taking instead of waiting, and no recipient is
//     claimed twice.
//   - A claimed recipient carries a lease (ready = now + lease): if its
//     node dies before rescheduling or completing it, another node claims
//     it once the lease ends. Nothing is lost; a recipient whose node died
//     after the send but before Done is sent twice, which is the price of
//     at-least-once delivery.
//   - Each claim has a token (128 random bits, [deliver.Item.Token]) stored
//     with the rows it claimed. Done deletes the recipient by (message ID,
//     recipient) only while the row's claim has the caller's token, and is
//     idempotent; Schedule with a token replaces only such a row, and
//     releases the claim. A node that overran its lease, whose recipient
//     another node claimed since, gets [deliver.ErrClaimLost] and changes
//     nothing. Schedule without a token upserts by the key.
//
// A message is stored once, however many of its recipients wait, in a
// second table, and deleted with its last recipient. [Schema] is the DDL;
// [Queue.CreateSchema] runs it, and [New] never migrates. Both are
// idempotent, and bring tables made before the claim tokens up to date
// (ALTER TABLE … ADD COLUMN IF NOT EXISTS).
//
// # Choosing a queue
//
// deliver.MemoryQueue is right for one process whose retries may be lost
// on restart (the mail is sent again by the application, or a lost retry
// is acceptable). Use pgqueue when retries must survive a restart or
// several nodes send for the same application; PostgreSQL claims a few
// thousand recipients per second per connection, far more than the SMTP
// sends they lead to.
//
// # Divergences
//
//   - A node that overran its lease cannot undo the other node's work, but
//     both may have sent the recipient. Keep the lease well above the time
//     a delivery takes (DeliverDue uses 5 minutes).
//   - Times are the callers' (the Deliverer's Now), not the server's, so
//     the nodes' clocks must agree to well within the lease.
//   - A message's data is the one stored with its first scheduled
//     recipient: message IDs must be unique.
//
// # Concurrency
//
// A Queue is safe for concurrent use by multiple goroutines, and its tables
// by many processes. Nothing starts a goroutine.
//
// See the Example for two nodes sharing a queue.
package pgqueue

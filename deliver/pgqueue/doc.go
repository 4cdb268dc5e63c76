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
//   - Done deletes the recipient by (message ID, recipient) and is
//     idempotent; Schedule upserts by the same key and releases the claim.
//
// A message is stored once, however many of its recipients wait, in a
// second table, and deleted with its last recipient. [Schema] is the DDL;
// [Queue.CreateSchema] runs it, and [New] never migrates.
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
//   - Done and Schedule do not check who holds the claim: a node that
//     overran its lease may complete or reschedule a recipient that another
//     node took over. Keep the lease well above the time a delivery takes
//     (DeliverDue uses 5 minutes).
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

// Package pgstore is a [suppress.Store] in PostgreSQL, for sending nodes
// that share one suppression list. It uses pgx v5 and takes any client
// with Exec and QueryRow ([DB]): a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
//
// The list is one table (see [Schema]), with one row per address and scope
// and the primary key (address, tenant, list). [Store.CreateSchema]
// creates it; New never touches the database.
//
// # Atomicity
//
// Every change is one SQL statement, so it runs as one transaction (or
// inside the caller's pgx.Tx). A check ([Store.Allow]) first reads whether
// any scope it consults has an entry in force; most addresses have none,
// and then the check is that one SELECT. Otherwise one statement locks the
// rows of those scopes with SELECT … FOR UPDATE in one fixed order, counts
// the attempt and moves the lease with UPDATE … RETURNING, and its answer
// is the decision. An outcome ([Store.Record]) is one INSERT … ON
// CONFLICT DO UPDATE … RETURNING, which locks the row. Concurrent checks
// and outcomes for one address, from any number of goroutines and
// processes, are serialised by PostgreSQL's row locks: no attempt or lease
// step is lost or counted twice, and checks cannot deadlock one another
// ([Store.Sweep] skips locked rows). The statements assume the
// default isolation level, READ COMMITTED; under REPEATABLE READ or
// SERIALIZABLE a concurrent update makes a call fail with a serialization
// error (SQLSTATE 40001), which is returned, never turned into "allowed".
//
// The lease schedule and the soft-bounce rule are the store's
// [suppress.Policy], passed into each statement as parameters (the
// schedule as an interval array), so that this store and the others apply
// the same rules. Every process sharing a table must use the same Policy.
//
// # Time and expiry
//
// Times are the caller's (the now argument, truncated to whole seconds),
// never the server's clock. A lease that has ended, or a soft-bounce run
// past its window, is ignored by every statement's predicate; the dead
// rows stay until [Store.Sweep] deletes them.
//
// # Performance
//
// A check of an address that has no entry in force is one SELECT by
// primary key, about as fast as pgbench -S against the same server. A
// check of a suppressed address and a recorded bounce or complaint commit
// a write, so they wait for the server's WAL flush; where losing the last
// moments of counts in a server crash is acceptable, set
// synchronous_commit to off in the pool's RuntimeParams. See the
// benchmarks in bench_test.go.
//
// # Errors
//
// Errors of pgx are returned wrapped ("pgstore: allow user@example.com:
// …"), with a zero [suppress.Decision], which is not allowed. pgx honours
// the context deadline while it dials and while it waits for a reply, and
// a pool replaces broken connections, so after an outage the same Store
// works again without a restart (a single *pgx.Conn does not reconnect:
// use a pool).
//
// # Concurrency
//
// A Store is safe for concurrent use by multiple goroutines once its fields
// are set, and any number of processes may share the table.
//
// See the package Example for setting it up.
package pgstore

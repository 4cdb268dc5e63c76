// Package pgstate is a [deliver.State] in PostgreSQL, for sending nodes
// that share one view of their campaigns and destinations: the
// bounce-rate guard of each campaign (its window counts, active / paused
// until / cancelled), the throttle of each recipient domain, the sent
// messages that asynchronous bounces are correlated with, and the reports
// already handled. It uses pgx v5 and takes any client with Exec and
// QueryRow ([DB]), normally a *pgxpool.Pool.
//
//	st := &pgstate.State{DB: pool}
//	if err := st.CreateSchema(ctx); err != nil { … } // once; New never migrates
//	d := &deliver.Deliverer{Sender: sender, Store: pgstore.New(pool), State: st}
//
// Every node gives its Deliverer a State on the same database and Table;
// each node keeps its own Guard and Throttle, which it passes with each
// call, so give them all the same configuration.
//
// # Tables and atomicity
//
// The state is four tables and two plpgsql functions (see [Schema]).
// [State.Gate] and [State.Settle] are each one statement, a call of their
// function, which PostgreSQL runs as one transaction: one round trip,
// atomic, and retried by nobody (pgx sends a statement once). Gate locks
// the rows of the message's throttled domains, in name order, then
// resumes the campaign if its pause is over; for a message whose domains
// are not throttled it writes nothing unless it resumes. Settle inserts
// the report's key (a duplicate stops there), tracks the message, relieves
// and strikes the domains in name order, and counts and judges the
// campaign last. Concurrent calls from any number of processes are
// serialised by the row locks, always taken in that order, so they cannot
// deadlock; the functions assume READ COMMITTED, the default.
//
// Times are the requests' Now, never the server's clock; Sent, SentTo and
// Handled compare expiry with State.Now.
//
// # Expiry and bounds
//
// Sent messages and handled reports expire TrackFor and ReportFor after
// the request's Now (7 days when 0). No job is needed to delete them:
// each Settle that tracks a message deletes up to 16 expired messages, and
// each that settles a report up to 16 expired report keys (FOR UPDATE
// SKIP LOCKED, through an index on the expiry), so each table stays
// bounded by what was written within its time. A message tracked again
// under its id keeps its recipients and gains the new ones; SentTo finds
// the live message sent last to a recipient through a GIN index on the
// recipients. An active campaign is forgotten after IdleFor without a
// Settle (30 days by default; each new campaign deletes up to 16 such);
// paused and cancelled ones are kept until [State.Forget]. A throttled
// domain is kept until deliveries take its strikes away, or 7 days past
// its pause without mail (each strike deletes up to 16 such).
//
// # Performance
//
// A message costs the Deliverer two statements (Gate before the send,
// Settle after); Settle commits a write, so it waits for the server's WAL
// flush, and all the Settles of one campaign take its row's lock in turn,
// until their commit: with synchronous_commit on, one campaign's messages
// are settled at most one per flush, whatever the number of nodes. Where
// losing the last moments of counts in a server crash is acceptable (a
// crash never tears them), set synchronous_commit to off in the pool's
// ConnConfig.RuntimeParams. More connections do not help one campaign:
// its Settles wait in line for the row.
//
// BenchmarkDeliver (bench_test.go) runs a Deliverer over a Sender that
// delivers at once, with no Store, one recipient per message, on
// pgxpool's default pool. On the shared 2-core test machine (PostgreSQL 15
// local, load average 6 to 13 from other jobs, so that runs differ by 2 to
// 3 times), a message took about 5 µs with the MemoryState and, with this
// State: 1.5 to 5 ms from one caller, 2 to 4.5 ms with 50 callers on one
// campaign and 1.6 ms over 64 campaigns; with synchronous_commit off, 0.6
// to 0.8 ms from one caller, 0.6 ms with 50 callers and 0.5 ms over 64
// campaigns. A PostgreSQL State thus suits a few hundred messages a second
// per campaign with synchronous commit, a couple of thousand without;
// beyond, use package redisstate.
//
// # Errors
//
// Errors of pgx are returned wrapped ("pgstate: gate campaign "spring":
// …"); a Deliverer then sends nothing to the message's recipients. Names
// and keys are PostgreSQL text: one holding a NUL byte or invalid UTF-8 is
// refused with an error. A pool replaces broken connections, so after an
// outage the same State works again without a restart.
//
// # Concurrency
//
// A State is safe for concurrent use by multiple goroutines once its
// fields are set, and any number of processes may share the tables.
package pgstate

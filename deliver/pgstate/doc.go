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
// The state is five tables and three plpgsql functions (see [Schema]).
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
// [State.GateSettle], which a Deliverer calls before each send with the
// outcomes of the sends before it, is one statement too, a call of the
// gate_settle function: one transaction that locks the throttled domains
// of its settlements and of its gate in name order, then their campaigns
// in name order, applies the settlements through the settle function in
// the order given (a relief and a strike of one domain by two campaigns
// do not commute), and gates through the gate function, which thus sees
// them. Each settlement carries an Op
// ([deliver.SettleRequest.Op]), kept in the op table for
// [deliver.OpFor] from its application, with the change of a settlement
// that paused or cancelled its campaign, and with its tracked message
// too (the Ops of a message's last 16 settlements, as long as the
// message is tracked): the settlements of a GateSettle whose commit went
// through but whose reply was lost are not applied again when the
// Deliverer sends them again (and answer with the campaign change they
// made), and one sent again while its first application has not
// committed waits for it on the row of its Op. A new domain struck or a new campaign takes its lock later,
// out of that order; if that makes a deadlock with another transaction,
// the server cancels one after its deadlock_timeout (1 s by default) and
// GateSettle runs it again (3 times at most). A State upgraded from a
// version without GateSettle needs [State.CreateSchema] run again (it
// adds the op table, the ops column of the sent table and the
// gate_settle function, and a settle function that takes an Op beside the
// old one, which stays unused). One from a version without claims
// ([State.Claim], [deliver.ReportClaimer]) needs it run again too: it
// adds the claim table, and the Deliverers of the new version claim each
// report before recording it, so that two nodes given one report at once
// record it once.
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
// A message costs the Deliverer one statement: its gate, which carries
// the settlement of the message before ([State.GateSettle], see
// deliver.Deliverer.SettleDelay); with SettleDelay -1, two (Gate before
// the send, Settle after). TestRoundTrips counts them with a pgx tracer:
// 100 messages take 100 statements, from one caller and from 4, and 200
// settling at once. A settlement commits a write, so it waits for the
// server's WAL flush, and all the settlements of one campaign take its
// row's lock in turn, until their commit: with synchronous_commit on, one
// campaign's messages are settled at most one per flush (a GateSettle
// that carries several settles them in one), whatever the number of
// nodes. Where losing the last moments of counts in a server crash is
// acceptable (a crash never tears them), set synchronous_commit to off in
// the pool's ConnConfig.RuntimeParams. More connections do not help one
// campaign: its settlements wait in line for the row.
//
// BenchmarkDeliver (bench_test.go, through nodetest.Bench) runs a
// Deliverer over a Sender that delivers at once, with no Store, one
// recipient per message, on pgxpool's default pool (4 connections here);
// "postgres" is the default, "postgres-atonce" the same with SettleDelay
// -1, in the same run. On the shared 2-core test machine (PostgreSQL 15
// local; load average 3 to 8 from other jobs, whose tests share the
// server and its disk, so that runs differ by 2 to 4 times; several
// runs), per message:
//
//	                                one statement   two (SettleDelay -1)
//	1 caller                        0.8–2.3 ms      0.7–1.3 ms
//	50 callers, one campaign        0.6–3.1 ms      0.5–1.5 ms
//	50 callers, 64 campaigns        0.4–1.6 ms      0.6–1.4 ms
//	synchronous_commit off:
//	1 caller                        0.6–1.1 ms      0.45–0.75 ms
//	50 callers, one campaign        0.46–0.89 ms    0.29–0.67 ms
//	50 callers, 64 campaigns        0.52–0.73 ms    0.43–0.53 ms
//	memory per message              7.5–8.0 KB, 129–138 allocs   6.3–7.0 KB, 98–104 allocs
//
// Before GateSettle (two statements, at load average 1.7): 0.73 ms from
// one caller, 0.53 ms with 50 callers, 0.61 ms over 64 campaigns; 0.53,
// 0.33 and 0.37 ms with synchronous_commit off; 6.3 to 6.7 KB and 98 to
// 104 allocs; the MemoryState took 3 µs. On this machine a round trip
// costs little next to the WAL flush and to the work that GateSettle adds
// in the server (it decodes its settlements from JSON and calls the
// settle and gate functions): one statement is no faster, and with 50
// callers on one campaign often slower, because each gate now carries a
// settlement of the campaign and so waits, as only the Settles did
// before, for the campaign's row lock. What it saves is the network's
// latency of one round trip per message, which a server on another host
// adds; with the database on the same host and many concurrent senders
// to one campaign, SettleDelay -1 may be faster: measure. A PostgreSQL
// State suits a few hundred messages a second per campaign with
// synchronous commit, a couple of thousand without; beyond, use package
// redisstate.
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

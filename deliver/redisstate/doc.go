// Package redisstate is a [deliver.State] in Redis, for sending nodes that
// share one view of their campaigns and destinations: the bounce-rate
// guard of each campaign (its window counts, active / paused until /
// cancelled), the throttle of each recipient domain, the sent messages
// that asynchronous bounces are correlated with, and the reports already
// handled. It uses go-redis v9 and takes any [redis.UniversalClient]: a
// single server, Sentinel or Redis Cluster.
//
//	d := &deliver.Deliverer{
//		Sender: sender,
//		Store:  redisstore.New(rdb),
//		State:  redisstate.New(rdb),
//	}
//
// Every node gives its Deliverer a State on the same server and Prefix;
// each node keeps its own Guard and Throttle, which it passes with each
// call, so give them all the same configuration.
//
// # Keys and atomicity
//
// Each read-and-update is one Lua script, which Redis runs atomically, and
// each script touches the keys of one name only, which share a hash tag,
// so that the scripts run on Redis Cluster:
//
//	<Prefix>{c:<len>:<campaign>}            hash: state, pause, window and all-time counts
//	<Prefix>{c:<len>:<campaign>}:o:<op>     the reply of one operation (1 minute)
//	<Prefix>{c:<len>:<campaign>}:r:<report> a report counted for the campaign (ReportFor)
//	<Prefix>{d:<len>:<domain>}              hash of a throttled domain: strikes, pause, next token
//	<Prefix>{m:<len>:<message id>}          hash of a sent message: campaign, scope, recipients (TrackFor)
//	<Prefix>{t:<len>:<recipient>}           the id of the last message sent to it (TrackFor)
//	<Prefix>{h:<len>:<report>}              a report handled (ReportFor)
//	<Prefix>{h:<len>:<report>}:c            a report claimed for recording: its end and holder (the claim's ttl)
//
// The length before each name keeps every key unique, whatever the name
// holds. [State.Claim] ([deliver.ReportClaimer]) is one script on a
// report's two keys, which share a hash tag: it refuses a handled report
// and a claim of another holder that has not ended, and otherwise sets the
// claim with SET … PX. [State.Gate] sends one script for the campaign and one for each
// distinct domain of the message, in one pipeline: one round trip. When
// the campaign turns out paused or cancelled, a second round trip gives
// back the tokens its domains gave. [State.Settle] sends the campaign's
// script, one script per domain struck or relieved, the tracked message's
// script and one SET per recipient, in one pipeline. [State.GateSettle]
// sends the scripts of its settlements, in order, then those of its gate,
// all in one pipeline: Redis runs the commands of a connection in order,
// and a campaign's or a domain's scripts all run on its node of a Cluster
// (they share its hash tag), so the gate sees the settlements. On a
// Cluster, the pipeline goes to the nodes concurrently.
//
// A campaign's state is therefore consistent on its own, and so is a
// domain's; a Settle is not one transaction across them. When a pipeline
// fails halfway, the call returns the error and the parts that ran stay
// done: a Deliverer then reports that the outcomes were not saved.
//
// # Retries and idempotency
//
// go-redis sends a command again when its connection breaks before the
// reply (MaxRetries). A script that counts must not count twice: every
// call carries an operation id, and each script that changes something
// stores its reply under the id (for a minute). Sent again, the script
// finds the id and returns the stored reply: the counts move once, the
// resume is reported to the call that made it, a token is taken once.
// The operation of a report is the report itself: it is counted once per
// campaign within ReportFor, however often and wherever it is settled,
// even after an earlier Settle of it failed halfway (then it comes back
// Duplicate, and [State.Handled] reads true once a Settle of it has
// completed). A settlement with an Op ([deliver.SettleRequest.Op]: the
// Deliverer gives one to each outcome it defers) is the operation of that
// id: when a GateSettle fails halfway and the Deliverer sends its
// settlements again with the next one, each script that ran already
// returns its stored reply, within a minute ([deliver.OpFor]).
//
// # Expiry and bounds
//
// Sent messages and handled reports expire TrackFor and ReportFor after
// the request's Now (7 days when 0), by key TTL; [State.Sent],
// [State.SentTo] and [State.Handled] also check the stored expiry against
// State.Now. A message tracked again under its id keeps its recipients and
// gains the new ones. An active campaign expires after IdleFor without a
// Settle (30 days by default); paused and cancelled ones are kept until
// [State.Forget]. A throttled domain is kept until deliveries take its
// strikes away, or 7 days past its pause without mail. The memory used is
// therefore bounded by what was sent within TrackFor: with a short Prefix,
// about 220 bytes per tracked message of one recipient and 140 more per
// recipient, 300 per report within ReportFor (and a key of some 120 bytes
// more while it is claimed, ClaimFor at most), and 180 per message settled
// within the last minute (its operation key), as MEMORY USAGE measured in
// TestKeys. Under memory
// pressure, a maxmemory-policy of volatile-ttl evicts the keys closest to
// their end first, never a paused or cancelled campaign, which has none.
//
// # Time
//
// Gate, Settle and Claim take the time of their request, as every State
// does; the server's clock is used only for the TTLs. A claim holds until
// the end its request set (now + ttl), by the clock of the requests, and
// its key's TTL, the claim's ttl by the server's clock, only removes it
// once it is over. Times are kept in
// milliseconds (token times to the microsecond).
//
// # Performance
//
// A message costs the Deliverer one round trip: its gate, in one pipeline
// with the settlement of the message before ([State.GateSettle], see
// deliver.Deliverer.SettleDelay), of a few scripts each; with SettleDelay
// -1, two (Gate before the send, Settle after). TestRoundTrips counts
// them with a hook on the client: 100 messages take 100 round trips, from
// one caller and from 4, and 200 settling at once.
//
// BenchmarkDeliver (bench_test.go, through nodetest.Bench) runs a
// Deliverer over a Sender that delivers at once, with no Store, one
// recipient per message; "redis" is the default, "redis-atonce" the same
// with SettleDelay -1, in the same run. On the shared 2-core test machine
// (Redis 7.0 local, load average 3 to 8 from other jobs, so that runs
// differ by up to 2 times; several runs), per message:
//
//	                            one round trip    two (SettleDelay -1)
//	1 caller                    143–255 µs        159–317 µs
//	50 callers, one campaign    56–181 µs         76–205 µs
//	memory per message          8.0 KB, 161 allocs  7.6 KB, 165 allocs
//
// Before GateSettle (two round trips, at load average 1.7): 201 µs from
// one caller, 69 µs with 50 callers, 80 µs over 64 campaigns, 6.9 KB and
// 157 allocs; the MemoryState took 3 µs. The time saved is a round trip
// per message, which the loopback makes small: with 50 callers the
// machine's two cores, not the network, bound both (about 5,500 to
// 18,000 messages a second); between hosts, each message saves the
// network's latency. The State adds some 0.05 to 0.25 ms to each message,
// a few percent of an SMTP transaction to a remote server.
//
// # Errors
//
// Errors of the client are returned wrapped ("redisstate: gate campaign
// "spring": dial tcp …: connection refused"); a Deliverer then sends
// nothing to the message's recipients. Set ContextTimeoutEnabled in the
// client's options so that a context deadline bounds each call. On a
// Cluster whose master of some slots is down, the calls of the campaigns
// and domains in those slots fail, and only those: the other campaigns are
// sent as usual (a 3-master Cluster with one master shut down failed the
// Gate of 3 of 12 campaigns). A master restarted without persistence has
// forgotten the campaigns it held.
//
// # Concurrency
//
// A State is safe for concurrent use by multiple goroutines, and any
// number of processes may share a server and Prefix.
package redisstate

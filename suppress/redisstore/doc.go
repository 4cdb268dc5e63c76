// Package redisstore is a [suppress.Store] in Redis, for sending nodes that
// share one suppression list. It uses go-redis v9 and takes any
// [redis.UniversalClient]: a single server, Sentinel or Redis Cluster.
//
// Each Allow, Record, Add and Remove is one Lua script, which Redis runs
// atomically, so many processes may check and record the same address at
// once without losing or doubling a lease step or an attempt. Each
// (address, scope) pair is one hash; its key is
//
//	<Prefix>{<address>}[:t:<tenant> | :l:<len(tenant)>:<tenant>:<list>]
//
// with the address as the hash tag, so that all the keys one check
// consults are in one Cluster slot. The key's TTL follows the lease; a
// permanent entry has none.
//
// # Retries
//
// go-redis retries a command whose reply was lost (a connection closed by
// the server, a proxy or the network after the script ran), 3 times by
// default. Each Allow, Record and Remove therefore carries an operation id
// of its own, unique to the Store and the call, which the script checks: a
// script that already ran under that id returns its first reply and
// changes nothing, so a retry never counts an attempt, a lease step or a
// soft bounce twice, whatever the client's MaxRetries. A call that changed
// something leaves the key
//
//	<Prefix>~op{<address>}:<operation id>
//
// (in the address's slot, holding the reply) for 5 minutes, far longer
// than go-redis spends retrying; a call that changed nothing, such as the
// check of an address with no entry, leaves none. Add sets an entry to the
// values given, so a retry of it leaves the same entry, and needs no id. A
// call that returns an error may or may not have been applied, as with any
// remote store.
//
// # Errors
//
// Errors of the client are returned wrapped ("redisstore: allow
// user@example.com: dial tcp …: connection refused"), never turned into
// "allowed". Set ContextTimeoutEnabled in the client's options so that a
// context deadline bounds each call even when the server hangs; go-redis
// reconnects by itself once the server is back. When the server refuses
// connections, a call fails after go-redis's own retries (about 1.7 s with
// the default MaxRetries and DialerRetries; lower them to fail sooner).
//
// # Limits
//
// [Store.List] uses SCAN (on every master of a Cluster), which may return
// an entry twice if the keyspace is resized while listing.
//
// # Concurrency
//
// A Store is safe for concurrent use by multiple goroutines, and any number
// of processes may share the same Redis and Prefix.
package redisstore

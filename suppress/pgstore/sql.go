package pgstore

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// DefaultTable is the table a Store uses when Store.Table is nil.
const DefaultTable = "bouncekit_suppress"

// Schema is the SQL that creates the table of a Store with the default
// name, [DefaultTable], in the first schema of the search_path. It is
// idempotent. [Store.CreateSchema] runs the same statement for Store.Table;
// Schema is here for those who apply migrations with their own tool.
//
// One row is one address in one scope: an entry (kind is not null), a
// soft-bounce count (soft_count > 0), or both. until is null for a
// permanent entry. A row whose entry has ended and whose soft-bounce run is
// over is dead: every query ignores it, and [Store.Sweep] deletes it.
//
// The fill factor leaves room on each page so that the update of a check
// (attempts, step, until: no indexed column) is a HOT update.
const Schema = `CREATE TABLE IF NOT EXISTS "bouncekit_suppress" (
	address    text        NOT NULL,
	tenant     text        NOT NULL DEFAULT '',
	list       text        NOT NULL DEFAULT '',
	kind       text,
	reason     text        NOT NULL DEFAULT '',
	since      timestamptz,
	until      timestamptz,
	step       integer     NOT NULL DEFAULT 0,
	attempts   bigint      NOT NULL DEFAULT 0,
	soft_count integer     NOT NULL DEFAULT 0,
	soft_since timestamptz,
	PRIMARY KEY (address, tenant, list)
) WITH (fillfactor = 80);
`

// schemaSQL returns Schema for table t.
func schemaSQL(t pgx.Identifier) string {
	return strings.Replace(Schema, `"`+DefaultTable+`"`, t.Sanitize(), 1)
}

// The SQL fragments shared by the statements. In every statement $4 is
// the caller's time, and t is the table (in ON CONFLICT DO UPDATE, the
// existing row).
const (
	// live: the row holds an entry that is in force at $4.
	liveSQL = `(t.kind IS NOT NULL AND (t.until IS NULL OR t.until > $4::timestamptz))`
	// permSQL: the row holds a permanent entry.
	permSQL = `(t.kind IS NOT NULL AND t.until IS NULL)`
	// liveSoftSQL: the row's soft-bounce run is within the window %s.
	liveSoftSQL = `(t.soft_count > 0 AND t.soft_since > $4::timestamptz - %s::interval)`
	// stepSQL is the lease duration of step %s, clamped to the schedule
	// $5 (an array of intervals, one per step).
	stepSQL = `($5::interval[])[least(%s, cardinality($5::interval[]) - 1) + 1]`
	// entryCols are the columns a statement returns, scanned by scanEntry.
	entryCols = `kind, reason, since, until, step, attempts`
	// keySQL selects the row of $1 in scope ($2, $3).
	keySQL = `address = $1 AND tenant = $2 AND list = $3`
)

// queries are the statements of one Store, for its table.
type queries struct {
	check, allow, bounce, permanent, delivered, get, remove, add, list, sweep string
}

func newQueries(table pgx.Identifier) queries {
	tb := table.Sanitize()
	r := strings.NewReplacer(
		"{t}", tb,
		"{live}", liveSQL,
		"{perm}", permSQL,
		"{cols}", entryCols,
		"{key}", keySQL,
	)
	step := func(s string) string { return strings.Replace(stepSQL, "%s", s, 1) }
	soft := func(w string) string { return strings.Replace(liveSoftSQL, "%s", w, 1) }
	q := queries{
		// check: $1 address, $2 tenant, $3 list, $4 now. Whether any scope
		// the check consults has an entry in force: a plain read, much
		// cheaper than allow's UPDATE for the common case of no entry.
		check: `SELECT true FROM {t} AS t
WHERE t.address = $1 AND (t.tenant, t.list) IN (('', ''), ($2, ''), ($2, $3)) AND {live}
LIMIT 1`,

		// allow: $1 address, $2 tenant, $3 list, $4 now, $5 steps. Locks
		// the live rows of the consulted scopes in one order (so that
		// concurrent checks cannot deadlock), counts the attempt on each,
		// and returns the broadest.
		allow: `WITH hit AS MATERIALIZED (
	SELECT address, tenant, list FROM {t} AS t
	WHERE t.address = $1 AND (t.tenant, t.list) IN (('', ''), ($2, ''), ($2, $3)) AND {live}
	ORDER BY t.tenant, t.list
	FOR UPDATE
), upd AS (
	UPDATE {t} AS t SET
		attempts = t.attempts + 1,
		step = CASE WHEN t.until IS NULL THEN t.step ELSE least(t.step + 1, cardinality($5::interval[]) - 1) END,
		until = CASE WHEN t.until IS NULL THEN NULL ELSE $4::timestamptz + ` + step("t.step + 1") + ` END
	FROM hit
	WHERE t.address = hit.address AND t.tenant = hit.tenant AND t.list = hit.list
	RETURNING t.tenant, t.list, t.kind, t.reason, t.since, t.until, t.step, t.attempts
)
SELECT tenant, list, {cols} FROM upd
ORDER BY (tenant <> '')::int + (list <> '')::int
LIMIT 1`,

		// bounce: a hard or soft bounce. $1-$3 key, $4 now, $5 steps,
		// $6 soft window, $7 soft limit (1 for a hard bounce), $8 kind,
		// $9 reason. When the run reaches $7 (esc), the bounce is a hard
		// one: a new lease at step 0, or, during a lease, at least its
		// step's length from now; a permanent entry stays.
		bounce: `INSERT INTO {t} AS t (address, tenant, list, kind, reason, since, until, soft_count, soft_since)
SELECT $1, $2, $3,
	CASE WHEN $7::int <= 1 THEN $8::text END,
	CASE WHEN $7::int <= 1 THEN $9::text ELSE '' END,
	CASE WHEN $7::int <= 1 THEN $4::timestamptz END,
	CASE WHEN $7::int <= 1 THEN $4::timestamptz + ($5::interval[])[1] END,
	CASE WHEN $7::int <= 1 THEN 0 ELSE 1 END,
	CASE WHEN $7::int <= 1 THEN NULL ELSE $4::timestamptz END
ON CONFLICT (address, tenant, list) DO UPDATE SET
	kind = CASE WHEN {live} THEN t.kind WHEN {esc} THEN $8::text END,
	reason = CASE WHEN {live} THEN t.reason WHEN {esc} THEN $9::text ELSE '' END,
	since = CASE WHEN {live} THEN t.since WHEN {esc} THEN $4::timestamptz END,
	until = CASE
		WHEN {perm} THEN NULL
		WHEN {live} AND {esc} THEN greatest(t.until, $4::timestamptz + ` + step("t.step") + `)
		WHEN {live} THEN t.until
		WHEN {esc} THEN $4::timestamptz + ($5::interval[])[1]
	END,
	step = CASE WHEN {live} THEN t.step ELSE 0 END,
	attempts = CASE WHEN {live} THEN t.attempts ELSE 0 END,
	soft_count = CASE WHEN {esc} THEN 0 WHEN {soft6} THEN t.soft_count + 1 ELSE 1 END,
	soft_since = CASE WHEN {esc} THEN NULL WHEN {soft6} THEN t.soft_since ELSE $4::timestamptz END
RETURNING {cols}`,

		// permanent: $1-$3 key, $4 now, $5 kind, $6 reason, $7 soft
		// window. Replaces anything but a permanent entry.
		permanent: `INSERT INTO {t} AS t (address, tenant, list, kind, reason, since)
VALUES ($1, $2, $3, $5::text, $6::text, $4::timestamptz)
ON CONFLICT (address, tenant, list) DO UPDATE SET
	kind = CASE WHEN {perm} THEN t.kind ELSE $5::text END,
	reason = CASE WHEN {perm} THEN t.reason ELSE $6::text END,
	since = CASE WHEN {perm} THEN t.since ELSE $4::timestamptz END,
	until = NULL,
	step = CASE WHEN {perm} THEN t.step ELSE 0 END,
	attempts = CASE WHEN {perm} THEN t.attempts ELSE 0 END,
	soft_count = CASE WHEN {soft7} THEN t.soft_count ELSE 0 END,
	soft_since = CASE WHEN {soft7} THEN t.soft_since END
RETURNING {cols}`,

		// delivered: $1-$3 key. Ends the soft-bounce run.
		delivered: `UPDATE {t} AS t SET soft_count = 0, soft_since = NULL WHERE {key} RETURNING {cols}`,

		// get: $1-$3 key, $4 now.
		get: `SELECT {cols} FROM {t} AS t WHERE {key} AND {live}`,

		// remove: $1-$3 key. Counts the entries removed, not soft counts.
		remove: `WITH d AS (DELETE FROM {t} AS t WHERE {key} RETURNING kind) SELECT count(kind) FROM d`,

		// add: $1-$3 key, $4 now, $5 kind, $6 reason, $7 since, $8 until,
		// $9 step, $10 attempts, $11 soft window. Keeps a live soft count.
		add: `INSERT INTO {t} AS t (address, tenant, list, kind, reason, since, until, step, attempts)
VALUES ($1, $2, $3, $5::text, $6::text, $7::timestamptz, $8::timestamptz, $9::int, $10::bigint)
ON CONFLICT (address, tenant, list) DO UPDATE SET
	kind = EXCLUDED.kind, reason = EXCLUDED.reason, since = EXCLUDED.since, until = EXCLUDED.until,
	step = EXCLUDED.step, attempts = EXCLUDED.attempts,
	soft_count = CASE WHEN {soft11} THEN t.soft_count ELSE 0 END,
	soft_since = CASE WHEN {soft11} THEN t.soft_since END`,

		// list: $1-$3 the key of the cursor, $4 now, $5 limit. One row of
		// arrays, so that QueryRow is enough.
		list: `SELECT coalesce(array_agg(address ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(tenant ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(list ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(kind ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(reason ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(since ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(until ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(step ORDER BY address, tenant, list), '{}'),
	coalesce(array_agg(attempts ORDER BY address, tenant, list), '{}')
FROM (
	SELECT {cols}, address, tenant, list FROM {t} AS t
	WHERE (t.address, t.tenant, t.list) > ($1, $2, $3) AND {live}
	ORDER BY t.address, t.tenant, t.list
	LIMIT $5
) page`,
	}
	// esc: this bounce completes the soft-bounce run ($7 soft limit).
	esc := `((CASE WHEN ` + soft("$6") + ` THEN t.soft_count + 1 ELSE 1 END) >= $7::int)`
	for _, p := range []*string{&q.check, &q.allow, &q.bounce, &q.permanent, &q.delivered, &q.get, &q.remove, &q.add, &q.list} {
		*p = strings.NewReplacer("{esc}", esc, "{soft6}", soft("$6"), "{soft7}", soft("$7"), "{soft11}", soft("$11")).Replace(*p)
		*p = r.Replace(*p)
	}
	q.sweep = sweepSQL(tb)
	return q
}

// sweepSQL is the statement of Sweep: $1 now, $2 soft window, $3 batch
// size. A row is dead when it holds no live entry and no live soft count.
func sweepSQL(tb string) string {
	dead := `(t.kind IS NULL OR t.until <= $1::timestamptz) AND (t.soft_count = 0 OR t.soft_since <= $1::timestamptz - $2::interval)`
	return `DELETE FROM ` + tb + ` AS t WHERE (t.address, t.tenant, t.list) IN (
	SELECT address, tenant, list FROM ` + tb + ` AS t WHERE ` + dead + `
	LIMIT $3 FOR UPDATE SKIP LOCKED
) AND ` + dead
}

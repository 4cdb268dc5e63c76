package pgqueue

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// DefaultTable is the table of the recipients when Queue.Table is nil. The
// messages live in a second table of the same name with "_message" appended.
const DefaultTable = "bouncekit_queue"

// Schema is the SQL that creates the tables of a Queue with the default
// names, in the first schema of the search_path. It is idempotent.
// [Queue.CreateSchema] runs the same statements for Queue.Table; Schema is
// here for those who apply migrations with their own tool.
//
// A message is stored once, however many of its recipients wait:
// "bouncekit_queue_message" holds the envelope sender, campaign, scope and
// data, and counts in pending the rows of "bouncekit_queue" that refer to it
// (the message row goes when the count reaches zero). One row of
// "bouncekit_queue" is one recipient of one message; ready is the time from
// which a claim may take it: its due time, or the end of its claim lease;
// claim_token is the Token of its current claim, NULL when it is not
// claimed. The ALTER TABLE adds claim_token to tables created before it.
const Schema = `CREATE TABLE IF NOT EXISTS "bouncekit_queue_message" (
	id           text    PRIMARY KEY,
	sender       text    NOT NULL,
	campaign     text    NOT NULL DEFAULT '',
	scope_tenant text    NOT NULL DEFAULT '',
	scope_list   text    NOT NULL DEFAULT '',
	data         bytea   NOT NULL,
	pending      integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS "bouncekit_queue" (
	message_id    text        NOT NULL,
	rcpt          text        NOT NULL,
	attempt       integer     NOT NULL,
	queued        timestamptz,
	due           timestamptz NOT NULL,
	ready         timestamptz NOT NULL,
	claimed_until timestamptz,
	claims        integer     NOT NULL DEFAULT 0,
	claim_token   text,
	PRIMARY KEY (message_id, rcpt)
);
ALTER TABLE "bouncekit_queue" ADD COLUMN IF NOT EXISTS claim_token text;
CREATE INDEX IF NOT EXISTS "bouncekit_queue_ready" ON "bouncekit_queue" (ready);
`

// queries are the statements of one Queue, for its tables.
type queries struct {
	schema, schedule, reschedule, claim, done, gc, sweep string
}

// messageTable returns the name of the message table that goes with t.
func messageTable(t pgx.Identifier) pgx.Identifier {
	m := append(pgx.Identifier(nil), t...)
	m[len(m)-1] += "_message"
	return m
}

func newQueries(t pgx.Identifier) queries {
	idx := append(pgx.Identifier(nil), t...)
	idx[len(idx)-1] += "_ready"
	r := strings.NewReplacer(
		`"`+DefaultTable+`_message"`, messageTable(t).Sanitize(),
		`"`+DefaultTable+`_ready"`, pgx.Identifier{idx[len(idx)-1]}.Sanitize(),
		`"`+DefaultTable+`"`, t.Sanitize(),
	)
	return queries{
		schema: r.Replace(Schema),

		// schedule: $1 message ID, $2-$5 the recipients with their
		// attempt, queued and due times, $6-$10 the message. Inserts or
		// replaces each recipient (a replaced one is no longer claimed),
		// then inserts the message or adds the new recipients to its
		// pending count. The message row is written last and always: its
		// row lock orders this statement with a concurrent Done that would
		// delete the message, and a message deleted meanwhile is
		// inserted again.
		schedule: r.Replace(`WITH items AS (
	INSERT INTO "bouncekit_queue" AS q (message_id, rcpt, attempt, queued, due, ready)
	SELECT $1, u.rcpt, u.attempt, u.queued, u.due, u.due
	FROM unnest($2::text[], $3::integer[], $4::timestamptz[], $5::timestamptz[]) AS u(rcpt, attempt, queued, due)
	ON CONFLICT (message_id, rcpt) DO UPDATE SET
		attempt = EXCLUDED.attempt, queued = EXCLUDED.queued, due = EXCLUDED.due,
		ready = EXCLUDED.due, claimed_until = NULL, claim_token = NULL
	RETURNING (q.xmax = 0) AS inserted
)
INSERT INTO "bouncekit_queue_message" AS m (id, sender, campaign, scope_tenant, scope_list, data, pending)
VALUES ($1, $6, $7, $8, $9, $10, (SELECT count(*) FROM items WHERE inserted))
ON CONFLICT (id) DO UPDATE SET pending = m.pending + EXCLUDED.pending`),

		// reschedule: $1 message ID, $2-$5 the recipients with their
		// attempt, queued and due times, $6 their claim tokens. Replaces
		// each recipient whose current claim has that token, releasing the
		// claim, and returns them; the others (claimed again by another
		// worker, scheduled anew, or done) are left alone. No recipient is
		// added, so the message's pending count does not change.
		reschedule: r.Replace(`UPDATE "bouncekit_queue" AS q SET
	attempt = u.attempt, queued = u.queued, due = u.due, ready = u.due,
	claimed_until = NULL, claim_token = NULL
FROM unnest($2::text[], $3::integer[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS u(rcpt, attempt, queued, due, token)
WHERE q.message_id = $1 AND q.rcpt = u.rcpt AND q.claim_token = u.token
RETURNING q.rcpt`),

		// claim: $1 now, $2 end of the lease, $3 max, $4 the claim token. Locks up to $3 ready
		// rows, skipping those another claim is locking, moves their ready
		// time to the end of the lease and returns them with their message.
		// The data of a message comes once per claim, on one of its rows.
		// The rows are found again by ctid (a TID scan), which cannot
		// change while this statement holds their locks; a join on the key
		// lets the planner choose a scan of the whole table.
		claim: r.Replace(`WITH c AS (
	SELECT ctid FROM "bouncekit_queue"
	WHERE ready <= $1
	ORDER BY ready
	LIMIT $3
	FOR UPDATE SKIP LOCKED
), u AS (
	UPDATE "bouncekit_queue" AS q SET ready = $2, claimed_until = $2, claims = q.claims + 1, claim_token = $4
	WHERE q.ctid = ANY (ARRAY(SELECT ctid FROM c))
	RETURNING q.message_id, q.rcpt, q.attempt, q.queued, q.due
)
SELECT u.message_id, u.rcpt, u.attempt, u.queued, u.due,
	m.sender, m.campaign, m.scope_tenant, m.scope_list,
	CASE WHEN row_number() OVER (PARTITION BY u.message_id) = 1 THEN m.data END
FROM u JOIN "bouncekit_queue_message" AS m ON m.id = u.message_id
ORDER BY u.due`),

		// done: $1 message ID, $2 recipient, $3 claim token or ''.
		// Deletes the recipient, if its current claim has the token (any
		// claim when ''), and takes it off its message's count. Returns
		// the count left (NULL when nothing was deleted), whether the
		// recipient was deleted, and whether it was there when the
		// statement started: there but not deleted is a lost claim.
		done: r.Replace(`WITH d AS (
	DELETE FROM "bouncekit_queue"
	WHERE message_id = $1 AND rcpt = $2 AND ($3::text = '' OR claim_token = $3::text)
	RETURNING 1
), m AS (
	UPDATE "bouncekit_queue_message" SET pending = pending - 1
	WHERE id = $1 AND EXISTS (SELECT 1 FROM d)
	RETURNING pending
)
SELECT (SELECT pending FROM m), EXISTS (SELECT 1 FROM d),
	EXISTS (SELECT 1 FROM "bouncekit_queue" WHERE message_id = $1 AND rcpt = $2)`),

		// gc: $1 message ID. Deletes a message no recipient waits for. A
		// concurrent schedule that adds a recipient holds the row's lock,
		// and the condition is checked again on its new version.
		gc: r.Replace(`DELETE FROM "bouncekit_queue_message" WHERE id = $1 AND pending <= 0`),

		// sweep: gc for every message. The condition is checked on each row
		// under its lock, as in gc.
		sweep: r.Replace(`DELETE FROM "bouncekit_queue_message" WHERE pending <= 0`),
	}
}

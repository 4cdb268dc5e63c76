package pgstate

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// DefaultTable is the name the tables and functions of a State start with
// when State.Table is nil.
const DefaultTable = "bouncekit_state"

// Schema is the SQL that creates the tables and functions of a State with
// the default names, in the first schema of the search_path. It is
// idempotent. [State.CreateSchema] runs the same statements for
// State.Table; Schema is here for those who apply migrations with their own
// tool.
//
//   - "bouncekit_state_campaign": one row per campaign: its guard state
//     (active, paused until, cancelled), pauses, the window's counts, the
//     all-time ones, and the time of its last Settle. Each new campaign
//     deletes up to 16 active ones idle for longer than State.IdleFor.
//   - "bouncekit_state_domain": one row per throttled domain: strikes,
//     paused until, when its next token is there and the seconds between
//     tokens. A domain without a row is not throttled. Each strike deletes
//     up to 16 domains that got no mail for 7 days past their pause.
//   - "bouncekit_state_sent": one row per tracked message, with its
//     recipients (a GIN index answers SentTo), when it expires and the
//     Ops of its last 16 settlements; each Settle that tracks a message
//     deletes up to 16 expired ones.
//   - "bouncekit_state_handled": the keys of the settled reports and when
//     they expire, deleted the same way.
//   - "bouncekit_state_op": the Ops of the settlements applied through
//     GateSettle (or Settle with an Op), with the change of those that
//     paused or cancelled their campaign, kept for deliver.OpFor from
//     their application; each call deletes as many expired ones as it
//     adds, and 16 more. A settlement inserts its Op's row first: a
//     retry of it waits there for the first application to commit.
//   - "bouncekit_state_claim": the reports claimed for recording
//     (deliver.ReportClaimer), each with its holder and the end of its
//     claim; each Claim deletes up to 16 claims that ended. Added in
//     this version: CreateSchema adds it to the tables of an earlier one.
//   - "bouncekit_state_gate" and "bouncekit_state_settle": the plpgsql
//     functions that make Gate and Settle one statement each, and
//     "bouncekit_state_gate_settle", GateSettle's, which calls them.
//
// Times are the callers' (the requests' Now), never the server's clock.
const Schema = `CREATE TABLE IF NOT EXISTS "bouncekit_state_campaign" (
	name         text        PRIMARY KEY,
	state        text        NOT NULL DEFAULT 'active',
	paused_until timestamptz,
	pauses       integer     NOT NULL DEFAULT 0,
	w_attempted  bigint      NOT NULL DEFAULT 0,
	w_bounced    bigint      NOT NULL DEFAULT 0,
	w_complained bigint      NOT NULL DEFAULT 0,
	attempted    bigint      NOT NULL DEFAULT 0,
	bounced      bigint      NOT NULL DEFAULT 0,
	complained   bigint      NOT NULL DEFAULT 0,
	updated      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS "bouncekit_state_campaign_idle" ON "bouncekit_state_campaign" (updated) WHERE state = 'active';
CREATE TABLE IF NOT EXISTS "bouncekit_state_domain" (
	name    text             PRIMARY KEY,
	strikes integer          NOT NULL,
	until   timestamptz      NOT NULL,
	next    timestamptz      NOT NULL,
	every   double precision NOT NULL
);
CREATE TABLE IF NOT EXISTS "bouncekit_state_sent" (
	id       text        PRIMARY KEY,
	campaign text        NOT NULL DEFAULT '',
	tenant   text        NOT NULL DEFAULT '',
	list     text        NOT NULL DEFAULT '',
	rcpts    text[]      NOT NULL,
	sent     timestamptz NOT NULL,
	until    timestamptz NOT NULL,
	ops      text[]      NOT NULL DEFAULT '{}'
);
ALTER TABLE "bouncekit_state_sent" ADD COLUMN IF NOT EXISTS ops text[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS "bouncekit_state_sent_until" ON "bouncekit_state_sent" (until);
CREATE INDEX IF NOT EXISTS "bouncekit_state_sent_rcpts" ON "bouncekit_state_sent" USING gin (rcpts);
CREATE TABLE IF NOT EXISTS "bouncekit_state_handled" (
	key   text        PRIMARY KEY,
	until timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS "bouncekit_state_handled_until" ON "bouncekit_state_handled" (until);
CREATE TABLE IF NOT EXISTS "bouncekit_state_op" (
	op      text        PRIMARY KEY,
	until   timestamptz NOT NULL,
	changed text        NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS "bouncekit_state_op_until" ON "bouncekit_state_op" (until);
CREATE TABLE IF NOT EXISTS "bouncekit_state_claim" (
	key    text        PRIMARY KEY,
	holder text        NOT NULL,
	until  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS "bouncekit_state_claim_until" ON "bouncekit_state_claim" (until);

CREATE OR REPLACE FUNCTION "bouncekit_state_gate"(
	p_campaign text, p_domains text[], p_guard_off boolean, p_throttle_off boolean, p_now timestamptz,
	OUT o_state text, OUT o_paused_until timestamptz, OUT o_pauses integer,
	OUT o_w_attempted bigint, OUT o_w_bounced bigint, OUT o_w_complained bigint,
	OUT o_attempted bigint, OUT o_bounced bigint, OUT o_complained bigint,
	OUT o_resumed boolean, OUT o_allowed boolean[], OUT o_retry timestamptz[])
LANGUAGE plpgsql AS $fn$
DECLARE
	n integer := coalesce(array_length(p_domains, 1), 0);
	d record;
	i integer;
	moved boolean;
BEGIN
	o_resumed := false;
	o_allowed := array_fill(true, ARRAY[n]);
	o_retry := array_fill(NULL::timestamptz, ARRAY[n]);
	-- Locks: the throttled domains in name order, then the campaign, as
	-- in the settle function.
	IF NOT p_throttle_off AND n > 0 THEN
		PERFORM 1 FROM "bouncekit_state_domain" t WHERE t.name = ANY(p_domains) ORDER BY t.name FOR UPDATE;
	END IF;
	IF p_campaign <> '' THEN
		IF NOT p_guard_off THEN
			UPDATE "bouncekit_state_campaign" c
			SET state = 'active', paused_until = NULL, w_attempted = 0, w_bounced = 0, w_complained = 0,
				updated = greatest(c.updated, p_now)
			WHERE c.name = p_campaign AND c.state = 'paused' AND c.paused_until <= p_now;
			o_resumed := FOUND;
		END IF;
		SELECT c.state, c.paused_until, c.pauses, c.w_attempted, c.w_bounced, c.w_complained,
			c.attempted, c.bounced, c.complained
		INTO o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
			o_attempted, o_bounced, o_complained
		FROM "bouncekit_state_campaign" c WHERE c.name = p_campaign;
		IF o_state IN ('paused', 'cancelled') THEN
			o_allowed := array_fill(false, ARRAY[n]);
			RETURN;
		END IF;
	END IF;
	IF p_throttle_off OR n = 0 THEN
		RETURN;
	END IF;
	FOR d IN SELECT t.name, t.until, t.next, t.every FROM "bouncekit_state_domain" t
		WHERE t.name = ANY(p_domains)
	LOOP
		moved := false;
		FOR i IN 1..n LOOP
			IF p_domains[i] = d.name THEN
				IF p_now < d.until THEN
					o_allowed[i] := false;
					o_retry[i] := d.until;
				ELSIF p_now >= d.next THEN
					d.next := p_now + d.every * interval '1 second';
					moved := true;
				ELSE
					o_allowed[i] := false;
					o_retry[i] := d.next;
				END IF;
			END IF;
		END LOOP;
		IF moved THEN
			UPDATE "bouncekit_state_domain" t SET next = d.next WHERE t.name = d.name;
		END IF;
	END LOOP;
END
$fn$;

-- The settle function of a version that took no Op: CREATE OR REPLACE
-- of the signature below would leave it beside it.
DROP FUNCTION IF EXISTS "bouncekit_state_settle"(
	text, bigint, bigint, bigint, text[], text[], text, text, text, text, text[], timestamptz, timestamptz,
	text, timestamptz, boolean, double precision, double precision, integer, double precision, integer,
	boolean, double precision, double precision, double precision, double precision, timestamptz);
CREATE OR REPLACE FUNCTION "bouncekit_state_settle"(
	p_campaign text, p_attempted bigint, p_bounced bigint, p_complained bigint,
	p_strike text[], p_relieve text[],
	p_track_id text, p_track_campaign text, p_track_tenant text, p_track_list text, p_track_rcpts text[],
	p_track_sent timestamptz, p_track_until timestamptz,
	p_report text, p_report_until timestamptz,
	p_guard_off boolean, p_bounce_rate double precision, p_complaint_rate double precision,
	p_min_sample integer, p_pause double precision, p_max_pauses integer,
	p_throttle_off boolean, p_t_pause double precision, p_t_max_pause double precision, p_t_rate double precision,
	p_idle double precision, p_now timestamptz, p_op text,
	OUT o_state text, OUT o_paused_until timestamptz, OUT o_pauses integer,
	OUT o_w_attempted bigint, OUT o_w_bounced bigint, OUT o_w_complained bigint,
	OUT o_attempted bigint, OUT o_bounced bigint, OUT o_complained bigint,
	OUT o_changed text, OUT o_duplicate boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
	dom text;
	rel integer;
	t record;
	have boolean;
	k integer;
	i integer;
	p double precision;
	r double precision;
	un timestamptz;
	nx timestamptz;
	fresh boolean;
BEGIN
	o_changed := '';
	o_duplicate := false;
	IF p_report <> '' THEN
		INSERT INTO "bouncekit_state_handled" AS h (key, until) VALUES (p_report, p_report_until)
		ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE h.until <= p_now;
		IF NOT FOUND THEN
			o_duplicate := true;
			SELECT c.state, c.paused_until, c.pauses, c.w_attempted, c.w_bounced, c.w_complained,
				c.attempted, c.bounced, c.complained
			INTO o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
				o_attempted, o_bounced, o_complained
			FROM "bouncekit_state_campaign" c WHERE c.name = p_campaign;
			RETURN;
		END IF;
		DELETE FROM "bouncekit_state_handled" WHERE key IN (
			SELECT h.key FROM "bouncekit_state_handled" h WHERE h.until <= p_now AND h.key <> p_report
			LIMIT 16 FOR UPDATE SKIP LOCKED);
	END IF;

	IF p_track_id <> '' THEN
		-- The message keeps the Ops of its last 16 settlements (see the
		-- gate_settle function).
		INSERT INTO "bouncekit_state_sent" AS s (id, campaign, tenant, list, rcpts, sent, until, ops)
		VALUES (p_track_id, p_track_campaign, p_track_tenant, p_track_list, coalesce(p_track_rcpts, '{}'),
			p_track_sent, p_track_until, CASE WHEN p_op <> '' THEN ARRAY[p_op] ELSE '{}' END)
		ON CONFLICT (id) DO UPDATE SET campaign = excluded.campaign, tenant = excluded.tenant,
			list = excluded.list, sent = excluded.sent, until = excluded.until,
			rcpts = CASE WHEN s.until > p_now THEN s.rcpts || ARRAY(
				SELECT x FROM unnest(excluded.rcpts) WITH ORDINALITY u(x, o)
				WHERE x <> ALL(s.rcpts) ORDER BY o) ELSE excluded.rcpts END,
			ops = CASE WHEN s.until > p_now THEN s.ops[greatest(cardinality(s.ops) - 14, 1):] ELSE '{}' END ||
				excluded.ops;
		DELETE FROM "bouncekit_state_sent" WHERE id IN (
			SELECT s.id FROM "bouncekit_state_sent" s WHERE s.until <= p_now AND s.id <> p_track_id
			LIMIT 16 FOR UPDATE SKIP LOCKED);
	END IF;

	-- Relieve, then strike, each domain in name order (the lock order).
	FOR dom IN SELECT DISTINCT x FROM unnest(coalesce(p_relieve, '{}') ||
		CASE WHEN p_throttle_off THEN '{}'::text[] ELSE coalesce(p_strike, '{}') END) x ORDER BY 1
	LOOP
		SELECT count(*) INTO rel FROM unnest(p_relieve) x WHERE x = dom;
		SELECT d.strikes, d.until, d.next, d.every INTO t FROM "bouncekit_state_domain" d WHERE d.name = dom FOR UPDATE;
		have := FOUND;
		IF have AND rel > 0 THEN
			IF t.strikes - rel <= 0 THEN
				DELETE FROM "bouncekit_state_domain" d WHERE d.name = dom;
				have := false;
			ELSE
				t.strikes := t.strikes - rel;
				UPDATE "bouncekit_state_domain" d SET strikes = t.strikes WHERE d.name = dom;
			END IF;
		END IF;
		IF NOT p_throttle_off AND dom = ANY(p_strike) AND (NOT have OR p_now >= t.until) THEN
			k := 1;
			IF have THEN
				k := t.strikes + 1;
			END IF;
			p := p_t_pause;
			i := 1;
			WHILE i < k AND p < p_t_max_pause LOOP
				p := p * 2;
				i := i + 1;
			END LOOP;
			IF p > p_t_max_pause THEN
				p := p_t_max_pause;
			END IF;
			r := p_t_rate;
			i := 1;
			WHILE i < k AND i < 30 LOOP
				r := r / 2;
				i := i + 1;
			END LOOP;
			un := p_now + p * interval '1 second';
			nx := un;
			IF have AND t.next > un THEN
				nx := un + (t.next - un) * ((1 / r) / t.every);
			END IF;
			INSERT INTO "bouncekit_state_domain" AS d (name, strikes, until, next, every)
			VALUES (dom, k, un, nx, 1 / r)
			ON CONFLICT (name) DO UPDATE SET strikes = excluded.strikes, until = excluded.until,
				next = excluded.next, every = excluded.every;
			-- A strike makes room: up to 16 domains that got no mail for 7
			-- days past their pause are forgotten.
			DELETE FROM "bouncekit_state_domain" WHERE name IN (
				SELECT d.name FROM "bouncekit_state_domain" d
				WHERE greatest(d.until, d.next) < p_now - interval '7 days' AND d.name <> dom
				LIMIT 16 FOR UPDATE SKIP LOCKED);
		END IF;
	END LOOP;


	-- The campaign last: its row is the one every Settle of the campaign
	-- locks, until the commit.
	IF p_campaign <> '' THEN
		INSERT INTO "bouncekit_state_campaign" AS c
			(name, w_attempted, w_bounced, w_complained, attempted, bounced, complained, updated)
		VALUES (p_campaign, p_attempted, p_bounced, p_complained, p_attempted, p_bounced, p_complained, p_now)
		ON CONFLICT (name) DO UPDATE SET
			updated = greatest(c.updated, excluded.updated),
			w_attempted = c.w_attempted + excluded.w_attempted,
			w_bounced = c.w_bounced + excluded.w_bounced,
			w_complained = c.w_complained + excluded.w_complained,
			attempted = c.attempted + excluded.attempted,
			bounced = c.bounced + excluded.bounced,
			complained = c.complained + excluded.complained
		RETURNING c.state, c.paused_until, c.pauses, c.w_attempted, c.w_bounced, c.w_complained,
			c.attempted, c.bounced, c.complained, c.xmax = 0
		INTO o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
			o_attempted, o_bounced, o_complained, fresh;
		-- A new campaign makes room: up to 16 active campaigns idle for
		-- longer than p_idle are forgotten.
		IF fresh AND p_idle > 0 THEN
			DELETE FROM "bouncekit_state_campaign" WHERE name IN (
				SELECT d.name FROM "bouncekit_state_campaign" d
				WHERE d.state = 'active' AND d.updated < p_now - p_idle * interval '1 second' AND d.name <> p_campaign
				LIMIT 16 FOR UPDATE SKIP LOCKED);
		END IF;
		IF NOT p_guard_off AND o_state = 'active' AND o_w_attempted >= p_min_sample AND o_w_attempted > 0 AND (
			(p_bounce_rate >= 0 AND o_w_bounced::double precision / o_w_attempted::double precision > p_bounce_rate) OR
			(p_complaint_rate >= 0 AND o_w_complained::double precision / o_w_attempted::double precision > p_complaint_rate)) THEN
			IF o_pauses >= p_max_pauses THEN
				o_state := 'cancelled';
				o_paused_until := NULL;
			ELSE
				o_state := 'paused';
				o_pauses := o_pauses + 1;
				o_paused_until := p_now + p_pause * interval '1 second';
			END IF;
			o_changed := o_state;
			UPDATE "bouncekit_state_campaign" c
			SET state = o_state, paused_until = o_paused_until, pauses = o_pauses
			WHERE c.name = p_campaign;
		END IF;
	END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION "bouncekit_state_gate_settle"(
	p_pending jsonb, p_lock text[], p_idle double precision,
	p_gate boolean, p_campaign text, p_domains text[], p_guard_off boolean, p_throttle_off boolean, p_now timestamptz,
	OUT o_state text, OUT o_paused_until timestamptz, OUT o_pauses integer,
	OUT o_w_attempted bigint, OUT o_w_bounced bigint, OUT o_w_complained bigint,
	OUT o_attempted bigint, OUT o_bounced bigint, OUT o_complained bigint,
	OUT o_resumed boolean, OUT o_allowed boolean[], OUT o_retry timestamptz[],
	OUT o_s_state text[], OUT o_s_paused_until timestamptz[], OUT o_s_pauses integer[],
	OUT o_s_counts bigint[], OUT o_s_changed text[], OUT o_s_duplicate boolean[])
LANGUAGE plpgsql AS $fn$
DECLARE
	e jsonb;
	r record;
	v_op text;
	v_track text;
	dup boolean;
	e_now timestamptz;
	latest timestamptz;
	ops integer := 0;
	ch text;
BEGIN
	o_resumed := false;
	o_allowed := '{}';
	o_retry := '{}';
	o_s_state := '{}';
	o_s_paused_until := '{}';
	o_s_pauses := '{}';
	o_s_counts := '{}';
	o_s_changed := '{}';
	o_s_duplicate := '{}';
	-- Locks, in the order of the gate and settle functions: the throttled
	-- domains of every settlement and of the gate first (p_lock, all their
	-- domains), in name order; then the campaigns of every settlement and
	-- of the gate, in name order, each locked until the commit. The
	-- settlements are then applied in the order given (their strikes and
	-- reliefs of one domain do not commute), whatever their campaigns.
	IF cardinality(p_lock) > 0 THEN
		PERFORM 1 FROM "bouncekit_state_domain" t WHERE t.name = ANY(p_lock) ORDER BY t.name FOR UPDATE;
	END IF;
	PERFORM 1 FROM "bouncekit_state_campaign" c WHERE c.name IN (
		SELECT x->>'c' FROM jsonb_array_elements(p_pending) x WHERE coalesce(x->>'c', '') <> ''
		UNION SELECT p_campaign WHERE p_gate AND p_campaign <> '')
	ORDER BY c.name FOR UPDATE;

	FOR e IN SELECT x FROM jsonb_array_elements(p_pending) x LOOP
		v_op := coalesce(e->>'op', '');
		v_track := coalesce(e->>'ti', '');
		e_now := (e->>'now')::timestamptz;
		latest := greatest(latest, e_now);
		dup := false;
		-- An Op applied before is found in the op table, whose row this
		-- inserts: a call with the same Op whose transaction has not
		-- committed yet holds it, and this waits for the commit (or the
		-- rollback) of that first application. An Op older than the op
		-- table's rows is also found in the row of its tracked message
		-- (the settle function keeps it there).
		IF v_op <> '' THEN
			ops := ops + 1;
			INSERT INTO "bouncekit_state_op" AS o (op, until) VALUES (v_op, (e->>'ou')::timestamptz)
			ON CONFLICT (op) DO UPDATE SET until = excluded.until, changed = '' WHERE o.until <= e_now;
			dup := NOT FOUND;
			IF NOT dup AND v_track <> '' THEN
				PERFORM 1 FROM "bouncekit_state_sent" s WHERE s.id = v_track AND s.until > e_now AND v_op = ANY(s.ops);
				dup := FOUND;
			END IF;
		END IF;
		IF dup THEN
			-- Applied before: the campaign as it is, and the change the
			-- first application made (in the op table when it made one).
			SELECT o.changed INTO ch FROM "bouncekit_state_op" o WHERE o.op = v_op AND o.until > e_now;
			SELECT c.state AS o_state, c.paused_until AS o_paused_until, c.pauses AS o_pauses,
				c.w_attempted AS o_w_attempted, c.w_bounced AS o_w_bounced, c.w_complained AS o_w_complained,
				c.attempted AS o_attempted, c.bounced AS o_bounced, c.complained AS o_complained,
				coalesce(ch, '') AS o_changed, false AS o_duplicate
			INTO r FROM "bouncekit_state_campaign" c WHERE c.name = coalesce(e->>'c', '');
			IF NOT FOUND THEN
				SELECT NULL::text AS o_state, NULL::timestamptz AS o_paused_until, NULL::integer AS o_pauses,
					NULL::bigint AS o_w_attempted, NULL::bigint AS o_w_bounced, NULL::bigint AS o_w_complained,
					NULL::bigint AS o_attempted, NULL::bigint AS o_bounced, NULL::bigint AS o_complained,
					coalesce(ch, '') AS o_changed, false AS o_duplicate INTO r;
			END IF;
		ELSE
			SELECT * INTO r FROM "bouncekit_state_settle"(
				coalesce(e->>'c', ''), coalesce((e->>'a')::bigint, 0), coalesce((e->>'b')::bigint, 0), coalesce((e->>'k')::bigint, 0),
				ARRAY(SELECT jsonb_array_elements_text(e->'s')), ARRAY(SELECT jsonb_array_elements_text(e->'r')),
				v_track, coalesce(e->>'tc', ''), coalesce(e->>'tt', ''), coalesce(e->>'tl', ''),
				ARRAY(SELECT jsonb_array_elements_text(e->'tr')), (e->>'ts')::timestamptz, (e->>'tu')::timestamptz,
				coalesce(e->>'rp', ''), (e->>'ru')::timestamptz,
				coalesce((e->>'gd')::boolean, false), (e->>'br')::double precision, (e->>'cr')::double precision,
				(e->>'ms')::integer, (e->>'gp')::double precision, (e->>'mp')::integer,
				coalesce((e->>'td')::boolean, false), (e->>'tp')::double precision, (e->>'tm')::double precision,
				(e->>'rt')::double precision,
				p_idle, e_now, v_op);
			-- A campaign change is kept with the Op, to be answered again.
			IF v_op <> '' AND r.o_changed <> '' THEN
				UPDATE "bouncekit_state_op" o SET changed = r.o_changed WHERE o.op = v_op;
			END IF;
		END IF;
		ch := NULL;
		o_s_state := array_append(o_s_state, r.o_state);
		o_s_paused_until := array_append(o_s_paused_until, r.o_paused_until);
		o_s_pauses := array_append(o_s_pauses, r.o_pauses);
		o_s_counts := o_s_counts || ARRAY[r.o_w_attempted, r.o_w_bounced, r.o_w_complained,
			r.o_attempted, r.o_bounced, r.o_complained];
		o_s_changed := array_append(o_s_changed, coalesce(r.o_changed, ''));
		o_s_duplicate := array_append(o_s_duplicate, coalesce(r.o_duplicate, false));
	END LOOP;
	-- As many expired Ops go as came, and 16 more.
	IF ops > 0 THEN
		DELETE FROM "bouncekit_state_op" WHERE op IN (
			SELECT o.op FROM "bouncekit_state_op" o WHERE o.until <= latest
			LIMIT ops + 16 FOR UPDATE SKIP LOCKED);
	END IF;

	IF p_gate THEN
		SELECT * INTO r FROM "bouncekit_state_gate"(p_campaign, p_domains, p_guard_off, p_throttle_off, p_now);
		o_state := r.o_state;
		o_paused_until := r.o_paused_until;
		o_pauses := r.o_pauses;
		o_w_attempted := r.o_w_attempted;
		o_w_bounced := r.o_w_bounced;
		o_w_complained := r.o_w_complained;
		o_attempted := r.o_attempted;
		o_bounced := r.o_bounced;
		o_complained := r.o_complained;
		o_resumed := r.o_resumed;
		o_allowed := r.o_allowed;
		o_retry := r.o_retry;
	END IF;
END
$fn$;
`

// queries are the statements of one State, for its names.
type queries struct {
	schema, gate, settle, gateSettle, sent, sentTo, handled, campaign, forget string
	claim, release                                                            string
}

// names returns the name of a table or function of t with the suffix.
func name(t pgx.Identifier, suffix string) string {
	n := append(pgx.Identifier(nil), t...)
	n[len(n)-1] += suffix
	return n.Sanitize()
}

func newQueries(t pgx.Identifier) queries {
	var pairs []string
	// Index names are never qualified by a schema. The replacer tries
	// these first; the longer names come before the names they start with.
	for _, s := range []string{"_campaign_idle", "_sent_until", "_sent_rcpts", "_handled_until", "_op_until", "_claim_until"} {
		pairs = append(pairs, `"`+DefaultTable+s+`"`, pgx.Identifier{t[len(t)-1] + s}.Sanitize())
	}
	for _, s := range []string{"_campaign", "_domain", "_sent", "_handled", "_op", "_claim", "_gate", "_settle", "_gate_settle"} {
		pairs = append(pairs, `"`+DefaultTable+s+`"`, name(t, s))
	}
	schema := strings.NewReplacer(pairs...).Replace(Schema)
	const campaignCols = `state, paused_until, pauses, w_attempted, w_bounced, w_complained, attempted, bounced, complained`
	return queries{
		schema: schema,
		gate: `SELECT o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
	o_attempted, o_bounced, o_complained, o_resumed, o_allowed, o_retry
FROM ` + name(t, "_gate") + `($1, $2, $3, $4, $5)`,
		settle: `SELECT o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
	o_attempted, o_bounced, o_complained, o_changed, o_duplicate
FROM ` + name(t, "_settle") + `($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
	$19, $20, $21, $22, $23, $24, $25, $26, $27, '')`,
		gateSettle: `SELECT o_state, o_paused_until, o_pauses, o_w_attempted, o_w_bounced, o_w_complained,
	o_attempted, o_bounced, o_complained, o_resumed, o_allowed, o_retry,
	o_s_state, o_s_paused_until, o_s_pauses, o_s_counts, o_s_changed, o_s_duplicate
FROM ` + name(t, "_gate_settle") + `($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		sent: `SELECT campaign, tenant, list, rcpts, sent FROM ` + name(t, "_sent") + ` WHERE id = $1 AND until > $2`,
		sentTo: `SELECT id, campaign, tenant, list, rcpts, sent FROM ` + name(t, "_sent") + `
WHERE rcpts @> ARRAY[$1::text] AND until > $2 ORDER BY sent DESC, id LIMIT 1`,
		handled:  `SELECT EXISTS (SELECT 1 FROM ` + name(t, "_handled") + ` WHERE key = $1 AND until > $2)`,
		campaign: `SELECT ` + campaignCols + ` FROM ` + name(t, "_campaign") + ` WHERE name = $1`,
		forget:   `DELETE FROM ` + name(t, "_campaign") + ` WHERE name = $1`,
		// $1 key, $2 holder, $3 until, $4 now.
		claim: `WITH swept AS (
	DELETE FROM ` + name(t, "_claim") + ` WHERE key IN (
		SELECT o.key FROM ` + name(t, "_claim") + ` o WHERE o.until <= $4 AND o.key <> $1
		LIMIT 16 FOR UPDATE SKIP LOCKED))
INSERT INTO ` + name(t, "_claim") + ` AS c (key, holder, until)
SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM ` + name(t, "_handled") + ` h WHERE h.key = $1 AND h.until > $4)
ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, until = excluded.until
	WHERE c.until <= $4 OR c.holder = excluded.holder
RETURNING true`,
		release: `DELETE FROM ` + name(t, "_claim") + ` WHERE key = $1 AND holder = $2`,
	}
}

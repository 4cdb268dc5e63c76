// Command multinode shows three sending nodes that share one view of their
// campaigns: three Deliverers, each with its own Redis client (then its own
// PostgreSQL pool), send one campaign through a go-smtp server on a
// loopback port, and the bounce-rate guard pauses it once for all of them;
// a bounce mail for a message that node A sent, handed to node B, is
// counted for A's campaign and recorded in A's list scope; a node started
// afterwards still holds the campaign. Run it with
//
//	go run ./examples/multinode
//
// It uses the Redis at BOUNCEKIT_REDIS_URL (default
// redis://127.0.0.1:6379/0) and the PostgreSQL at BOUNCEKIT_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/test?sslmode=disable) when
// they answer, says what is missing when they do not, and then shows the
// same run with one in-memory State shared inside the process. It writes
// under a key prefix and in a schema of its own, and deletes them at the
// end.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
	"github.com/bouncekit/bouncekit/suppress"
)

const (
	defaultRedis    = "redis://127.0.0.1:6379/0"
	defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
)

func main() {
	if err := run(context.Background(), os.Stdout, getenv("BOUNCEKIT_REDIS_URL", defaultRedis),
		getenv("BOUNCEKIT_POSTGRES_URL", defaultPostgres)); err != nil {
		fmt.Fprintln(os.Stderr, "multinode:", err)
		os.Exit(1)
	}
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// backend is a shared server: newState returns the State of one node,
// with a client of its own; close deletes what the run wrote.
type backend struct {
	name     string
	newState func() (deliver.State, error)
	close    func()
}

// run plays the example on each backend that answers, then in memory.
func run(ctx context.Context, w io.Writer, redisURL, pgURL string) error {
	rcv, err := startReceiver()
	if err != nil {
		return err
	}
	defer rcv.Close()
	tag := fmt.Sprintf("%d_%d", os.Getpid(), time.Now().UnixNano())

	var backends []backend
	var missing []string
	if b, err := redisBackend(ctx, redisURL, tag); err != nil {
		missing = append(missing, fmt.Sprintf("Redis at %s is not reachable (%v): start redis-server, or set BOUNCEKIT_REDIS_URL", redisURL, err))
	} else {
		backends = append(backends, b)
	}
	if b, err := pgBackend(ctx, pgURL, tag); err != nil {
		missing = append(missing, fmt.Sprintf("PostgreSQL at %s is not reachable (%v): start it, or set BOUNCEKIT_POSTGRES_URL", redact(pgURL), err))
	} else {
		backends = append(backends, b)
	}
	for _, m := range missing {
		fmt.Fprintln(w, "skipped:", m)
	}
	if len(missing) > 0 {
		fmt.Fprintln(w)
	}
	shared := &deliver.MemoryState{}
	backends = append(backends, backend{
		name:     "memory (one MemoryState shared inside this process: what nodes in separate processes cannot do)",
		newState: func() (deliver.State, error) { return shared, nil },
		close:    func() {},
	})
	for _, b := range backends {
		err := play(ctx, w, rcv, b)
		b.close()
		if err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
	}
	return nil
}

func redisBackend(ctx context.Context, url, tag string) (backend, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return backend{}, err
	}
	opt.ContextTimeoutEnabled = true
	opt.DialTimeout = time.Second
	opt.MaxRetries = 0
	opt.DialerRetries = 1
	probe := redis.NewClient(opt)
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := probe.Ping(cctx).Err(); err != nil {
		probe.Close()
		return backend{}, err
	}
	prefix := "bouncekit-multinode:" + tag + ":"
	var clients []*redis.Client
	return backend{
		name: "Redis " + opt.Addr + " (three clients, prefix " + prefix + ")",
		newState: func() (deliver.State, error) {
			c := redis.NewClient(opt)
			clients = append(clients, c)
			return &redisstate.State{Client: c, Prefix: prefix}, nil
		},
		close: func() {
			iter := probe.Scan(ctx, 0, prefix+"*", 1000).Iterator()
			for iter.Next(ctx) {
				probe.Del(ctx, iter.Val())
			}
			for _, c := range clients {
				c.Close()
			}
			probe.Close()
		},
	}, nil
}

func pgBackend(ctx context.Context, url, tag string) (backend, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return backend{}, err
	}
	cfg.ConnConfig.ConnectTimeout = 2 * time.Second
	admin, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return backend{}, err
	}
	schema := pgx.Identifier{"bouncekit_multinode_" + tag}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema.Sanitize()); err != nil {
		admin.Close()
		return backend{}, err
	}
	table := pgx.Identifier{schema[0], "state"}
	if err := (&pgstate.State{DB: admin, Table: table}).CreateSchema(ctx); err != nil {
		admin.Exec(ctx, "DROP SCHEMA "+schema.Sanitize()+" CASCADE")
		admin.Close()
		return backend{}, err
	}
	var pools []*pgxpool.Pool
	return backend{
		name: "PostgreSQL " + cfg.ConnConfig.Host + " (three pools, schema " + schema[0] + ")",
		newState: func() (deliver.State, error) {
			p, err := pgxpool.NewWithConfig(ctx, cfg)
			if err != nil {
				return nil, err
			}
			pools = append(pools, p)
			return &pgstate.State{DB: p, Table: table}, nil
		},
		close: func() {
			for _, p := range pools {
				p.Close()
			}
			admin.Exec(ctx, "DROP SCHEMA "+schema.Sanitize()+" CASCADE")
			admin.Close()
		},
	}, nil
}

// redact drops the password of a URL.
func redact(url string) string {
	if i, j := strings.Index(url, "://"), strings.LastIndexByte(url, '@'); i >= 0 && j > i {
		if k := strings.IndexByte(url[i+3:j], ':'); k >= 0 {
			return url[:i+3+k] + ":xxx" + url[j:]
		}
	}
	return url
}

// play runs the three nodes on b.
func play(ctx context.Context, w io.Writer, rcv *receiver, b backend) error {
	fmt.Fprintf(w, "== %s\n", b.name)
	rcv.reset()
	const campaign = "spring"
	store := &suppress.Memory{} // the suppression list is shared too (redisstore, pgstore): here one in memory
	var paused atomic.Int32
	nodes := make([]*deliver.Deliverer, 3)
	for i := range nodes {
		st, err := b.newState()
		if err != nil {
			return err
		}
		name := string(rune('A' + i))
		snd := &deliver.SMTPSender{Addr: rcv.addr}
		defer snd.Close()
		nodes[i] = &deliver.Deliverer{
			Sender: snd,
			Store:  store, State: st,
			OnEvent: func(e deliver.Event) {
				if e.Rcpt == "" && e.Kind == deliver.Paused {
					paused.Add(1)
					fmt.Fprintf(w, "node %s: campaign paused until %s (the bounce rate passed 5 %% after %d recipients)\n",
						name, e.NextAttempt.Format("Jan 2 15:04"), rcv.count())
				}
			},
		}
	}

	// 600 recipients, one in ten unknown, shared out among the nodes.
	const total = 600
	next := make(chan int)
	var mu sync.Mutex
	tally := make([]map[deliver.Kind]int, len(nodes))
	var wg sync.WaitGroup
	var errs []error
	for n, d := range nodes {
		tally[n] = map[deliver.Kind]int{}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					rcpt := fmt.Sprintf("reader%03d@example.com", i)
					if i%10 == 3 {
						rcpt = fmt.Sprintf("gone%03d@example.com", i)
					}
					res, err := d.Deliver(ctx, message(campaign, i, rcpt))
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
					} else {
						tally[n][res[0].Kind]++
					}
					mu.Unlock()
				}
			}()
		}
	}
	for i := range total {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, d := range nodes {
		// What a node does before it stops: save the outcomes still
		// waiting for its next gate.
		if err := d.Flush(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for n := range nodes {
		t := tally[n]
		fmt.Fprintf(w, "node %c: %3d delivered, %2d bounced, %3d held (not sent: the campaign is paused)\n",
			'A'+n, t[deliver.Delivered], t[deliver.Bounced], t[deliver.Held])
	}
	fmt.Fprintf(w, "the receiver saw %d of the %d recipients; %d pause for three nodes\n", rcv.count(), total, paused.Load())

	// A bounce mail for a message of node A, handed to node B.
	sc := suppress.Scope{Tenant: "acme", List: "news"}
	late := message("autumn", 0, "late@example.com")
	late.Scope = sc
	if _, err := nodes[0].Deliver(ctx, late); err != nil {
		return err
	}
	// A node saves the outcomes of a send with its next gate, or 50 ms
	// later; a bounce comes back much later than that, which Flush stands
	// for here.
	if err := nodes[0].Flush(ctx); err != nil {
		return err
	}
	res, err := nodes[1].HandleBounce(ctx, strings.NewReader(dsnMail(late.ID, "late@example.com")))
	if err != nil {
		return err
	}
	e, _, _ := store.Get(ctx, "late@example.com", sc, time.Now())
	c, _, _ := nodes[2].State.Campaign(ctx, "autumn")
	fmt.Fprintf(w, "node B handled a bounce for node A's message: %s, recorded in the scope %s (%s), counted for campaign autumn as node C sees it (%d bounced)\n",
		res[0].Kind, sc, e.Kind, c.Window.Bounced)

	// A node started now sees the pause.
	st, err := b.newState()
	if err != nil {
		return err
	}
	snd := &deliver.SMTPSender{Addr: rcv.addr}
	defer snd.Close()
	fresh := &deliver.Deliverer{Sender: snd, Store: store, State: st}
	res, err = fresh.Deliver(ctx, message(campaign, total, "newcomer@example.com"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "a node started afterwards: %s, until %s\n\n", res[0].Kind, res[0].NextAttempt.Format("Jan 2 15:04"))
	return nil
}

func message(campaign string, i int, rcpt string) *deliver.Message {
	id := fmt.Sprintf("%s.%d.%d@news.example.org", campaign, i, time.Now().UnixNano())
	return &deliver.Message{
		ID: id, From: "bounces@news.example.org", To: []string{rcpt}, Campaign: campaign,
		Data: []byte("From: news@news.example.org\r\nTo: " + rcpt + "\r\nMessage-ID: <" + id + ">\r\nSubject: Spring news\r\n\r\nHello.\r\n"),
	}
}

// dsnMail is a bounce mail (RFC 3464) of msgID for rcpt: 550 5.1.1.
func dsnMail(msgID, rcpt string) string {
	return strings.ReplaceAll(`From: MAILER-DAEMON@mx.example.com
To: bounces@news.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; `+rcpt+`
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <`+rcpt+`>: User unknown

--B
Content-Type: text/rfc822-headers

From: news@news.example.org
Message-ID: <`+msgID+`>
Subject: Spring news

--B--
`, "\n", "\r\n")
}

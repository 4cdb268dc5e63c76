package redisstate_test

import (
	"context"
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
	"github.com/bouncekit/bouncekit/suppress/redisstore"
)

// Each sending node runs the same code: its own client, the same server,
// Prefix, Guard and Throttle. The example needs a server, so it is
// compiled but not run; the tests run the same calls against
// BOUNCEKIT_REDIS_URL.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "redis.example.com:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()

	d := &deliver.Deliverer{
		Sender: &deliver.SMTPSender{Addr: "smtp.example.com:25"},
		Store:  redisstore.New(rdb),
		State:  &redisstate.State{Client: rdb, Prefix: "mailer:state:"},
		Guard:  deliver.Guard{MinSample: 200},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := d.Deliver(ctx, &deliver.Message{
		ID: "spring-1@news.example.org", From: "bounces@news.example.org",
		To: []string{"reader@example.com"}, Campaign: "spring",
		Data: []byte("From: news@news.example.org\r\nSubject: Spring\r\n\r\nHello.\r\n"),
	})
	if err != nil {
		// The State or the Store could not be read: nothing was sent.
		log.Print(err)
		return
	}
	log.Print(res[0].Kind)

	// Every node sees the campaign as the guard left it.
	c, ok, err := d.State.Campaign(ctx, "spring")
	if err == nil && ok {
		log.Printf("spring: %s, %.1f %% bounced", c.State, 100*c.BounceRate())
	}
}

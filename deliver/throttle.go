package deliver

import (
	"time"

	"golang.org/x/time/rate"

	"github.com/bouncekit/bouncekit/bounce"
)

// Throttle says how the [Deliverer] slows down a destination domain that
// asked it to: a rate-limit or too-many-connections reply (the reasons
// speeding and toomanyconn, a 421 such as Gmail's 4.7.28 or Yahoo's TS codes,
// Office 365's 4.7.500 to 4.7.699). Greylisting is not one: it is retried
// after the first delay of the [Backoff] without slowing the domain. The zero
// value is the default.
//
// Each such reply is a strike: the domain gets no mail for Pause, doubled with
// each further strike up to MaxPause, and after the pause its sends are
// limited to Rate, halved with each strike. Each delivery to the domain takes
// a strike away; without strikes the domain is unlimited again.
type Throttle struct {
	// Pause is how long the domain gets no mail after its first strike.
	// 0 means 1 minute.
	Pause time.Duration
	// MaxPause caps the pause. 0 means 1 hour.
	MaxPause time.Duration
	// Rate is the rate of sends to a domain with one strike. 0 means 1 per
	// second.
	Rate rate.Limit
	// Disabled turns throttling off: rate-limit replies are plain soft
	// failures.
	Disabled bool
}

// throttled is the state of one throttled domain. It is guarded by the
// Deliverer's mutex.
type throttled struct {
	strikes int
	until   time.Time
	lim     *rate.Limiter
}

// throttles reports whether a classified deferral asks the sender to slow
// down the whole destination domain: a rate-limit or too-many-connections
// reply.
//
// Greylisting is not a rate limit: the receiver defers a sender it has not
// seen yet and accepts it once it comes back after a few minutes, which the
// first retry of the [Backoff] does. bounce gives it the reason speeding,
// like a rate limit, and tells it apart with [bounce.Result.Greylisted];
// slowing the domain for it would delay every other recipient there.
// Replies about one mailbox (RFC 3463 4.2.x, such as Gmail's "receiving
// mail at a rate") or about one transaction (4.5.3, too many recipients)
// do not slow the domain either.
func throttles(r bounce.Result) bool {
	// QUIRK(Office 365): 4.7.500 to 4.7.699 ("server busy", "access
	// denied, please try again later") throttle an IP address whose volume
	// grew faster than its sending history; the advice is to ramp up.
	if r.Status.Class == 4 && r.Status.Subject == 7 && r.Status.Detail >= 500 && r.Status.Detail <= 699 {
		return true
	}
	if r.Greylisted {
		return false
	}
	if r.Status.Class == 4 && (r.Status.Subject == 2 || (r.Status.Subject == 5 && r.Status.Detail == 3)) {
		return false
	}
	switch r.Reason {
	case bounce.ReasonSpeeding, bounce.ReasonTooManyConn:
		return true
	}
	// RFC 5321 §3.8: 421 closes the channel, which is what a receiver
	// that is overloaded or limits connections answers.
	return r.ReplyCode == 421
}

// strike records a throttle reply for the domain at now. Replies that
// arrive while the domain is paused (sends that were under way when the
// first reply came) do not count again.
func (t *Throttle) strike(s *throttled, now time.Time) {
	if now.Before(s.until) {
		return
	}
	s.strikes++
	p := durOr(t.Pause, time.Minute)
	maxp := durOr(t.MaxPause, time.Hour)
	for i := 1; i < s.strikes && p < maxp; i++ {
		p *= 2
	}
	if p > maxp {
		p = maxp
	}
	s.until = now.Add(p)
	r := t.Rate
	if r <= 0 {
		r = 1
	}
	for i := 1; i < s.strikes && i < 30; i++ {
		r /= 2
	}
	if s.lim == nil {
		s.lim = rate.NewLimiter(r, 1)
	} else {
		s.lim.SetLimitAt(s.until, r)
	}
}

// allow reports whether a send to the domain may be made at now, and when
// to come back if not. It takes a token of the domain's limiter.
func (t *Throttle) allow(s *throttled, now time.Time) (ok bool, retry time.Time) {
	if now.Before(s.until) {
		return false, s.until
	}
	r := s.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, now.Add(time.Minute)
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, now.Add(d)
	}
	return true, time.Time{}
}

package deliver

import (
	"math"
	"time"
)

// Backoff is the retry schedule of soft failures: exponential backoff with
// jitter, bounded below by Floor and above by Cap, and given up after MaxAge.
// The zero value is the default schedule: a first retry after 5 minutes (long
// enough for greylisting, which typically asks for 1 to 5 minutes), doubling
// to at most 4 hours, ±20 % jitter, expiry after 72 hours (SendGrid's
// window).
//
// Backoff is a pure value: it holds no state and is safe for concurrent use.
// The randomness of the jitter is a parameter of [Backoff.Delay]; the
// [Deliverer] draws it from its seedable source.
type Backoff struct {
	// First is the delay before the first retry. 0 means 5 minutes.
	First time.Duration
	// Multiplier scales the delay after each attempt. 0 means 2.
	Multiplier float64
	// Floor is the shortest delay, after jitter. 0 means 1 minute.
	Floor time.Duration
	// Cap is the longest delay, after jitter. 0 means 4 hours.
	Cap time.Duration
	// Jitter is the relative spread of the delay: 0.2 spreads it over
	// ±20 %. 0 means 0.2; a negative value means no jitter.
	Jitter float64
	// MaxAge is how long after its first attempt a recipient is given up
	// and counted as expired. 0 means 72 hours; set 5*24*time.Hour for the
	// five days of Zoho's soft-bounce window.
	MaxAge time.Duration
	// MaxAttempts, when positive, also expires a recipient after that many
	// attempts, whatever their age.
	MaxAttempts int
}

// DefaultMaxAge is the MaxAge of the zero [Backoff].
const DefaultMaxAge = 72 * time.Hour

func (b *Backoff) first() time.Duration { return durOr(b.First, 5*time.Minute) }
func (b *Backoff) floor() time.Duration { return durOr(b.Floor, time.Minute) }
func (b *Backoff) cap() time.Duration   { return durOr(b.Cap, 4*time.Hour) }
func (b *Backoff) maxAge() time.Duration {
	return durOr(b.MaxAge, DefaultMaxAge)
}

func durOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Delay returns the delay after attempt (1 for the delay that follows the
// first attempt) given u, a random number in [0, 1) that places the delay
// within the jitter; u = 0.5 gives the delay without jitter. The result lies
// within [Floor, Cap].
func (b *Backoff) Delay(attempt int, u float64) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	m := b.Multiplier
	if m <= 0 {
		m = 2
	}
	j := b.Jitter
	switch {
	case j == 0:
		j = 0.2
	case j < 0:
		j = 0
	}
	if j > 1 {
		j = 1
	}
	if u < 0 || u >= 1 || math.IsNaN(u) {
		u = 0.5
	}
	d := float64(b.first()) * math.Pow(m, float64(attempt-1))
	d *= 1 + j*(2*u-1)
	lo, hi := float64(b.floor()), float64(b.cap())
	if lo > hi {
		lo = hi
	}
	switch {
	case math.IsNaN(d) || d > hi:
		d = hi
	case d < lo:
		d = lo
	}
	return time.Duration(d)
}

// Next returns when attempt+1 is due without jitter: now plus
// Delay(attempt, 0.5).
func (b *Backoff) Next(attempt int, now time.Time) time.Time {
	return now.Add(b.Delay(attempt, 0.5))
}

// Expires returns when a recipient first attempted at queued is given up.
func (b *Backoff) Expires(queued time.Time) time.Time { return queued.Add(b.maxAge()) }

// schedule decides the retry of a recipient that failed softly at attempt
// (counting from 1), first attempted at queued: it returns the time of the
// next attempt, or ok = false when the recipient has expired. A retry that
// would fall after the expiry is moved to the expiry itself, so that every
// recipient gets a last attempt at the end of its window.
func (b *Backoff) schedule(attempt int, queued, now time.Time, u float64) (next time.Time, ok bool) {
	exp := b.Expires(queued)
	if !now.Before(exp) || (b.MaxAttempts > 0 && attempt >= b.MaxAttempts) {
		return time.Time{}, false
	}
	next = now.Add(b.Delay(attempt, u))
	if next.After(exp) {
		next = exp
	}
	return next, true
}

// Package statepolicy resolves the defaults of [deliver.Guard] and
// [deliver.Throttle] into plain numbers, for the shared [deliver.State]
// implementations (redisstate, pgstate) that hand them to a Lua script or
// a SQL function. It follows deliver's rules exactly: 0 means the
// default, a negative rate disables that rate's check.
package statepolicy

import (
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// Guard is a resolved [deliver.Guard].
type Guard struct {
	Disabled bool
	// BounceRate and ComplaintRate are the rates above which a campaign
	// is paused; -1 disables the check.
	BounceRate, ComplaintRate float64
	MinSample                 int
	Pause                     time.Duration
	MaxPauses                 int
}

// GuardOf resolves g.
func GuardOf(g deliver.Guard) Guard {
	r := Guard{
		Disabled:      g.Disabled,
		BounceRate:    rateOr(g.MaxBounceRate, 0.05),
		ComplaintRate: rateOr(g.MaxComplaintRate, 0.001),
		MinSample:     g.MinSample,
		Pause:         Or(g.Pause, 24*time.Hour),
		MaxPauses:     g.MaxPauses,
	}
	if r.MinSample <= 0 {
		r.MinSample = 100
	}
	if r.MaxPauses <= 0 {
		r.MaxPauses = 1
	}
	return r
}

// Throttle is a resolved [deliver.Throttle].
type Throttle struct {
	Disabled bool
	// Pause is the pause after a first strike, doubled per further strike
	// up to MaxPause.
	Pause, MaxPause time.Duration
	// Rate is the rate of sends, per second, of a domain with one strike;
	// it is halved per further strike.
	Rate float64
}

// ThrottleOf resolves t.
func ThrottleOf(t deliver.Throttle) Throttle {
	r := Throttle{
		Disabled: t.Disabled,
		Pause:    Or(t.Pause, time.Minute),
		MaxPause: Or(t.MaxPause, time.Hour),
		Rate:     float64(t.Rate),
	}
	if r.Rate <= 0 {
		r.Rate = 1
	}
	return r
}

func rateOr(r, def float64) float64 {
	switch {
	case r == 0:
		return def
	case r < 0:
		return -1
	}
	return r
}

// Or returns d, or def when d is not positive.
func Or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

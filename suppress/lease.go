package suppress

import "time"

// defaultSteps is the schedule of Azure Communication Services' managed
// suppression list: 24 h, then 48 h, 96 h, 7 days and at most 14 days.
var defaultSteps = [...]time.Duration{
	24 * time.Hour,
	48 * time.Hour,
	96 * time.Hour,
	7 * 24 * time.Hour,
	14 * 24 * time.Hour,
}

// Lease is the progressive schedule of hard-bounce suppression. The first
// hard bounce suppresses an address for the duration of step 0. A send
// attempted during the lease is dropped and moves the lease to the next
// step, counted from the attempt; the last step repeats. A lease that sees no
// attempt expires: the next send goes out and a new hard bounce starts again
// at step 0.
//
// Lease is a pure value; every store uses it.
type Lease struct {
	// Steps are the lease durations, each at least one second. Nil means
	// the default: 24h, 48h, 96h, 7 days, 14 days.
	Steps []time.Duration
}

// Last returns the highest step, which repeats.
func (l Lease) Last() int {
	if len(l.Steps) == 0 {
		return len(defaultSteps) - 1
	}
	return len(l.Steps) - 1
}

// Duration returns the length of the lease at step, clamped to
// [0, l.Last()].
func (l Lease) Duration(step int) time.Duration {
	step = max(0, min(step, l.Last()))
	if len(l.Steps) == 0 {
		return defaultSteps[step]
	}
	return l.Steps[step]
}

// Next returns when a lease at step that starts at now ends.
func (l Lease) Next(step int, now time.Time) time.Time { return now.Add(l.Duration(step)) }

// Policy is the configuration every store shares: the lease schedule, the
// soft-bounce rule and address normalisation. The zero Policy is the
// default.
type Policy struct {
	// Lease is the hard-bounce lease schedule.
	Lease Lease
	// SoftLimit is the number of consecutive soft bounces that counts as
	// a hard bounce (Zoho's rule): 0 means 7, -1 means soft bounces never
	// suppress. At most 65535.
	SoftLimit int
	// SoftWindow is how long a run of soft bounces may last, counted from
	// its first: a soft bounce after the window starts a new run at 1.
	// 0 means 5 days.
	SoftWindow time.Duration
	// KeepLocalCase keeps the case of local parts. By default
	// "Alice@example.com" and "alice@example.com" are the same address.
	KeepLocalCase bool
}

// WithDefaults returns p with its zero fields replaced by the defaults:
// Lease.Steps set, SoftLimit 7 (or 0 when it was -1: never), SoftWindow 5
// days; Lease.Steps is a fresh copy with every step at least one second.
// Stores call it once and read the fields.
func (p Policy) WithDefaults() Policy {
	steps := p.Lease.Steps
	if len(steps) == 0 {
		steps = defaultSteps[:]
	}
	p.Lease.Steps = make([]time.Duration, len(steps))
	for i, d := range steps {
		p.Lease.Steps[i] = max(d, time.Second)
	}
	switch {
	case p.SoftLimit == 0:
		p.SoftLimit = 7
	case p.SoftLimit < 0:
		p.SoftLimit = 0
	case p.SoftLimit > 65535:
		p.SoftLimit = 65535
	}
	if p.SoftWindow <= 0 {
		p.SoftWindow = 5 * 24 * time.Hour
	}
	return p
}

package deliver

import "time"

// Guard is the bounce-rate guard of campaigns, after Zoho Marketing
// Automation's rule: when the hard-bounce rate of a campaign passes 5 %, the
// campaign is paused for 24 hours; it then resumes, and if the rate passes
// 5 % again it is cancelled for good. A complaint rate above 0.1 % acts the
// same way. The zero value is that default.
//
// The rates are hard bounces (and complaints) over attempted recipients.
// Suppressed drops count as neither: they would hide a bad list (more
// attempts) or inflate it (more bounces). A recipient counts once, at its
// first attempt, however often it is retried. A rate is judged only once
// MinSample recipients were attempted. After a resume, the counting starts
// afresh: the second verdict is on the mail sent after the pause, so that
// the bounces that caused the pause do not cancel the campaign at once.
//
// Held sends are not lost: the recipients of a paused campaign are held
// ([Held]) and scheduled for the end of the pause.
type Guard struct {
	// MaxBounceRate is the hard-bounce rate above which a campaign is paused
	// (then cancelled). 0 means 0.05 (5 %); a negative value disables it.
	MaxBounceRate float64
	// MaxComplaintRate is the complaint rate above which a campaign is paused
	// (then cancelled). 0 means 0.001 (0.1 %); a negative value disables it.
	MaxComplaintRate float64
	// MinSample is the number of attempted recipients before a rate is
	// judged. 0 means 100.
	MinSample int
	// Pause is how long a campaign stays paused. 0 means 24 hours.
	Pause time.Duration
	// MaxPauses is how many pauses a campaign gets before it is cancelled.
	// 0 means 1: the second excess cancels it.
	MaxPauses int
	// Disabled turns the guard off.
	Disabled bool
}

// CampaignState is the state of a campaign under the guard.
type CampaignState string

// The campaign states.
const (
	CampaignActive    CampaignState = "active"
	CampaignPaused    CampaignState = "paused"
	CampaignCancelled CampaignState = "cancelled"
)

// CampaignStats is a snapshot of one campaign: its state and counters.
type CampaignStats struct {
	State       CampaignState
	PausedUntil time.Time // when a paused campaign resumes
	Pauses      int       // how many times it was paused
	Counters              // all-time counters of the campaign
	// Window counts attempts, hard bounces and complaints since the campaign
	// started or last resumed: the sample the guard judges.
	Window struct{ Attempted, Bounced, Complained int }
}

// BounceRate returns the hard-bounce rate of the current window.
func (s CampaignStats) BounceRate() float64 { return ratio(s.Window.Bounced, s.Window.Attempted) }

// ComplaintRate returns the complaint rate of the current window.
func (s CampaignStats) ComplaintRate() float64 {
	return ratio(s.Window.Complained, s.Window.Attempted)
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (g *Guard) bounceRate() float64    { return rateOr(g.MaxBounceRate, 0.05) }
func (g *Guard) complaintRate() float64 { return rateOr(g.MaxComplaintRate, 0.001) }

func rateOr(r, def float64) float64 {
	switch {
	case r == 0:
		return def
	case r < 0:
		return -1
	}
	return r
}

// tick resumes a paused campaign whose pause is over; it reports whether it
// did.
func (g *Guard) tick(s *CampaignStats, now time.Time) bool {
	if s.State == CampaignPaused && !now.Before(s.PausedUntil) {
		s.State = CampaignActive
		s.PausedUntil = time.Time{}
		s.Window.Attempted, s.Window.Bounced, s.Window.Complained = 0, 0, 0
		return true
	}
	return false
}

// judge applies the guard to an active campaign after its counters changed;
// it returns the new state when the campaign is paused or cancelled, and
// CampaignActive otherwise.
func (g *Guard) judge(s *CampaignStats, now time.Time) CampaignState {
	if g.Disabled || s.State != CampaignActive {
		return CampaignActive
	}
	min := g.MinSample
	if min <= 0 {
		min = 100
	}
	if s.Window.Attempted < min {
		return CampaignActive
	}
	br, cr := g.bounceRate(), g.complaintRate()
	over := (br >= 0 && s.BounceRate() > br) || (cr >= 0 && s.ComplaintRate() > cr)
	if !over {
		return CampaignActive
	}
	maxPauses := g.MaxPauses
	if maxPauses <= 0 {
		maxPauses = 1
	}
	if s.Pauses >= maxPauses {
		s.State = CampaignCancelled
		s.PausedUntil = time.Time{}
		return CampaignCancelled
	}
	s.Pauses++
	s.State = CampaignPaused
	s.PausedUntil = now.Add(durOr(g.Pause, 24*time.Hour))
	return CampaignPaused
}

package deliver

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// campaign sends n one-recipient messages of campaign c, one in every
// badEvery to an unknown user, and returns the kinds of the results.
func campaign(t *testing.T, d *Deliverer, c string, from, n, badEvery int) map[Kind]int {
	t.Helper()
	got := map[Kind]int{}
	for i := from; i < from+n; i++ {
		to := fmt.Sprintf("ok%d@example.com", i)
		if badEvery > 0 && i%badEvery == 0 {
			to = fmt.Sprintf("unknown%d@example.com", i)
		}
		res, err := d.Deliver(context.Background(), &Message{ID: fmt.Sprintf("%s-%d", c, i), Campaign: c, To: []string{to}})
		if err != nil {
			t.Fatal(err)
		}
		got[res[0].Kind]++
	}
	return got
}

func TestGuardPauseResumeCancel(t *testing.T) {
	clk := newClock()
	q := &MemoryQueue{}
	var evs []Event
	d := &Deliverer{Sender: &scripted{}, Queue: q, Now: clk.Now, Seed: 1, OnEvent: func(e Event) {
		if e.Rcpt == "" {
			evs = append(evs, e)
		}
	}}
	// 10 % bad: paused once 100 recipients were attempted.
	got := campaign(t, d, "bad", 1, 150, 10)
	if got[Held] != 50 || got[Delivered]+got[Bounced] != 100 {
		t.Fatalf("first run = %v, want 100 sent and 50 held", got)
	}
	st, _ := d.Campaign("bad")
	if st.State != CampaignPaused || !st.PausedUntil.Equal(clk.Now().Add(24*time.Hour)) {
		t.Fatalf("state = %v until %v, want paused for 24h", st.State, st.PausedUntil)
	}
	if len(evs) != 1 || evs[0].Kind != Paused {
		t.Fatalf("campaign events = %v, want [paused]", evs)
	}
	if q.Len() != 50 {
		t.Errorf("held recipients in queue = %d, want 50 (held, not lost)", q.Len())
	}
	// A good campaign is not affected.
	if got := campaign(t, d, "good", 1, 150, 0); got[Delivered] != 150 {
		t.Errorf("good campaign = %v, want 150 delivered", got)
	}
	// The pause ends: the held recipients go out, the counting restarts.
	clk.Advance(24 * time.Hour)
	n, err := d.DeliverDue(context.Background())
	if n != 50 || err != nil {
		t.Fatalf("DeliverDue() after the pause = %d, %v, want 50, nil", n, err)
	}
	if len(evs) != 2 || evs[1].Kind != Resumed {
		t.Fatalf("campaign events = %v, want [paused resumed]", evs)
	}
	if q.Len() != 0 {
		t.Errorf("queue after resume = %d, want 0", q.Len())
	}
	// Still bad after the resume: cancelled.
	got = campaign(t, d, "bad", 151, 100, 10)
	st, _ = d.Campaign("bad")
	if st.State != CampaignCancelled || evs[len(evs)-1].Kind != Cancelled {
		t.Fatalf("state after second excess = %v, events %v, want cancelled", st.State, evs)
	}
	if got[Cancelled] == 0 {
		t.Errorf("second run = %v, want cancelled recipients after the cancel", got)
	}
	if st.Pauses != 1 {
		t.Errorf("Pauses = %d, want 1", st.Pauses)
	}
}

func TestGuardMinSample(t *testing.T) {
	d := &Deliverer{Sender: &scripted{}, Guard: Guard{MinSample: 1000}}
	got := campaign(t, d, "c", 1, 300, 2) // 50 % bad, under the sample
	if got[Held] != 0 || got[Bounced] != 150 {
		t.Errorf("run = %v, want no hold under MinSample", got)
	}
	st, _ := d.Campaign("c")
	if st.State != CampaignActive || st.BounceRate() != 0.5 {
		t.Errorf("state = %v, rate %v, want active at 0.5", st.State, st.BounceRate())
	}
}

func TestGuardJudge(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                     string
		g                        Guard
		attempted, bounced, cmpl int
		want                     CampaignState
	}{
		{"under sample", Guard{}, 99, 50, 0, CampaignActive},
		{"at 5%", Guard{}, 100, 5, 0, CampaignActive},
		{"over 5%", Guard{}, 100, 6, 0, CampaignPaused},
		{"complaints over 0.1%", Guard{}, 1000, 0, 2, CampaignPaused},
		{"complaints at 0.1%", Guard{}, 1000, 0, 1, CampaignActive},
		{"custom 10%", Guard{MaxBounceRate: 0.10}, 100, 8, 0, CampaignActive},
		{"bounce guard off", Guard{MaxBounceRate: -1}, 100, 90, 0, CampaignActive},
		{"disabled", Guard{Disabled: true}, 100, 90, 0, CampaignActive},
	} {
		s := &CampaignStats{State: CampaignActive}
		s.Window.Attempted, s.Window.Bounced, s.Window.Complained = tc.attempted, tc.bounced, tc.cmpl
		if got := tc.g.judge(s, now); got != tc.want {
			t.Errorf("%s: judge(%d/%d/%d) = %v, want %v", tc.name, tc.attempted, tc.bounced, tc.cmpl, got, tc.want)
		}
	}
}

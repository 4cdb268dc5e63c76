package deliver

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// send delivers one message of campaign c to rcpt and returns its result.
func send(t *testing.T, d *Deliverer, c, rcpt string) Result {
	t.Helper()
	res, err := d.Deliver(context.Background(), &Message{ID: c + "/" + rcpt, Campaign: c, To: []string{rcpt}})
	if err != nil {
		t.Fatalf("Deliver(%s, %s) error: %v", c, rcpt, err)
	}
	return res[0]
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func TestMaxDomains(t *testing.T) {
	for _, tc := range []struct {
		name string
		max  int
		n    int      // domains d00.example … mailed in turn
		want []string // domains kept
	}{
		{"under the bound", 8, 5, []string{"d00.example", "d01.example", "d02.example", "d03.example", "d04.example"}},
		// The 9th domain passes 8: the oldest go, down to 7.
		{"oldest forgotten", 8, 9, []string{"d02.example", "d03.example", "d04.example", "d05.example", "d06.example", "d07.example", "d08.example"}},
		{"bound of one", 1, 3, []string{"d02.example"}},
		{"no limit", -1, 20, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Deliverer{Sender: &scripted{}, MaxDomains: tc.max, Seed: 1}
			for i := range tc.n {
				send(t, d, "", fmt.Sprintf("ok@d%02d.example", i))
			}
			st := d.Stats()
			if tc.want == nil {
				if len(st.Domains) != tc.n {
					t.Errorf("Stats().Domains has %d domains, want all %d", len(st.Domains), tc.n)
				}
			} else if got := sortedKeys(st.Domains); !slices.Equal(got, tc.want) {
				t.Errorf("Stats().Domains = %q, want %q", got, tc.want)
			}
			if st.Total.Delivered != tc.n {
				t.Errorf("Stats().Total.Delivered = %d, want %d (forgotten domains still counted)", st.Total.Delivered, tc.n)
			}
		})
	}
}

// TestMaxDomainsKeepsUsed: a domain mailed again is recent, and a throttled
// domain is kept however old, with its throttle.
func TestMaxDomainsKeepsUsed(t *testing.T) {
	clk := newClock()
	d := &Deliverer{Sender: &scripted{}, MaxDomains: 4, Now: clk.Now, Seed: 1}
	if r := send(t, d, "", "rate@slow.example"); r.Kind != Deferred {
		t.Fatalf("421: %v, want deferred", r.Kind)
	}
	send(t, d, "", "ok@old.example")
	for i := range 10 {
		send(t, d, "", fmt.Sprintf("ok@d%02d.example", i))
		send(t, d, "", "ok@hot.example")
	}
	st := d.Stats()
	for _, dom := range []string{"slow.example", "hot.example", "d09.example"} {
		if _, ok := st.Domains[dom]; !ok {
			t.Errorf("Stats().Domains lacks %s, want it kept: %q", dom, sortedKeys(st.Domains))
		}
	}
	if _, ok := st.Domains["old.example"]; ok {
		t.Errorf("Stats().Domains keeps old.example, want it forgotten")
	}
	if len(st.Domains) > 4 {
		t.Errorf("Stats().Domains has %d domains, want at most 4", len(st.Domains))
	}
	if r := send(t, d, "", "ok@slow.example"); !errors.Is(r.Err, ErrThrottled) {
		t.Errorf("throttled domain after the trim: %v, %v, want ErrThrottled", r.Kind, r.Err)
	}
}

func TestMaxCampaigns(t *testing.T) {
	clk := newClock()
	d := &Deliverer{Sender: &scripted{}, MaxCampaigns: 4, Now: clk.Now, Seed: 1, Guard: Guard{MinSample: 2}}
	// "bad" bounces twice in two: paused.
	send(t, d, "bad", "unknown1@example.com")
	send(t, d, "bad", "unknown2@example.com")
	if st, _ := d.Campaign("bad"); st.State != CampaignPaused {
		t.Fatalf("bad: %v, want paused", st.State)
	}
	for i := range 10 {
		send(t, d, fmt.Sprintf("c%02d", i), "ok@example.com")
	}
	st := d.Stats()
	if got, want := sortedKeys(st.Campaigns), []string{"bad", "c07", "c08", "c09"}; !slices.Equal(got, want) {
		t.Errorf("Stats().Campaigns = %q, want %q (the paused one and the newest)", got, want)
	}
	if r := send(t, d, "bad", "ok@example.com"); r.Kind != Held {
		t.Errorf("paused campaign after the trim: %v, want held", r.Kind)
	}
	if st.Total.Delivered != 10 || st.Total.Bounced != 2 {
		t.Errorf("Stats().Total = %+v, want 10 delivered, 2 bounced", st.Total)
	}
}

func TestForget(t *testing.T) {
	d := &Deliverer{Sender: &scripted{}, Seed: 1, Guard: Guard{MinSample: 1}}
	send(t, d, "spring", "unknown@example.com")
	if st, ok := d.Campaign("spring"); !ok || st.State != CampaignPaused {
		t.Fatalf("Campaign(spring) = %v, %v, want paused", st.State, ok)
	}
	for _, want := range []bool{true, false} {
		if got := d.Forget("spring"); got != want {
			t.Errorf("Forget(spring) = %v, want %v", got, want)
		}
	}
	if _, ok := d.Campaign("spring"); ok {
		t.Errorf("Campaign(spring) after Forget = found, want not found")
	}
	if _, ok := d.Stats().Campaigns["spring"]; ok {
		t.Errorf("Stats().Campaigns keeps spring after Forget")
	}
	// A later message starts it afresh.
	if r := send(t, d, "spring", "ok@example.com"); r.Kind != Delivered {
		t.Errorf("spring after Forget: %v, want delivered", r.Kind)
	}
	if st, _ := d.Campaign("spring"); st.State != CampaignActive || st.Delivered != 1 || st.Bounced != 0 {
		t.Errorf("Campaign(spring) after Forget and a send = %+v, want active, 1 delivered", st)
	}
	if tot := d.Stats().Total; tot.Bounced != 1 || tot.Delivered != 1 {
		t.Errorf("Stats().Total = %+v, want 1 bounced, 1 delivered", tot)
	}
	if d.Forget("") || (&Deliverer{}).Forget("x") {
		t.Errorf("Forget of an unknown campaign = true, want false")
	}
}

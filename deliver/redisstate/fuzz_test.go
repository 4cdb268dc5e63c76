package redisstate

import (
	"strings"
	"testing"
)

// FuzzParseStats feeds campaign replies to parseStats: whatever a server
// (or something posing as one) answers, it returns an error or a campaign,
// never panics, and a campaign it accepts has the counts it was given.
func FuzzParseStats(f *testing.F) {
	for _, s := range []string{"", "active,0,0,3,1,0,3,1,0,", "paused,1764680000000,1,100,8,0,100,8,0,paused",
		"cancelled,0,1,20,2,0,120,10,0,D", "a,b", ",,,,,,,,,", "x,1,2,3,4,5,6,7,8,R,extra"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		st, flag, err := parseStats(v)
		if err != nil || v == "" {
			return
		}
		f := strings.Split(v, ",")
		if string(st.State) != f[0] || flag != f[9] {
			t.Errorf("parseStats(%q) = %q, %q; want %q, %q", v, st.State, flag, f[0], f[9])
		}
	})
}

package hygiene

import (
	"strings"

	"github.com/bouncekit/bouncekit/internal/addr"
)

// init prepares the list of domains, once.
func (c *Checker) init() {
	c.once.Do(func() {
		c.domains = commonDomains
		c.known = make(map[string]bool, len(commonDomains)+len(c.Domains))
		for _, d := range commonDomains {
			c.known[d] = true
		}
		if len(c.Domains) == 0 {
			return
		}
		c.domains = append([]string(nil), commonDomains...)
		for _, d := range c.Domains {
			a, err := addr.ToASCII(d)
			if err != nil || a == "" || c.known[a] {
				continue
			}
			c.known[a] = true
			c.domains = append(c.domains, a)
		}
	})
}

// Suggest returns the common domain that domain (in A-labels, lower case)
// is probably a typo of, and false when it is a known domain itself or near
// none. Near means at most one edit (a letter inserted, deleted, replaced,
// or two neighbours swapped), or two for domains of 10 octets or more; of
// equally near domains the first of the list wins. A domain near none whose
// top-level label is a common typo (".con", ".cmo") gets that label fixed.
func (c *Checker) Suggest(domain string) (string, bool) {
	c.init()
	return c.suggest(domain)
}

func (c *Checker) suggest(domain string) (string, bool) {
	if c.known[domain] || len(domain) > 64 {
		return "", false
	}
	best, bestDist := "", 3
	for _, k := range c.domains {
		limit := 1
		if len(k) >= 10 {
			limit = 2
		}
		limit = min(limit, bestDist-1)
		if d := distance(domain, k, limit); d <= limit {
			best, bestDist = k, d
			if d == 1 {
				break // nothing is nearer: 0 would be a known domain
			}
		}
	}
	if best != "" {
		return best, true
	}
	if i := strings.LastIndexByte(domain, '.'); i > 0 {
		if tld, ok := tldTypos[domain[i+1:]]; ok {
			return domain[:i+1] + tld, true
		}
	}
	return "", false
}

// distance is the optimal string alignment distance of a and b (insertions,
// deletions, substitutions and transpositions of neighbours), or limit+1
// when it is more than limit. Only the band of cells within limit of the
// diagonal is computed. a and b are at most 64 octets.
func distance(a, b string, limit int) int {
	inf := limit + 1
	if d := len(a) - len(b); d > limit || -d > limit || len(a) > 64 || len(b) > 64 {
		return inf
	}
	var rows [3][66]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b)+1; j++ {
		prev[j] = min(j, inf)
		prev2[j] = inf
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = inf
		if lo == 1 {
			cur[0] = min(i, inf)
		}
		cur[hi+1] = inf
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			v = min(v, inf)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= inf {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], inf)
}

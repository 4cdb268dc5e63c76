package hygiene

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// maxInput bounds the input read, before white space and brackets are
// trimmed; the limits of RFC 5321 §4.5.3.1 are addr.MaxLocal and
// addr.MaxLen, and the profile of addr.ToASCII checks the domain's.
const maxInput = 1024

// Resolver is the DNS a [Checker] uses for its mail-host check.
// *net.Resolver satisfies it; tests pass a fake.
type Resolver interface {
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
	LookupHost(ctx context.Context, host string) ([]string, error)
}

var _ Resolver = (*net.Resolver)(nil)

// Checker checks addresses before mail is sent to them: their syntax, a
// likely typo in their domain and, with a Resolver, whether their domain
// can receive mail.
//
// The zero Checker checks syntax and typos against the built-in list of
// common consumer domains, without DNS. A Checker is safe for concurrent
// use by multiple goroutines once its fields are set, and must not be
// copied after first use.
type Checker struct {
	// Domains are added to the built-in list of common domains that typo
	// hints are made against (your own domains, local providers). They
	// are compared in lower-case ASCII (A-label) form.
	Domains []string
	// Resolver, when set, is used to check that the domain of an address
	// can receive mail: it has MX records that are not a null MX (RFC
	// 7505), or, without MX records, an address record (RFC 5321 §5.1).
	// nil means no DNS check.
	Resolver Resolver

	once    sync.Once
	domains []string
	known   map[string]bool
}

// Result is the verdict on one address.
type Result struct {
	// Addr is the address to send to: the local part as written and the
	// domain in lower-case ASCII (IDNA A-labels). It is "" when the
	// syntax is invalid.
	Addr string
	// UTF8 reports a local part that is not ASCII: the message needs an
	// SMTPUTF8 transaction (RFC 6531). A domain never does, as Addr has
	// it in A-labels.
	UTF8 bool
	// Suggestion is the address with the domain it was probably meant to
	// have ("jane@gmail.com" for "jane@gnail.com"), to offer to the user;
	// it is never applied. "" when none.
	Suggestion string
	// Bounce is zero when mail may be sent to the address. Otherwise it is
	// the hard failure that sending would end in: Reason userunknown
	// (5.1.3) for a syntax error, hostunknown (5.1.2) for a domain that is
	// invalid, does not exist or has no mail host, notaccept (5.1.10) for
	// a null MX.
	Bounce bounce.Result
	// Err says what is wrong when Bounce is set; nil otherwise.
	Err error
}

// OK reports whether mail may be sent to the address.
func (r Result) OK() bool { return r.Err == nil }

// Check is shorthand for (&Checker{}).Check(ctx, addr): syntax and typo
// hints, no DNS.
func Check(ctx context.Context, addr string) (Result, error) {
	var c Checker
	return c.Check(ctx, addr)
}

// Check checks addr. A verdict, good or bad, is in the Result; the error is
// only for a check that could not be made: a temporary DNS failure or a
// cancelled ctx, when the Result has the syntax verdict and the suggestion
// but nothing about the mail host. Surrounding white space and angle
// brackets are removed; a display name ("Jane <jane@example.com>") is not
// accepted.
func (c *Checker) Check(ctx context.Context, addr string) (Result, error) {
	c.init()
	var r Result
	local, domain, literal, utf8Local, err := parse(addr)
	if err != nil {
		r.Err = err
		r.Bounce = hard(bounce.ReasonUserUnknown, 3)
		if errors.Is(err, errDomain) {
			r.Bounce = hard(bounce.ReasonHostUnknown, 2)
		}
		return r, nil
	}
	r.Addr, r.UTF8 = local+"@"+domain, utf8Local
	if literal {
		return r, nil
	}
	if s, ok := c.suggest(domain); ok {
		r.Suggestion = local + "@" + s
	}
	if c.Resolver == nil {
		return r, nil
	}
	reason, err := c.mailHost(ctx, domain)
	if err != nil {
		return r, err
	}
	switch reason {
	case bounce.ReasonNotAccept:
		r.Bounce = hard(reason, 10)
		r.Err = fmt.Errorf("hygiene: domain %s accepts no mail (null MX, RFC 7505)", domain)
	case bounce.ReasonHostUnknown:
		r.Bounce = hard(reason, 2)
		r.Err = fmt.Errorf("hygiene: domain %s has no mail host (no MX and no address record)", domain)
	}
	return r, nil
}

func hard(reason bounce.Reason, detail uint16) bounce.Result {
	return bounce.Result{Category: bounce.Hard, Reason: reason, Status: bounce.Code{Class: 5, Subject: 1, Detail: detail}, Suppress: true}
}

// mailHost looks up the mail hosts of domain and returns ReasonNotAccept for
// a null MX, ReasonHostUnknown when there is no host to deliver to, "" when
// there is one, and an error when the DNS could not say.
func (c *Checker) mailHost(ctx context.Context, domain string) (bounce.Reason, error) {
	fqdn := domain + "."
	mxs, err := c.Resolver.LookupMX(ctx, fqdn)
	if err != nil && len(mxs) == 0 && !notFound(err) {
		return "", fmt.Errorf("hygiene: MX lookup of %s: %w", domain, err)
	}
	// QUIRK: *net.Resolver returns the valid records with an error when
	// some are malformed; the valid ones are enough.
	if len(mxs) > 0 {
		for _, mx := range mxs {
			if mx != nil && mx.Host != "." && mx.Host != "" {
				return "", nil
			}
		}
		// RFC 7505 §3: a single MX with an empty exchange (".") says that
		// the domain accepts no mail. QUIRK: a null MX published next to
		// real ones is ignored, as RFC 7505 §4.3 lets senders do.
		return bounce.ReasonNotAccept, nil
	}
	// No MX: the domain itself is the mail host (RFC 5321 §5.1).
	hosts, err := c.Resolver.LookupHost(ctx, fqdn)
	if err != nil && !notFound(err) {
		return "", fmt.Errorf("hygiene: address lookup of %s: %w", domain, err)
	}
	if len(hosts) == 0 {
		return bounce.ReasonHostUnknown, nil
	}
	return "", nil
}

// notFound reports a DNS answer that the name or the record does not
// exist, as opposed to a failure to get an answer.
func notFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

var (
	errLocal  = errors.New("hygiene: invalid local part")
	errDomain = errors.New("hygiene: invalid domain")
)

// parse checks the syntax of the address in and returns its local part, its domain
// in A-labels (or an address literal), whether the domain is a literal and
// whether the local part is UTF-8. Errors wrap errLocal or errDomain, or
// are about the address as a whole.
func parse(in string) (local, domain string, literal, utf8Local bool, err error) {
	if len(in) > maxInput {
		return "", "", false, false, fmt.Errorf("hygiene: address longer than %d octets", addr.MaxLen)
	}
	s := strings.TrimSpace(in)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return "", "", false, false, errors.New("hygiene: empty address")
	}
	if !utf8.ValidString(s) {
		return "", "", false, false, errors.New("hygiene: address is not valid UTF-8")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", "", false, false, fmt.Errorf("hygiene: %q has no @", s)
	}
	local, domain = s[:at], s[at+1:]
	utf8Local, err = checkLocal(local)
	if err != nil {
		return "", "", false, false, err
	}
	domain, literal, err = checkDomain(domain)
	if err != nil {
		return "", "", false, false, err
	}
	if len(local)+1+len(domain) > addr.MaxLen {
		return "", "", false, false, fmt.Errorf("hygiene: address longer than %d octets", addr.MaxLen)
	}
	return local, domain, literal, utf8Local, nil
}

// checkLocal checks a Dot-string local part (RFC 5321 §4.1.2) whose atext
// may hold UTF-8 (RFC 6531 §3.3), and reports whether it is not ASCII.
func checkLocal(l string) (utf8Local bool, err error) {
	if l == "" {
		return false, fmt.Errorf("%w: empty", errLocal)
	}
	if len(l) > addr.MaxLocal {
		return false, fmt.Errorf("%w: longer than %d octets", errLocal, addr.MaxLocal)
	}
	if l[0] == '"' {
		return false, fmt.Errorf("%w: quoted local parts are not accepted", errLocal)
	}
	if l[0] == '.' || l[len(l)-1] == '.' || strings.Contains(l, "..") {
		return false, fmt.Errorf("%w: %q has a dot at an end or two in a row", errLocal, l)
	}
	for i := 0; i < len(l); {
		c := l[i]
		if c < utf8.RuneSelf {
			if !atext(c) && c != '.' {
				return false, fmt.Errorf("%w: %q has %q", errLocal, l, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(l[i:])
		if invisible(r) {
			return false, fmt.Errorf("%w: %q has %U", errLocal, l, r)
		}
		utf8Local = true
		i += n
	}
	return utf8Local, nil
}

// atext reports an ASCII atext character (RFC 5322 §3.2.3).
func atext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// invisible reports the non-ASCII runes that are no part of an address:
// controls, spaces, separators, the BOM and the replacement character.
func invisible(r rune) bool {
	return r <= 0x9f || r == 0xa0 || r == 0xad || r == 0x1680 || (r >= 0x2000 && r <= 0x200f) ||
		(r >= 0x2028 && r <= 0x202f) || r == 0x205f || r == 0x3000 || r == 0xfeff || r == utf8.RuneError
}

// checkDomain checks a domain or address literal and returns it as it is
// sent: in lower-case A-labels, or the literal as written.
func checkDomain(d string) (string, bool, error) {
	if d == "" {
		return "", false, fmt.Errorf("%w: empty", errDomain)
	}
	if d[0] == '[' {
		// RFC 5321 §4.1.3 address literals; the general form with a
		// standardized tag other than IPv6 is not accepted.
		if d[len(d)-1] != ']' {
			return "", false, fmt.Errorf("%w: %q", errDomain, d)
		}
		in := d[1 : len(d)-1]
		v6, isV6 := strings.CutPrefix(in, "IPv6:")
		if !isV6 {
			v6, isV6 = strings.CutPrefix(in, "ipv6:")
		}
		ip, err := netip.ParseAddr(v6)
		if err != nil || ip.Zone() != "" || ip.Is6() != isV6 || ip.Is4In6() {
			return "", false, fmt.Errorf("%w: address literal %q", errDomain, d)
		}
		return d, true, nil
	}
	// QUIRK: a trailing dot (a fully qualified name) is dropped rather
	// than refused, as Normalize does: RFC 5321 forbids it in a path, but
	// users paste it. The conversion also checks the DNS lengths (253
	// octets, 63 a label) and refuses empty labels ("example.com..").
	a, err := addr.ToASCII(d)
	if err != nil || a == "" {
		return "", false, fmt.Errorf("%w: %q: %v", errDomain, d, err)
	}
	dot := strings.LastIndexByte(a, '.')
	if dot < 0 {
		// A dotless domain (a bare TLD, or "localhost") gets no mail from
		// the Internet (RFC 7085, ICANN).
		return "", false, fmt.Errorf("%w: %q has a single label", errDomain, a)
	}
	if allDigits(a[dot+1:]) {
		return "", false, fmt.Errorf("%w: %q: numeric top-level label (an IP address needs brackets)", errDomain, a)
	}
	return a, false, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

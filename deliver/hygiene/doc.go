// Package hygiene checks recipient addresses before mail is sent to them,
// so that typos and dead domains are caught at sign-up or import instead of
// becoming hard bounces that hurt the sender's reputation.
//
// [Checker.Check] returns a [Result] with
//
//   - the syntax verdict: the address as senders must write it (RFC 5321
//     §4.1.2, with the UTF-8 local parts of RFC 6531), its domain
//     normalised to lower-case A-labels with golang.org/x/net/idna (UTS
//     #46, RFC 5891), and whether it needs SMTPUTF8;
//   - a typo hint: "jane@gmail.com" for "jane@gnail.com", "yahoo.co.jp" for
//     "yaho.co.jp", by edit distance against a built-in list of common
//     consumer domains that [Checker.Domains] extends. It is a suggestion
//     to show the user, never applied;
//   - with a [Resolver] (a *net.Resolver, or a fake in tests), whether the
//     domain can receive mail: no MX and no address record, or a null MX
//     (RFC 7505), is a hard failure.
//
// A failure is reported as the bounce it would have become: a
// bounce.Result with Category Hard and Reason userunknown (5.1.3, syntax),
// hostunknown (5.1.2, no such domain or no mail host) or notaccept (5.1.10,
// null MX), so that it can be recorded and counted like one.
//
// # Standards
//
//   - RFC 5321 §4.1.2 (Mailbox, Dot-string), §4.1.3 (address literals),
//     §4.5.3.1 (64-octet local part, 254-octet address), §5.1 (MX, then
//     the implicit MX of an address record).
//   - RFC 5322 §3.2.3 (atext), RFC 6531 §3.3 (UTF-8 in atext).
//   - RFC 5890–5893 and UTS #46: IDNA, through golang.org/x/net/idna.
//   - RFC 7505: null MX.
//
// # Divergences
//
//   - Quoted local parts ("john doe"@example.com) are refused: they are
//     legal but nearly unused, mailbox providers do not hand them out,
//     and RFC 5321 §4.1.2 advises against them.
//   - A dotless domain ("localhost", a bare TLD) is refused (RFC 7085), and
//     so is a domain whose last label is numeric (an IP address needs
//     brackets).
//   - A trailing dot in the domain is dropped, not refused.
//   - The only address literals accepted are IPv4 and "IPv6:"; they get no
//     DNS check and no typo hint.
//   - Typos are found in the A-label form: a typo inside an
//     internationalised label is usually not found.
//   - The DNS check stops at the MX records: it does not resolve the MX
//     hosts, nor connect to them.
//
// # Concurrency
//
// A Checker is safe for concurrent use by multiple goroutines once its
// fields are set. It keeps no cache: give it a caching resolver when you
// check many addresses of few domains.
//
// See the Example.
package hygiene

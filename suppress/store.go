package suppress

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// Store is a suppression list. Every method takes the time of the call, so
// that tests step through days without sleeping: pass time.Now() in
// production. Times are kept with one-second resolution.
//
// Addresses are normalised with [Policy.Normalize] before use; an invalid
// address gives an error that wraps [ErrInvalidAddress]. A Store never turns
// a backend error into "allowed": when it cannot answer, Allow returns the
// error and a zero Decision, whose Allowed is false.
//
// Implementations are safe for concurrent use by multiple goroutines and, for
// the shared stores, by many processes: Allow and Record are atomic.
type Store interface {
	// Allow is the pre-send check of addr in scope. It consults every
	// scope that applies (see [Scope]). When an entry suppresses the
	// address, the attempt is counted on it and a hard-bounce lease is
	// extended to the next step of the [Lease]: the returned Decision holds
	// the entry as it is after this attempt.
	Allow(ctx context.Context, addr string, scope Scope, now time.Time) (Decision, error)

	// Record applies what happened to a recipient (see [Outcome]) to the
	// event's scope and returns the state of that scope afterwards. It
	// counts no send attempt.
	Record(ctx context.Context, ev Event, now time.Time) (Decision, error)

	// Remove deletes the entry of addr in exactly this scope, together with
	// its soft-bounce count, and reports whether an entry was there.
	Remove(ctx context.Context, addr string, scope Scope) (bool, error)
}

// Getter is implemented by stores that can read one entry without counting
// an attempt.
type Getter interface {
	// Get returns the entry of addr in exactly this scope. An expired lease
	// or an absent entry is (Entry{}, false, nil).
	Get(ctx context.Context, addr string, scope Scope, now time.Time) (Entry, bool, error)
}

// Adder is implemented by stores that can store an entry as given, which
// [Import] uses to load a list from elsewhere.
type Adder interface {
	// Add stores e, replacing the entry of its address and scope. A zero
	// Since means now. An entry whose Until is not after now is ignored.
	Add(ctx context.Context, e Entry, now time.Time) error
}

// Lister is implemented by stores that can list their entries page by page.
type Lister interface {
	// List returns up to limit active entries (0 means 100) after cursor
	// ("" starts at the beginning) and the cursor of the next page, which
	// is "" after the last page. The order is the store's own. Entries
	// added or removed while listing may or may not be seen, and a store
	// may return an entry twice when it changes while listing (Redis SCAN
	// does).
	List(ctx context.Context, cursor string, limit int, now time.Time) (entries []Entry, next string, err error)
}

// ErrInvalidAddress is wrapped by the error every Store method returns for an
// address that cannot be normalised.
var ErrInvalidAddress = errors.New("suppress: invalid address")

// Scope says whom an entry applies to. The zero Scope is global. A Scope
// with only Tenant is that tenant's; with List, it is one list (a
// newsletter, say) of the tenant, or a list shared by all tenants when Tenant
// is empty.
//
// A check in scope {T, L} consults the global scope, the tenant scope {T, ""}
// when T is not empty, and {T, L} when L is not empty. So an unsubscribe from
// one list does not stop transactional mail sent in the tenant scope.
//
// Tenant and List are compared exactly, are at most 255 bytes of valid UTF-8
// and contain no control characters.
type Scope struct {
	Tenant string `json:"tenant,omitempty"`
	List   string `json:"list,omitempty"`
}

// Global is the global scope, the zero Scope.
var Global = Scope{}

// IsGlobal reports whether s is the global scope.
func (s Scope) IsGlobal() bool { return s.Tenant == "" && s.List == "" }

// String returns "global", "tenant T" or "list T/L" for messages and logs.
func (s Scope) String() string {
	switch {
	case s.IsGlobal():
		return "global"
	case s.List == "":
		return "tenant " + s.Tenant
	default:
		return "list " + s.Tenant + "/" + s.List
	}
}

// Validate returns an error when s is not a valid scope.
func (s Scope) Validate() error {
	if err := checkScopeName(s.Tenant); err != nil {
		return fmt.Errorf("suppress: invalid scope tenant %q: %w", s.Tenant, err)
	}
	if err := checkScopeName(s.List); err != nil {
		return fmt.Errorf("suppress: invalid scope list %q: %w", s.List, err)
	}
	return nil
}

func checkScopeName(n string) error {
	if len(n) > 255 {
		return errors.New("longer than 255 bytes")
	}
	for i := 0; i < len(n); i++ {
		if c := n[i]; c < ' ' || c == 0x7f {
			return errors.New("control character")
		}
		if n[i] >= utf8.RuneSelf {
			if !utf8.ValidString(n) {
				return errors.New("invalid UTF-8")
			}
			break
		}
	}
	return nil
}

// Kind says why an address is suppressed.
type Kind string

// The kinds of entries. Bounce and SoftBounce entries are leases that
// expire; the others stay until removed, as does any entry with a zero Until.
const (
	Bounce      Kind = "bounce"      // a hard bounce: a lease of the Lease schedule
	SoftBounce  Kind = "softbounce"  // too many consecutive soft bounces: treated as a hard bounce
	Complaint   Kind = "complaint"   // an abuse report (ARF, RFC 5965): permanent
	Unsubscribe Kind = "unsubscribe" // the recipient unsubscribed: permanent
	Manual      Kind = "manual"      // added by hand or imported: permanent
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool {
	switch k {
	case Bounce, SoftBounce, Complaint, Unsubscribe, Manual:
		return true
	}
	return false
}

// Entry is a suppressed address in one scope.
type Entry struct {
	Addr   string        `json:"address"` // normalised
	Scope  Scope         `json:"scope,omitzero"`
	Kind   Kind          `json:"kind"`
	Reason bounce.Reason `json:"reason,omitempty"`
	// Since is when the entry was created: for a lease, the hard bounce
	// that began the current cycle.
	Since time.Time `json:"since"`
	// Until is when a lease ends; the address is suppressed while
	// now < Until. The zero Until means until removed.
	Until time.Time `json:"until,omitzero"`
	// Step is the lease step: 0 for the first lease (24 h by default),
	// one more for each attempt during a lease, at most [Lease.Last].
	Step int `json:"step,omitempty"`
	// Attempts counts the sends dropped because of this entry.
	Attempts int `json:"attempts,omitempty"`
}

// Permanent reports whether e stays until removed.
func (e Entry) Permanent() bool { return e.Until.IsZero() }

// Decision is the answer of a check.
type Decision struct {
	// Allowed is true when no entry suppresses the address. The zero
	// Decision, returned with every error, is not allowed.
	Allowed bool
	// Entry is the entry that suppresses the address; zero when Allowed.
	Entry Entry
}

// Outcome is what happened to a recipient, for [Store.Record].
type Outcome string

// The outcomes.
const (
	// Bounced: Event.Result decides. A Hard result starts a lease (or, during
	// a lease, keeps it at least as long as its current step), a Soft
	// result counts one consecutive soft bounce ([Policy.SoftLimit] of
	// them within [Policy.SoftWindow] count as a hard bounce, kind
	// SoftBounce), and a Spam or empty result changes nothing: the
	// recipient is not at fault.
	Bounced Outcome = "bounced"
	// Delivered resets the soft-bounce count. It does not end a lease.
	Delivered Outcome = "delivered"
	// Complained adds a permanent Complaint entry.
	Complained Outcome = "complained"
	// Unsubscribed adds a permanent Unsubscribe entry (usually in a list
	// scope).
	Unsubscribed Outcome = "unsubscribed"
	// Suppressed adds a permanent Manual entry.
	Suppressed Outcome = "suppressed"
)

// Event is something that happened to a recipient.
type Event struct {
	Addr    string
	Scope   Scope
	Outcome Outcome
	// Result is the classified failure for Bounced. For the permanent
	// outcomes its Reason, if set, is stored with the entry (Complained
	// defaults to bounce.ReasonFeedback).
	Result bounce.Result
}

// Validate returns an error when ev has an unknown outcome or an invalid
// scope. It does not check the address: the stores do so when they
// normalise it.
func (ev Event) Validate() error {
	switch ev.Outcome {
	case Bounced, Delivered, Complained, Unsubscribed, Suppressed:
	default:
		return fmt.Errorf("suppress: unknown outcome %q", ev.Outcome)
	}
	return ev.Scope.Validate()
}

// Normalize returns addr in the form the stores compare, with the default
// [Policy]: shorthand for Policy{}.Normalize(addr).
func Normalize(addr string) (string, error) { return Policy{}.Normalize(addr) }

// Normalize trims addr, lower-cases its domain and converts an
// internationalised domain to its ASCII form (golang.org/x/net/idna,
// UTS #46 lookup), and lower-cases the local part unless KeepLocalCase is
// set. An address already in that form is returned as is, without
// allocating. The error wraps [ErrInvalidAddress].
func (p Policy) Normalize(a string) (string, error) {
	n, err := addr.Normalize(a, p.KeepLocalCase)
	if err != nil {
		if len(a) > 80 {
			a = a[:80] + "…"
		}
		return "", fmt.Errorf("%w %q: %v", ErrInvalidAddress, a, err)
	}
	return n, nil
}

package deliver

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Item is one recipient of one message waiting in a [Queue]. The pair
// (Msg.ID, Rcpt) is its key: a queue holds at most one item per key.
type Item struct {
	Msg  *Message // the message; Msg.To, Msg.Attempt and Msg.Queued are ignored
	Rcpt string   // the recipient

	Attempt int       // attempts already made (0 when the send was held before any)
	Queued  time.Time // when the recipient was first attempted; zero before the first attempt
	Due     time.Time // when the next attempt may be made

	// Token identifies the claim that returned the item: [Queue.Claim]
	// sets it, different for every claim. Given back to Schedule or Done,
	// it makes them act only if that claim is still the item's current
	// one. Empty for an item that was not claimed.
	Token string
}

// ErrClaimLost is the error of a [Queue]'s Schedule or Done given the
// Token of a claim that is no longer the item's current one: the lease
// ran out and another worker claimed the item, or the item was scheduled
// anew. The item is left as the current claimant or scheduler made it.
var ErrClaimLost = errors.New("deliver: queue claim lost to another worker")

// Queue holds the recipients whose delivery is scheduled for later: soft
// failures, throttled domains and paused campaigns. [Deliverer.Deliver]
// schedules and completes items; [Deliverer.Run] claims due items and
// delivers them again.
//
// The contract is small enough for a durable, shared implementation (a SQL
// table with one row per message and recipient, claimed with FOR UPDATE SKIP
// LOCKED):
//
//   - Schedule inserts each item without a Token, or replaces the item with
//     the same key (Msg.ID, Rcpt), whatever its state; a replaced item is no
//     longer claimed. An item with a Token replaces the stored one only if
//     that claim is still the current one; otherwise it is skipped, and
//     Schedule, having written the others, returns an error that wraps
//     [ErrClaimLost].
//   - Claim returns up to max items whose Due is not after now and that are
//     not claimed, and claims them until now+lease: they are not returned
//     again before then. Each item carries the Token of this claim. An item
//     claimed but neither rescheduled nor done is returned again, with a new
//     Token, once its lease has passed (its claimer crashed or is slow).
//   - Done removes the item whose key is (it.Msg.ID, it.Rcpt). It is
//     idempotent: removing an item that does not exist (already done, never
//     scheduled) is not an error. With a Token, an item that another claim
//     or schedule has taken over is left alone, and Done returns
//     [ErrClaimLost].
//
// The Tokens keep a worker whose lease ran out from completing or
// rescheduling an item that another worker claimed meanwhile; the item may
// still have been sent twice, so a claim should outlive the delivery of
// what was claimed: [Deliverer.DeliverDue] claims for 5 minutes and stops
// sending after 90 % of that. Durable queues key items by Msg.ID and need it
// set.
//
// Implementations must be safe for concurrent use by multiple goroutines.
type Queue interface {
	Schedule(ctx context.Context, items ...Item) error
	Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Item, error)
	Done(ctx context.Context, it Item) error
}

// MemoryQueue is the in-memory [Queue]. Items live as long as the process.
// The zero value is an empty queue ready to use; it is safe for concurrent use
// by multiple goroutines and must not be copied after first use.
type MemoryQueue struct {
	mu     sync.Mutex
	items  map[qkey]*qitem
	h      qheap
	claims uint64 // the number of the last claim, for the Tokens
}

var _ Queue = (*MemoryQueue)(nil)

type qkey struct{ id, rcpt string }

type qitem struct {
	it    Item      // it.Token is the current claim's, "" when not claimed
	ready time.Time // max(Due, end of the claim lease)
	index int
}

// Schedule implements [Queue].
func (q *MemoryQueue) Schedule(ctx context.Context, items ...Item) error {
	// Check the whole batch first, so that a bad item schedules nothing
	// rather than half of the batch.
	for i, it := range items {
		if it.Msg == nil {
			return fmt.Errorf("deliver: queue item %d of %d (recipient %s) has no message", i+1, len(items), quoted(it.Rcpt))
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.items == nil {
		q.items = make(map[qkey]*qitem)
	}
	lost := 0
	for _, it := range items {
		k := qkey{it.Msg.ID, it.Rcpt}
		e, ok := q.items[k]
		if it.Token != "" && (!ok || e.it.Token != it.Token) {
			lost++
			continue
		}
		it.Token = ""
		if ok {
			e.it, e.ready = it, it.Due
			heap.Fix(&q.h, e.index)
			continue
		}
		e = &qitem{it: it, ready: it.Due}
		q.items[k] = e
		heap.Push(&q.h, e)
	}
	if lost > 0 {
		return fmt.Errorf("deliver: scheduling %d of %d items: %w", lost, len(items), ErrClaimLost)
	}
	return nil
}

// Claim implements [Queue]. Items come out in the order of their due time.
func (q *MemoryQueue) Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Item
	until := now.Add(lease)
	token := ""
	for len(out) < max && len(q.h) > 0 && !q.h[0].ready.After(now) {
		if token == "" {
			q.claims++
			token = strconv.FormatUint(q.claims, 10)
		}
		e := q.h[0]
		e.it.Token = token
		out = append(out, e.it)
		e.ready = until
		heap.Fix(&q.h, 0)
	}
	return out, nil
}

// Done implements [Queue].
func (q *MemoryQueue) Done(ctx context.Context, it Item) error {
	if it.Msg == nil {
		return errors.New("deliver: queue item without a message")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	k := qkey{it.Msg.ID, it.Rcpt}
	e, ok := q.items[k]
	if !ok {
		return nil
	}
	if it.Token != "" && e.it.Token != it.Token {
		return fmt.Errorf("deliver: completing %s of message %s: %w", quoted(it.Rcpt), quoted(it.Msg.ID), ErrClaimLost)
	}
	heap.Remove(&q.h, e.index)
	delete(q.items, k)
	return nil
}

// Len returns the number of items in the queue, claimed or not.
func (q *MemoryQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// NextDue returns the earliest time at which [MemoryQueue.Claim] returns an
// item, and false when the queue is empty.
func (q *MemoryQueue) NextDue() (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.h) == 0 {
		return time.Time{}, false
	}
	return q.h[0].ready, true
}

// qheap is a min-heap of items on their ready time.
type qheap []*qitem

func (h qheap) Len() int           { return len(h) }
func (h qheap) Less(i, j int) bool { return h[i].ready.Before(h[j].ready) }
func (h qheap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *qheap) Push(x any) {
	e := x.(*qitem)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *qheap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}

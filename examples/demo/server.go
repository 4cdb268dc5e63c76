package main

import (
	"errors"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/emersion/go-smtp"
)

// receiver is a go-smtp server on a loopback port that answers like real
// receivers, by recipient:
//
//   - "gone…" and bob@example.com: 550 5.1.1 user unknown;
//   - carol@example.net: 452 4.2.2 mailbox full, then accepted on retry;
//   - busy.example: 421 4.7.0 rate limit on its first recipient, then
//     accepted;
//   - grey.example: greylisting, 450 4.2.0 on each recipient's first
//     attempt, then accepted;
//   - strict.example: 550 5.7.26 unauthenticated (DMARC);
//   - anything else: accepted.
type receiver struct {
	addr string
	srv  *smtp.Server

	mu       sync.Mutex
	tries    map[string]int
	busyHits int
	accepted int
}

func startReceiver() (*receiver, error) {
	r := &receiver{tries: map[string]int{}}
	r.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{r: r}, nil
	}))
	r.srv.Domain = "mx.example.com"
	r.srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r.addr = l.Addr().String()
	go r.srv.Serve(l)
	return r, nil
}

func (r *receiver) Close() error { return r.srv.Close() }

type session struct {
	r     *receiver
	rcpts int
}

func (s *session) Reset()                                         { s.rcpts = 0 }
func (s *session) Logout() error                                  { return nil }
func (s *session) Mail(from string, opts *smtp.MailOptions) error { return nil }

func reply(basic int, class, subject, detail int, text string) error {
	return &smtp.SMTPError{Code: basic, EnhancedCode: smtp.EnhancedCode{class, subject, detail}, Message: text}
}

func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.r.mu.Lock()
	s.r.tries[to]++
	n := s.r.tries[to]
	s.r.mu.Unlock()
	local, domain, _ := strings.Cut(to, "@")
	switch {
	case strings.HasPrefix(local, "gone") || to == "bob@example.com":
		return reply(550, 5, 1, 1, "<"+to+">: Recipient address rejected: User unknown in virtual mailbox table")
	case to == "carol@example.net" && n == 1:
		return reply(452, 4, 2, 2, "The recipient's inbox is out of storage space. Please try again later.")
	case domain == "busy.example":
		s.r.mu.Lock()
		s.r.busyHits++
		first := s.r.busyHits == 1
		s.r.mu.Unlock()
		if first {
			return reply(421, 4, 7, 0, "mx.busy.example Error: too many messages from 192.0.2.1, try again later")
		}
	case domain == "grey.example" && n == 1:
		return reply(450, 4, 2, 0, "<"+to+">: Recipient address rejected: Greylisted, see http://postgrey.example.org/help/grey.example.html")
	case domain == "strict.example":
		return reply(550, 5, 7, 26, "Unauthenticated email from example.org is not accepted due to domain's DMARC policy.")
	}
	s.rcpts++
	return nil
}

func (s *session) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	if s.rcpts == 0 {
		return errors.New("no recipients")
	}
	s.r.mu.Lock()
	s.r.accepted += s.rcpts
	s.r.mu.Unlock()
	return nil
}

package main

import (
	"io"
	"net"
	"strings"
	"sync"

	"github.com/emersion/go-smtp"
)

// receiver is a go-smtp server on a loopback port that answers 550 5.1.1
// (user unknown) to local parts starting with "gone" and accepts the
// others. It counts the recipients it answered.
type receiver struct {
	addr string
	srv  *smtp.Server
	mu   sync.Mutex
	n    int
}

func startReceiver() (*receiver, error) {
	r := &receiver{}
	r.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{r}, nil }))
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

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *receiver) reset() {
	r.mu.Lock()
	r.n = 0
	r.mu.Unlock()
}

type session struct{ r *receiver }

func (s *session) Reset()                                         {}
func (s *session) Logout() error                                  { return nil }
func (s *session) Mail(from string, opts *smtp.MailOptions) error { return nil }

func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.r.mu.Lock()
	s.r.n++
	s.r.mu.Unlock()
	if strings.HasPrefix(to, "gone") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	return nil
}

func (s *session) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

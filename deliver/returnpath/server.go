package returnpath

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Defaults of the limits of a [Server].
const (
	DefaultMaxSessions = 100             // Server.MaxSessions
	DefaultIOTimeout   = 5 * time.Minute // Server.ReadTimeout and WriteTimeout (RFC 5321 §4.5.3.2.7)
)

// Server runs a [Backend] in a go-smtp server with the limits a receiver
// exposed to the Internet needs: message size and recipients per mail (the
// Backend's), concurrent sessions, and read and write timeouts. It offers
// STARTTLS (RFC 3207) when TLSConfig is set.
//
// Configure a Server through its fields, then call [Server.Serve] or
// [Server.ListenAndServe]; the fields must not change afterwards. A Server
// serves until the ctx of Serve is done or [Server.Shutdown] is called, and
// cannot be started again after. It is safe for concurrent use by multiple
// goroutines.
type Server struct {
	// Backend receives the mail; set its Deliverer and Domains.
	Backend Backend

	// Addr is the address ListenAndServe listens on; "" means ":25".
	Addr string
	// Hostname is the name the server gives in its greeting and EHLO
	// reply; "" means "localhost".
	Hostname string
	// TLSConfig, when set, makes the server offer STARTTLS.
	TLSConfig *tls.Config

	// MaxSessions is the number of connections served at once; one more
	// is answered 421 4.7.0 and closed, and the reporting server tries
	// again later. 0 means [DefaultMaxSessions], -1 no limit.
	MaxSessions int
	// ReadTimeout bounds the wait for each command line and data chunk
	// of the client; WriteTimeout each reply. 0 means
	// [DefaultIOTimeout], -1 none.
	ReadTimeout, WriteTimeout time.Duration

	mu       sync.Mutex
	srv      *smtp.Server
	sessions int
}

// server returns the go-smtp server, made on first use.
func (s *Server) server() *smtp.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return s.srv
	}
	srv := smtp.NewServer(&s.Backend)
	srv.Domain = s.Hostname
	if srv.Domain == "" {
		srv.Domain = "localhost"
	}
	srv.TLSConfig = s.TLSConfig
	srv.EnableSMTPUTF8 = true // addresses are only compared by domain
	if n := s.Backend.MaxMessageBytes; n >= 0 {
		srv.MaxMessageBytes = orDefault(n, DefaultMaxMessageBytes)
	}
	if n := s.Backend.MaxRecipients; n >= 0 {
		srv.MaxRecipients = orDefault(n, DefaultMaxRecipients)
	}
	if d := s.ReadTimeout; d >= 0 {
		srv.ReadTimeout = orDefault(d, DefaultIOTimeout)
	}
	if d := s.WriteTimeout; d >= 0 {
		srv.WriteTimeout = orDefault(d, DefaultIOTimeout)
	}
	srv.ErrorLog = errorLog{s.Backend.Logger}
	s.srv = srv
	return srv
}

// Serve accepts connections on l and serves them until ctx is done, when
// it closes l and every connection, or until [Server.Shutdown]. It returns
// nil then, and the error of l otherwise.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := s.server()
	stop := context.AfterFunc(ctx, func() {
		srv.Close()
		l.Close() // when Close came before srv.Serve took l
	})
	defer stop()
	if err := srv.Serve(&limitListener{Listener: l, s: s}); err != nil {
		return fmt.Errorf("returnpath: serving %s: %w", l.Addr(), err)
	}
	return nil
}

// ListenAndServe listens on Addr with TCP and calls [Server.Serve].
func (s *Server) ListenAndServe(ctx context.Context) error {
	addr := s.Addr
	if addr == "" {
		addr = ":25"
	}
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("returnpath: %w", err)
	}
	return s.Serve(ctx, l)
}

// Shutdown stops accepting connections and waits until the sessions under
// way end, or ctx is done (it then returns ctx's error). The mail being
// received is recorded and answered as usual.
func (s *Server) Shutdown(ctx context.Context) error {
	if err := s.server().Shutdown(ctx); err != nil && err != smtp.ErrServerClosed {
		return fmt.Errorf("returnpath: shutdown: %w", err)
	}
	return nil
}

// acquire counts a new session, and reports false when MaxSessions are
// under way.
func (s *Server) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.MaxSessions; n >= 0 && s.sessions >= orDefault(n, DefaultMaxSessions) {
		return false
	}
	s.sessions++
	return true
}

func (s *Server) release() {
	s.mu.Lock()
	s.sessions--
	s.mu.Unlock()
}

// limitListener hands out connections while the Server has room for them;
// it answers the others 421 and closes them.
type limitListener struct {
	net.Listener
	s *Server
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.s.acquire() {
			return &countedConn{Conn: c, s: l.s}, nil
		}
		go refuse(c, l.s.srv.Domain)
	}
}

// refuse answers a connection over the session limit (RFC 5321 §3.1: a
// 421 greeting) and closes it.
func refuse(c net.Conn, host string) {
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "421 4.7.0 %s Too many sessions, try again later\r\n", host)
	c.Close()
}

// countedConn releases its session once, when closed (go-smtp closes the
// TLS connection over it after STARTTLS, which closes it too).
type countedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(c.s.release)
	return c.Conn.Close()
}

// errorLog passes go-smtp's own messages (a connection that failed) to
// the Logger at debug level.
type errorLog struct{ l *slog.Logger }

func (e errorLog) Printf(format string, v ...any) {
	if e.l != nil {
		e.l.Debug("returnpath: " + fmt.Sprintf(format, v...))
	}
}

func (e errorLog) Println(v ...any) {
	if e.l != nil {
		e.l.Debug("returnpath: " + fmt.Sprint(v...))
	}
}

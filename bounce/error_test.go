package bounce

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/emersion/go-smtp"
)

func TestClassifyError(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		cat    Category
		reason Reason
	}{
		{"nil", nil, "", ""},
		{"smtp user unknown", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}, Hard, ReasonUserUnknown},
		{"smtp wrapped", fmt.Errorf("rcpt: %w", &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"}), Soft, ReasonMailboxFull},
		{"smtp no enhanced", &smtp.SMTPError{Code: 554, EnhancedCode: smtp.NoEnhancedCode, Message: "Service unavailable; client host blocked using zen.spamhaus.org"}, Spam, ReasonBlocked},
		{"smtp enhanced not set", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCodeNotSet, Message: ""}, Hard, ReasonUserUnknown},
		{"smtp 421 policy", &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Try again later, closing connection."}, Soft, ReasonSpeeding},
		{"dns not found", &net.DNSError{Err: "no such host", Name: "example.invalid", IsNotFound: true}, Hard, ReasonHostUnknown},
		{"dns temporary", &net.DNSError{Err: "server misbehaving", Name: "example.com", IsTemporary: true}, Soft, ReasonNetworkError},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, Soft, ReasonNetworkError},
		{"timeout", &net.OpError{Op: "dial", Net: "tcp", Err: timeoutError{}}, Soft, ReasonNetworkError},
		{"deadline", fmt.Errorf("send: %w", context.DeadlineExceeded), Soft, ReasonNetworkError},
		{"canceled", context.Canceled, Soft, ReasonUndefined},
		{"tls record", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, Soft, ReasonFailedSTARTTLS},
		{"x509 unknown authority", fmt.Errorf("starttls: %w", x509.UnknownAuthorityError{}), Soft, ReasonFailedSTARTTLS},
		{"x509 hostname", x509.HostnameError{Certificate: &x509.Certificate{}, Host: "mx.example.com"}, Soft, ReasonFailedSTARTTLS},
		{"tls verification", &tls.CertificateVerificationError{Err: errors.New("expired")}, Soft, ReasonFailedSTARTTLS},
		{"text starttls", errors.New("smtp: server doesn't support STARTTLS"), Soft, ReasonFailedSTARTTLS},
		{"unknown", errors.New("something odd"), Soft, ReasonUndefined},
	}
	for _, tt := range tests {
		got := ClassifyError(tt.err)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("%s: ClassifyError(%v) = %s/%s, want %s/%s", tt.name, tt.err, got.Category, got.Reason, tt.cat, tt.reason)
		}
		if err := got.check(); err != nil {
			t.Errorf("%s: ClassifyError(%v) = %+v: %v", tt.name, tt.err, got, err)
		}
	}
}

func TestClassifyErrorRules(t *testing.T) {
	c := &Classifier{Rules: []Rule{{Domain: "example.com", Code: Code{5, 7, 1}, Category: Soft}}}
	err := &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Denied"}
	if got := c.ClassifyInput(Input{Err: err, Domain: "example.com"}); got.Category != Soft {
		t.Errorf("ClassifyInput(Err, example.com) = %+v, want Soft by rule", got)
	}
	if got := c.ClassifyError(err); got.Category != Spam {
		t.Errorf("ClassifyError(%v) = %+v, want Spam", err, got)
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

package webhook

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/dsn"
)

// SES is the http.Handler of Amazon SES notifications delivered by Amazon
// SNS to an HTTPS subscription: bounce, complaint, delivery-delay and
// reject notifications, both those of identity notifications
// (notificationType) and of configuration-set event publishing
// (eventType).
//
// Every message must carry a valid SNS signature (SignatureVersion 1,
// RSA with SHA-1, or 2, RSA with SHA-256) made with the certificate at its
// SigningCertURL, which must be an https URL on an
// sns.<region>.amazonaws.com host; certificates are fetched with Client
// and cached. Its TopicArn must be one of TopicARNs: SNS signs the messages
// of every topic, an attacker's included. A SubscriptionConfirmation is
// confirmed by fetching its SubscribeURL (same host rule) when
// ConfirmSubscriptions is set.
//
// An SES handler is safe for concurrent use by multiple goroutines once its
// fields are set.
type SES struct {
	// Deliverer records the outcomes. Required.
	Deliverer *deliver.Deliverer
	// TopicARNs are the SNS topics whose messages are accepted; a message
	// of any other topic is refused with 403. Required: an empty list
	// refuses every message.
	TopicARNs []string
	// ConfirmSubscriptions, when set, confirms a SubscriptionConfirmation
	// of one of TopicARNs by fetching its SubscribeURL. Otherwise the
	// confirmation is logged and answered 200, for an operator to confirm.
	ConfirmSubscriptions bool
	// Client fetches signing certificates and SubscribeURLs; nil means
	// an http.Client with a 10 s timeout.
	Client *http.Client
	// MaxBytes caps the request body: 0 means DefaultMaxBytes, -1 no
	// limit. A larger body is answered 413.
	MaxBytes int64
	// MaxCerts bounds the cache of signing certificates; 0 means 16.
	MaxCerts int
	// Logger, when set, receives refused requests. nil means silent.
	Logger *slog.Logger
	// Now returns the current time, for certificate validity; nil means
	// time.Now.
	Now func() time.Time

	mu    sync.Mutex
	certs map[string]cachedCert
}

type cachedCert struct {
	key     *rsa.PublicKey
	expires time.Time
}

var _ http.Handler = (*SES)(nil)

// snsMessage is an SNS HTTP(S) delivery.
type snsMessage struct {
	Type             string
	MessageId        string
	Token            string
	TopicArn         string
	Subject          *string
	Message          string
	Timestamp        string
	SignatureVersion string
	Signature        string
	SigningCertURL   string `json:"SigningCertURL"`
	SubscribeURL     string `json:"SubscribeURL"`
}

// sesNotification is the body of an SES notification (the SNS Message).
type sesNotification struct {
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Mail             struct {
		MessageID string `json:"messageId"`
		Source    string `json:"source"`
		Headers   []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
		CommonHeaders struct {
			MessageID string   `json:"messageId"`
			Subject   string   `json:"subject"`
			From      []string `json:"from"`
			To        []string `json:"to"`
		} `json:"commonHeaders"`
		Destination []string `json:"destination"`
	} `json:"mail"`
	Bounce *struct {
		BounceType        string `json:"bounceType"`
		BounceSubType     string `json:"bounceSubType"`
		BouncedRecipients []struct {
			EmailAddress   string `json:"emailAddress"`
			Action         string `json:"action"`
			Status         string `json:"status"`
			DiagnosticCode string `json:"diagnosticCode"`
		} `json:"bouncedRecipients"`
		ReportingMTA string `json:"reportingMTA"`
		RemoteMtaIp  string `json:"remoteMtaIp"`
		Timestamp    string `json:"timestamp"`
	} `json:"bounce"`
	Complaint *struct {
		ComplainedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
		ComplaintSubType      *string `json:"complaintSubType"`
		ComplaintFeedbackType string  `json:"complaintFeedbackType"`
		UserAgent             string  `json:"userAgent"`
		ArrivalDate           string  `json:"arrivalDate"`
	} `json:"complaint"`
	DeliveryDelay *struct {
		DelayType         string `json:"delayType"`
		DelayedRecipients []struct {
			EmailAddress   string `json:"emailAddress"`
			Status         string `json:"status"`
			DiagnosticCode string `json:"diagnosticCode"`
		} `json:"delayedRecipients"`
		ReportingMTA   string `json:"reportingMTA"`
		ExpirationTime string `json:"expirationTime"`
	} `json:"deliveryDelay"`
	Reject *struct {
		Reason string `json:"reason"`
	} `json:"reject"`
}

// ServeHTTP verifies the SNS message, confirms a subscription or hands the
// SES notification to the Deliverer, and answers 200 once it is recorded
// (also for notifications that record nothing: deliveries, opens, …), 400
// for a malformed message, 401 for an unsigned one, 403 for a bad signature
// or an unknown topic, 413 for a body over MaxBytes and 503 when the
// outcome could not be recorded, so that SNS delivers it again.
func (h *SES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	answer(w, r, h.Logger, "ses", h.serve(w, r))
}

func (h *SES) serve(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, h.MaxBytes)
	if err != nil {
		return err
	}
	var m snsMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return fail(http.StatusBadRequest, "webhook: ses: malformed SNS message: "+err.Error())
	}
	if m.Signature == "" || m.SigningCertURL == "" {
		return fail(http.StatusUnauthorized, "webhook: ses: unsigned SNS message")
	}
	if !slices.Contains(h.TopicARNs, m.TopicArn) {
		return fail(http.StatusForbidden, fmt.Sprintf("webhook: ses: topic %q is not accepted", m.TopicArn))
	}
	if err := h.verify(r.Context(), &m); err != nil {
		return err
	}
	switch m.Type {
	case "Notification":
	case "SubscriptionConfirmation":
		return h.confirm(r.Context(), &m)
	case "UnsubscribeConfirmation":
		if h.Logger != nil {
			h.Logger.Warn("webhook: ses: SNS subscription ended", slog.String("topic", m.TopicArn))
		}
		return nil
	default:
		return fail(http.StatusBadRequest, fmt.Sprintf("webhook: ses: unknown SNS message type %q", m.Type))
	}
	rep, err := sesReport(&m, classifier(h.Deliverer), idHeader(h.Deliverer))
	if err != nil || rep == nil {
		return err
	}
	return ingest(r.Context(), h.Deliverer, rep, m.MessageId, "ses")
}

// sesReport builds the report of an SES notification; nil when the
// notification records nothing.
func sesReport(m *snsMessage, c *bounce.Classifier, idHdr string) (*dsn.Report, error) {
	var n sesNotification
	if err := json.Unmarshal([]byte(m.Message), &n); err != nil {
		return nil, fail(http.StatusBadRequest, "webhook: ses: malformed notification: "+err.Error())
	}
	typ := n.NotificationType
	if typ == "" {
		typ = n.EventType
	}
	rep := &dsn.Report{MTA: "ses"}
	o := &rep.Original
	o.Subject = n.Mail.CommonHeaders.Subject
	if len(n.Mail.CommonHeaders.From) > 0 {
		o.From = n.Mail.CommonHeaders.From[0]
	}
	if len(n.Mail.CommonHeaders.To) > 0 {
		o.To = n.Mail.CommonHeaders.To[0]
	}
	// SES rewrites the Message-ID it sends; the headers list keeps the
	// sender's own, which is what the Deliverer tracked.
	for _, hd := range n.Mail.Headers {
		switch {
		case strings.EqualFold(hd.Name, "Message-ID") && o.MessageID == "":
			o.MessageID = strings.TrimSpace(hd.Value)
		case idHdr != "" && strings.EqualFold(hd.Name, idHdr) && o.ID == "":
			o.ID = strings.TrimSpace(hd.Value)
		}
	}
	if o.MessageID == "" {
		o.MessageID = angle(n.Mail.CommonHeaders.MessageID)
	}
	if o.MessageID == "" {
		o.MessageID = angle(n.Mail.MessageID)
	}

	switch typ {
	case "Bounce":
		b := n.Bounce
		if b == nil {
			return nil, fail(http.StatusBadRequest, "webhook: ses: bounce notification without bounce object")
		}
		v, ok := sesBounceVerdict(b.BounceType, b.BounceSubType)
		if !ok {
			return nil, nil // SES's own suppression list: not a new delivery attempt
		}
		rep.Kind = dsn.Bounce
		rep.ReportingMTA = strings.TrimSpace(strings.TrimPrefix(b.ReportingMTA, "dsn;"))
		for _, br := range b.BouncedRecipients {
			rc := dsn.Recipient{
				FinalRecipient: br.EmailAddress,
				Action:         dsn.Failed,
				RemoteMTA:      b.RemoteMtaIp,
				Diagnostic:     br.DiagnosticCode,
				Result:         decide(c, br.DiagnosticCode, br.Status, br.EmailAddress, b.RemoteMtaIp, v),
			}
			rc.Status = rc.Result.Status
			if br.DiagnosticCode != "" {
				rc.DiagnosticType = "smtp"
			}
			rep.Recipients = append(rep.Recipients, rc)
		}
	case "Complaint":
		cp := n.Complaint
		if cp == nil {
			return nil, fail(http.StatusBadRequest, "webhook: ses: complaint notification without complaint object")
		}
		if cp.ComplaintSubType != nil && *cp.ComplaintSubType != "" {
			return nil, nil // OnAccountSuppressionList: SES did not send
		}
		rep.Kind = dsn.Complaint
		fb := &dsn.Feedback{FeedbackType: cp.ComplaintFeedbackType, UserAgent: cp.UserAgent}
		if t, err := time.Parse(time.RFC3339, cp.ArrivalDate); err == nil {
			fb.ArrivalDate = t
		}
		for _, cr := range cp.ComplainedRecipients {
			rep.Recipients = append(rep.Recipients, dsn.Recipient{
				FinalRecipient: cr.EmailAddress,
				Result:         bounce.ResultFor(bounce.ReasonFeedback, bounce.Reply{}),
			})
			fb.OriginalRcptTo = append(fb.OriginalRcptTo, cr.EmailAddress)
		}
		rep.Feedback = fb
	case "DeliveryDelay":
		dd := n.DeliveryDelay
		if dd == nil {
			return nil, fail(http.StatusBadRequest, "webhook: ses: delay notification without deliveryDelay object")
		}
		rep.Kind = dsn.Delay
		rep.ReportingMTA = dd.ReportingMTA
		v := verdict{bounce.Soft, sesDelayReason(dd.DelayType), true}
		for _, dr := range dd.DelayedRecipients {
			rc := dsn.Recipient{
				FinalRecipient: dr.EmailAddress,
				Action:         dsn.Delayed,
				Diagnostic:     dr.DiagnosticCode,
				Result:         decide(c, dr.DiagnosticCode, dr.Status, dr.EmailAddress, "", v),
			}
			rc.Status = rc.Result.Status
			if t, err := time.Parse(time.RFC3339, dd.ExpirationTime); err == nil {
				rc.WillRetryUntil = t
			}
			rep.Recipients = append(rep.Recipients, rc)
		}
	case "Reject":
		// SES refused to send the message (a virus): the recipients are not
		// at fault.
		rep.Kind = dsn.Bounce
		res := bounce.ResultFor(bounce.ReasonVirusDetected, bounce.Reply{})
		for _, to := range n.Mail.Destination {
			rc := dsn.Recipient{FinalRecipient: to, Action: dsn.Failed, Result: res}
			if n.Reject != nil {
				rc.Diagnostic = n.Reject.Reason
			}
			rep.Recipients = append(rep.Recipients, rc)
		}
	default:
		return nil, nil // Delivery, Send, Open, Click …: nothing to record
	}
	return rep, nil
}

// sesBounceVerdict maps an SES bounce type and subtype to the provider's
// verdict; ok is false for the suppression-list subtypes, which report no
// delivery attempt.
func sesBounceVerdict(typ, sub string) (v verdict, ok bool) {
	switch typ {
	case "Permanent":
		switch sub {
		case "Suppressed", "OnAccountSuppressionList":
			return v, false
		case "NoEmail":
			return verdict{bounce.Hard, bounce.ReasonUserUnknown, false}, true
		}
		return verdict{bounce.Hard, bounce.ReasonUndefined, false}, true
	case "Transient":
		switch sub {
		case "MailboxFull":
			return verdict{bounce.Soft, bounce.ReasonMailboxFull, true}, true
		case "MessageTooLarge":
			return verdict{bounce.Soft, bounce.ReasonMesgTooBig, true}, true
		case "ContentRejected", "AttachmentRejected":
			return verdict{bounce.Spam, bounce.ReasonContentError, true}, true
		}
		return verdict{bounce.Soft, bounce.ReasonUndefined, true}, true
	}
	// Undetermined: SES could not tell from the bounce mail.
	return verdict{bounce.Soft, bounce.ReasonOnHold, true}, true
}

// sesDelayReason maps an SES delayType to a reason.
func sesDelayReason(t string) bounce.Reason {
	switch t {
	case "MailboxFull":
		return bounce.ReasonMailboxFull
	case "SpamDetected":
		return bounce.ReasonSpamDetected
	case "RecipientServerError", "InternalFailure":
		return bounce.ReasonSystemError
	case "IPFailure":
		return bounce.ReasonBlocked
	case "TransientCommunicationFailure":
		return bounce.ReasonNetworkError
	case "BYOIPHostNameLookupUnavailable", "UndeterminedFailure":
		return bounce.ReasonUndefined
	}
	return bounce.ReasonUndefined
}

// stringToSign builds the canonical text that SNS signs.
func (m *snsMessage) stringToSign() string {
	var b strings.Builder
	add := func(k, v string) { b.WriteString(k); b.WriteByte('\n'); b.WriteString(v); b.WriteByte('\n') }
	add("Message", m.Message)
	add("MessageId", m.MessageId)
	if m.Type == "Notification" {
		if m.Subject != nil {
			add("Subject", *m.Subject)
		}
	} else {
		add("SubscribeURL", m.SubscribeURL)
	}
	add("Timestamp", m.Timestamp)
	if m.Type != "Notification" {
		add("Token", m.Token)
	}
	add("TopicArn", m.TopicArn)
	add("Type", m.Type)
	return b.String()
}

// verify checks the signature of m.
func (h *SES) verify(ctx context.Context, m *snsMessage) error {
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil {
		return fail(http.StatusForbidden, "webhook: ses: signature is not base64")
	}
	var hash crypto.Hash
	var sum []byte
	switch m.SignatureVersion {
	case "1":
		s := sha1.Sum([]byte(m.stringToSign()))
		hash, sum = crypto.SHA1, s[:]
	case "2":
		s := sha256.Sum256([]byte(m.stringToSign()))
		hash, sum = crypto.SHA256, s[:]
	default:
		return fail(http.StatusForbidden, fmt.Sprintf("webhook: ses: unknown SignatureVersion %q", m.SignatureVersion))
	}
	key, err := h.cert(ctx, m.SigningCertURL)
	if err != nil {
		return err
	}
	if rsa.VerifyPKCS1v15(key, hash, sum, sig) != nil {
		return fail(http.StatusForbidden, "webhook: ses: bad SNS signature")
	}
	return nil
}

// awsURL checks that u is an https URL on an sns.<region>.amazonaws.com
// host (or amazonaws.com.cn).
func awsURL(u string) (*url.URL, error) {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.User != nil || p.Port() != "" {
		return nil, fmt.Errorf("webhook: ses: %q is not an https SNS URL", u)
	}
	host := strings.ToLower(p.Hostname())
	var rest string
	switch {
	case strings.HasSuffix(host, ".amazonaws.com"):
		rest = strings.TrimSuffix(host, ".amazonaws.com")
	case strings.HasSuffix(host, ".amazonaws.com.cn"):
		rest = strings.TrimSuffix(host, ".amazonaws.com.cn")
	default:
		return nil, fmt.Errorf("webhook: ses: host %q of %q is not an SNS host", host, u)
	}
	region, ok := strings.CutPrefix(rest, "sns.")
	if !ok || region == "" || !validRegion(region) {
		return nil, fmt.Errorf("webhook: ses: host %q of %q is not an SNS host", host, u)
	}
	return p, nil
}

// validRegion accepts region names such as "us-east-1" or "cn-north-1".
func validRegion(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return strings.Contains(s, "-")
}

func (h *SES) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	return &http.Client{Timeout: 10 * time.Second}
}

func (h *SES) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// maxCertBytes bounds a fetched signing certificate.
const maxCertBytes = 64 << 10

// cert returns the public key of the signing certificate at u, from the
// cache or fetched.
func (h *SES) cert(ctx context.Context, u string) (*rsa.PublicKey, error) {
	if _, err := awsURL(u); err != nil {
		return nil, fail(http.StatusForbidden, err.Error())
	}
	now := h.now()
	h.mu.Lock()
	c, ok := h.certs[u]
	h.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.key, nil
	}
	body, err := h.get(ctx, u, maxCertBytes)
	if err != nil {
		// The certificate could not be fetched: our side, have SNS retry.
		return nil, fmt.Errorf("webhook: ses: fetching signing certificate: %w", err)
	}
	blk, _ := pem.Decode(body)
	if blk == nil {
		return nil, fail(http.StatusForbidden, "webhook: ses: signing certificate is not PEM")
	}
	crt, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, fail(http.StatusForbidden, "webhook: ses: signing certificate: "+err.Error())
	}
	if now.Before(crt.NotBefore) || now.After(crt.NotAfter) {
		return nil, fail(http.StatusForbidden, "webhook: ses: signing certificate is not valid now")
	}
	key, ok := crt.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, fail(http.StatusForbidden, "webhook: ses: signing certificate has no RSA key")
	}
	exp := now.Add(24 * time.Hour)
	if crt.NotAfter.Before(exp) {
		exp = crt.NotAfter
	}
	limit := h.MaxCerts
	if limit <= 0 {
		limit = 16
	}
	h.mu.Lock()
	if h.certs == nil {
		h.certs = make(map[string]cachedCert)
	}
	if len(h.certs) >= limit {
		for k, v := range h.certs {
			if !now.Before(v.expires) {
				delete(h.certs, k)
			}
		}
		for k := range h.certs {
			if len(h.certs) < limit {
				break
			}
			delete(h.certs, k)
		}
	}
	h.certs[u] = cachedCert{key, exp}
	h.mu.Unlock()
	return key, nil
}

// get fetches u with the Client, reading at most max bytes.
func (h *SES) get(ctx context.Context, u string, max int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := h.client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errors.New("response too large")
	}
	return b, nil
}

// confirm confirms a subscription by fetching its SubscribeURL.
func (h *SES) confirm(ctx context.Context, m *snsMessage) error {
	if _, err := awsURL(m.SubscribeURL); err != nil {
		return fail(http.StatusForbidden, err.Error())
	}
	if !h.ConfirmSubscriptions {
		if h.Logger != nil {
			h.Logger.Warn("webhook: ses: SNS subscription to confirm", slog.String("topic", m.TopicArn), slog.String("subscribe_url", m.SubscribeURL))
		}
		return nil
	}
	if _, err := h.get(ctx, m.SubscribeURL, 64<<10); err != nil {
		return fmt.Errorf("webhook: ses: confirming subscription to %s: %w", m.TopicArn, err)
	}
	return nil
}

package dsn

import (
	"net/mail"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
)

// This file reads complaints: RFC 5965 feedback reports (ARF) and the
// unsubscribe notices that some mailbox providers send instead.

// complaint fills rep from a message/feedback-report part.
func (s *state) complaint(rep *Report) {
	fb := &Feedback{}
	b := s.feedback
	var removal []string
	for {
		f, rest, ok := nextField(b)
		if !ok {
			break
		}
		b = rest
		switch {
		case equalFold(f.name, "feedback-type"):
			fb.FeedbackType = strings.ToLower(f.value())
		case equalFold(f.name, "user-agent"):
			fb.UserAgent = f.value()
		case equalFold(f.name, "version"):
			fb.Version = f.value()
		case equalFold(f.name, "original-mail-from"):
			fb.OriginalMailFrom = stripAngle(f.value())
		case equalFold(f.name, "original-rcpt-to"):
			fb.OriginalRcptTo = append(fb.OriginalRcptTo, stripAngle(f.value()))
		case equalFold(f.name, "arrival-date"), equalFold(f.name, "received-date"):
			if fb.ArrivalDate.IsZero() {
				fb.ArrivalDate = parseDate(f.value())
			}
		case equalFold(f.name, "source-ip"):
			fb.SourceIP = f.value()
		case equalFold(f.name, "reported-domain"):
			fb.ReportedDomain = append(fb.ReportedDomain, f.value())
		case equalFold(f.name, "reported-uri"):
			fb.ReportedURI = append(fb.ReportedURI, f.value())
		case equalFold(f.name, "removal-recipient"):
			removal = append(removal, stripAngle(f.value()))
		case equalFold(f.name, "reporting-mta"):
			_, rep.ReportingMTA = splitTyped(f.value())
		}
	}
	if fb.FeedbackType == "" {
		fb.FeedbackType = "abuse"
	}
	rep.Kind = Complaint
	rep.MTA = "arf"
	rep.Feedback = fb
	rep.ArrivalDate = fb.ArrivalDate
	addrs := fb.OriginalRcptTo
	if len(addrs) == 0 {
		addrs = removal
	}
	if len(addrs) == 0 {
		// RFC 5965 §3: the complaining recipient is often redacted; the
		// To field of the returned message is the best guess left.
		o := makeOriginal(s.origRaw, "")
		if a, _ := findAddress(o.To); a != "" {
			addrs = []string{a}
		} else {
			addrs = []string{""} // one complaint, recipient unknown
		}
	}
	for _, a := range addrs {
		rep.Recipients = append(rep.Recipients, feedbackRecipient(a))
	}
}

func feedbackRecipient(addr string) Recipient {
	return Recipient{
		FinalRecipient: addr,
		Result: bounce.Result{
			Category: bounce.Spam,
			Reason:   bounce.ReasonFeedback,
		},
	}
}

// jmrp recognises a complaint forwarded as plain mail with the reported
// message attached, the original recipient named in a header of that
// message.
// QUIRK(Outlook.com JMRP): "complaint about message from <IP>" with
// X-HmXmrOriginalRecipient in the attached message.
func (s *state) jmrp(rep *Report, subject string) bool {
	if !hasPrefixFold(trimSpace(subject), "complaint about message from") || !s.origFound {
		return false
	}
	addr, _ := findAddress(rawHeader(s.origRaw).Get("X-HmXmrOriginalRecipient"))
	if addr == "" {
		addr, _ = findAddress(rawHeader(s.origRaw).Get("To"))
	}
	rep.Kind = Complaint
	rep.MTA = "arf"
	fb := &Feedback{FeedbackType: "abuse"}
	if addr != "" {
		fb.OriginalRcptTo = []string{addr}
	}
	rep.Feedback = fb
	rep.Recipients = []Recipient{feedbackRecipient(addr)}
	return true
}

// unsubscribe recognises a one-click unsubscribe notice sent as mail by a
// mailbox provider and reports it as an "opt-out" complaint.
// QUIRK(Apple Mail): it sends plain mail marked X-Apple-Unsubscribe.
func (s *state) unsubscribe(rep *Report) bool {
	if !equalFold(trimSpace(s.top.Get("X-Apple-Unsubscribe")), "true") {
		return false
	}
	addr := ""
	if a, err := mail.ParseAddress(s.top.Get("From")); err == nil {
		addr = a.Address
	}
	rep.Kind = Complaint
	rep.MTA = "arf"
	rep.Feedback = &Feedback{FeedbackType: "opt-out"}
	rep.Recipients = []Recipient{feedbackRecipient(addr)}
	return true
}

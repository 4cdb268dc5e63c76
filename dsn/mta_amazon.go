package dsn

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
)

// Amazon SES and WorkMail send standard reports with their own text.
var famAmazonSES = family{
	name:   "amazonses",
	header: []string{"X-Ses-Outgoing"},
	from:   []string{"@amazonses.com"},
	body:   []string{"an error occurred while trying to deliver the mail to the following recipients"},
	begin:  []string{"the following recipients", "to the following recipients"},
}

// sesMessage is an Amazon SES event notification (bounce, complaint or
// delivery), sent as JSON by mail, possibly inside an SNS envelope.
type sesMessage struct {
	Type             string `json:"Type"`    // "Notification" for the SNS envelope
	Message          string `json:"Message"` // the notification, as JSON text
	NotificationType string `json:"notificationType"`
	EventType        string `json:"eventType"`
	Bounce           struct {
		BounceType        string `json:"bounceType"`
		ReportingMTA      string `json:"reportingMTA"`
		BouncedRecipients []struct {
			EmailAddress   string `json:"emailAddress"`
			Action         string `json:"action"`
			Status         string `json:"status"`
			DiagnosticCode string `json:"diagnosticCode"`
		} `json:"bouncedRecipients"`
	} `json:"bounce"`
	Complaint struct {
		ComplainedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
		UserAgent             string `json:"userAgent"`
		ComplaintFeedbackType string `json:"complaintFeedbackType"`
		ArrivalDate           string `json:"arrivalDate"`
	} `json:"complaint"`
	Delivery struct {
		Recipients   []string `json:"recipients"`
		SMTPResponse string   `json:"smtpResponse"`
		ReportingMTA string   `json:"reportingMTA"`
	} `json:"delivery"`
	Mail struct {
		MessageID     string `json:"messageId"`
		Source        string `json:"source"`
		CommonHeaders struct {
			MessageID string   `json:"messageId"`
			From      []string `json:"from"`
			To        []string `json:"to"`
			Subject   string   `json:"subject"`
		} `json:"commonHeaders"`
	} `json:"mail"`
}

// sesNotification reads an Amazon SES notification from text into rep and
// reports whether text held one.
func sesNotification(rep *Report, text string) bool {
	t := trimSpace(text)
	if len(t) == 0 || t[0] != '{' || !strings.Contains(t, "otificationType") && !strings.Contains(t, `"eventType"`) {
		return false
	}
	// Only the JSON object; SNS appends an unsubscribe footer.
	var m sesMessage
	if json.NewDecoder(strings.NewReader(t)).Decode(&m) != nil {
		// QUIRK(SNS): long lines arrive folded with "\n ".
		t = strings.ReplaceAll(t, "\n ", "")
		m = sesMessage{}
		if json.NewDecoder(strings.NewReader(t)).Decode(&m) != nil {
			return false
		}
	}
	if m.Type == "Notification" && m.Message != "" {
		var inner sesMessage
		if json.Unmarshal([]byte(m.Message), &inner) != nil {
			return false
		}
		m = inner
	}
	kind := m.NotificationType
	if kind == "" {
		kind = m.EventType
	}
	rep.MTA = "amazonses"
	switch kind {
	case "Bounce":
		rep.Kind = Bounce
		_, rep.ReportingMTA = splitTyped(m.Bounce.ReportingMTA)
		for _, b := range m.Bounce.BouncedRecipients {
			r := Recipient{FinalRecipient: b.EmailAddress, Action: parseAction(b.Action), Status: parseStatus(b.Status)}
			r.DiagnosticType, r.Diagnostic = splitTyped(b.DiagnosticCode)
			if r.Action == "" {
				r.Action = Failed
			}
			if m.Bounce.BounceType == "Transient" && r.Status.IsZero() {
				r.Status = bounce.Code{Class: 4}
			}
			rep.Recipients = append(rep.Recipients, r)
		}
	case "Complaint":
		rep.Kind = Complaint
		fb := &Feedback{FeedbackType: m.Complaint.ComplaintFeedbackType, UserAgent: m.Complaint.UserAgent}
		if fb.FeedbackType == "" {
			fb.FeedbackType = "abuse"
		}
		if t, err := time.Parse(time.RFC3339, m.Complaint.ArrivalDate); err == nil {
			fb.ArrivalDate = t
		}
		fb.OriginalMailFrom = m.Mail.Source
		rep.Feedback = fb
		for _, c := range m.Complaint.ComplainedRecipients {
			rep.Recipients = append(rep.Recipients, feedbackRecipient(c.EmailAddress))
			fb.OriginalRcptTo = append(fb.OriginalRcptTo, c.EmailAddress)
		}
	case "Delivery":
		rep.Kind = Delivery
		_, rep.ReportingMTA = splitTyped(m.Delivery.ReportingMTA)
		for _, a := range m.Delivery.Recipients {
			rep.Recipients = append(rep.Recipients, Recipient{FinalRecipient: a, Action: Delivered, Diagnostic: m.Delivery.SMTPResponse, DiagnosticType: "smtp"})
		}
	default:
		return false
	}
	rep.Original.MessageID = messageID(m.Mail.CommonHeaders.MessageID)
	if rep.Original.MessageID == "" {
		// SES's own id, which it sends as the left part of the
		// Message-ID; the field's value is what a sender recorded.
		rep.Original.MessageID = messageID(m.Mail.MessageID)
	}
	rep.Original.From = strings.Join(m.Mail.CommonHeaders.From, ", ")
	rep.Original.To = strings.Join(m.Mail.CommonHeaders.To, ", ")
	rep.Original.Subject = m.Mail.CommonHeaders.Subject
	return len(rep.Recipients) > 0
}

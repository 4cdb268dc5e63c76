package dsn

import (
	"net/mail"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
)

// This file recognises automatic replies (RFC 3834): vacation and
// out-of-office notices. They are not bounces; the report names the
// sender of the reply as its one recipient, with reason "vacation".

// autoReplySubject lists subject prefixes of auto-replies in several
// languages, matched ignoring case.
var autoReplySubject = []string{
	"auto:", "automatic reply", "auto reply", "autoreply", "auto-reply", "autoresponse",
	"autorespons", "auto response", "out of office", "out of the office", "on vacation",
	"away from", "abwesenheit", "réponse automatique", "respuesta automática",
	"risposta automatica", "automatisch antwoord", "自動応答", "自動返信", "不在",
	"away until", "i am away", "i'm away", "office closed",
}

// autoReply reports whether the mail is an automatic reply and fills rep.
func (s *state) autoReply(rep *Report, from, subject, text string) bool {
	if s.unsubscribe(rep) || s.jmrp(rep, subject) {
		return true
	}
	h := s.top
	auto := false
	if v := trimSpace(h.Get("Auto-Submitted")); v != "" && !equalFold(v, "no") {
		auto = hasPrefixFold(v, "auto-replied")
	}
	if equalFold(trimSpace(h.Get("X-Apple-Action")), "vacation") || h.Has("X-Autoreply") ||
		h.Has("X-Autorespond") || equalFold(trimSpace(h.Get("X-Auto-Response-Suppress")), "all") && subjectAuto(subject) {
		auto = true
	}
	if !auto && subjectAuto(subject) && (h.Has("X-Auto-Response-Suppress") || h.Has("Auto-Submitted")) {
		auto = true
	}
	if !auto {
		return false
	}
	// A bounce that also says auto-replied is not a vacation notice.
	if s.bounceLike {
		return false
	}
	addr := ""
	if a, err := mail.ParseAddress(from); err == nil {
		addr = a.Address
	} else if a, _ := findAddress(from); a != "" {
		addr = a
	}
	if addr == "" {
		return false
	}
	rep.Kind = AutoReply
	rep.MTA = "rfc3834"
	rep.Recipients = []Recipient{{
		FinalRecipient: addr,
		Diagnostic:     firstLines(text, 5),
		Result:         bounce.Result{Reason: bounce.ReasonVacation},
	}}
	return true
}

func subjectAuto(subject string) bool {
	subject = trimSpace(subject)
	for _, p := range autoReplySubject {
		if hasPrefixFold(subject, p) || (p[0] >= 0x80 && strings.Contains(subject, p)) {
			return true
		}
	}
	return false
}

// firstLines returns up to n non-blank lines of s joined with spaces.
func firstLines(s string, n int) string {
	var b strings.Builder
	for s != "" && n > 0 {
		var line string
		line, s = nextLine(s)
		if line = trimSpace(line); line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		n--
	}
	return b.String()
}

package bounce

// Classifier decides the [Result] of a reply. Its zero value uses the
// built-in rules; Rules layer the caller's own decisions over them.
//
// A Classifier is safe for concurrent use by multiple goroutines once its
// fields are set.
type Classifier struct {
	// Rules are consulted before the built-in rules, in order; the first
	// that matches decides.
	Rules []Rule
}

// Rule is a user rule. (Placeholder: the full rule set is built in rules.go.)
type Rule struct{}

// Classify parses reply with [ParseReply] and classifies it with the default
// rules. It is shorthand for (&Classifier{}).Classify(reply).
func Classify(reply string) Result { return (&Classifier{}).Classify(reply) }

// ClassifyReply classifies an already parsed reply with the default rules.
func ClassifyReply(r Reply) Result { return (&Classifier{}).ClassifyReply(r) }

// Classify parses reply with [ParseReply] and classifies it.
func (c *Classifier) Classify(reply string) Result { return c.ClassifyReply(ParseReply(reply)) }

// ClassifyReply classifies an already parsed reply.
func (c *Classifier) ClassifyReply(r Reply) Result {
	res := Result{Status: r.Code, ReplyCode: r.Basic}
	class := r.Code.Class
	if class == 0 && r.Basic != 0 {
		class = uint16(r.Basic / 100)
	}
	switch class {
	case 4:
		res.Category, res.Reason, res.Retry = Soft, ReasonUndefined, true
	case 5:
		res.Category, res.Reason, res.Suppress = Hard, ReasonUndefined, true
	}
	return res
}

package bounce_test

import (
	"fmt"
	"strings"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/emersion/go-smtp"
)

func ExampleClassify() {
	for _, reply := range []string{
		"550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
		"452 4.2.2 The recipient's inbox is out of storage space.",
		"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
		"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
	} {
		r := bounce.Classify(reply)
		fmt.Printf("%-4s %-13s %-6v retry=%-5v suppress=%v\n", r.Category, r.Reason, r.Status, r.Retry, r.Suppress)
	}
	// Output:
	// hard userunknown   5.1.1  retry=false suppress=true
	// soft mailboxfull   4.2.2  retry=true  suppress=false
	// spam blocked       5.7.1  retry=false suppress=false
	// spam badreputation 4.7.0  retry=true  suppress=false
}

func ExampleClassifyError() {
	err := fmt.Errorf("deliver: %w", &smtp.SMTPError{
		Code:         550,
		EnhancedCode: smtp.EnhancedCode{5, 1, 1},
		Message:      "The email account that you tried to reach does not exist.",
	})
	r := bounce.ClassifyError(err)
	fmt.Println(r.Category, r.Reason, r.Status, r.ReplyCode, r.Suppress)
	// Output: hard userunknown 5.1.1 550 true
}

func ExampleClassifier() {
	rules, err := bounce.ReadRules(strings.NewReader(`[
		{"domain": "example.com", "code": "5.7.1", "category": "soft"},
		{"contains": "mailbox is being migrated", "reason": "systemerror", "category": "soft"}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c := &bounce.Classifier{Rules: rules}

	r := c.ClassifyInput(bounce.Input{
		Reply:  bounce.ParseReply("550 5.7.1 Delivery not authorized"),
		Domain: "example.com",
	})
	fmt.Println(r.Category, r.Reason, r.Retry)

	r = c.Classify("550 5.2.1 The mailbox is being migrated, come back tomorrow")
	fmt.Println(r.Category, r.Reason, r.Retry)
	// Output:
	// soft securityerror true
	// soft systemerror true
}

func ExampleClassifyInput() {
	// A bounce parser knows which command was refused.
	r := bounce.ClassifyInput(bounce.Input{
		Reply:   bounce.ParseReply("smtp; 550 5.1.1 <sender@example.net>... User unknown"),
		Command: "MAIL",
	})
	fmt.Println(r.Category, r.Reason)
	// Output: spam rejected
}

// A receiver's own meaning of its words decides when the reply is known
// to come from it: au by KDDI answers a recipient's reception filter with
// "User unknown" but no address.
func ExampleClassifyInput_host() {
	for _, reply := range []string{"550 : User unknown", "550 <ann@ezweb.ne.jp>: User unknown"} {
		r := bounce.ClassifyInput(bounce.Input{
			Reply:  bounce.ParseReply(reply),
			Domain: "ezweb.ne.jp", Host: "lsean.ezweb.ne.jp",
		})
		fmt.Println(r.Category, r.Reason, r.Provider)
	}
	// Output:
	// spam filtered kddi
	// hard userunknown kddi
}

func ExampleCode_Title() {
	c, _ := bounce.ParseCode("5.7.26")
	fmt.Println(c.ClassTitle())
	fmt.Println(c.SubjectTitle())
	fmt.Println(c.Title())
	fmt.Println(c.Description())
	// Output:
	// Permanent Failure
	// Security or Policy Status
	// Multiple authentication checks failed
	// The message failed more than one authentication check (SPF, DKIM, DMARC).
}

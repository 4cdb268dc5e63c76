// Package webhook receives the bounce, complaint and unsubscribe events of
// email service providers as http.Handlers, and hands each to
// [deliver.Deliverer.Ingest], the entry point that bounce mails go through
// too: the same Store records, guard counting, correlation and events.
//
//   - [SES]: Amazon SES notifications through Amazon SNS (signature
//     versions 1 and 2, signing certificate fetched from an
//     sns.<region>.amazonaws.com https URL and cached, subscriptions
//     confirmed).
//   - [SendGrid]: the Signed Event Webhook (ECDSA P-256 over timestamp and
//     body).
//   - [Mailgun]: HMAC-SHA256 of timestamp and token with the signing key;
//     reused tokens and old timestamps refused.
//   - [Postmark]: basic auth, compared in constant time, over TLS only.
//
// Each event is ingested with the provider's event id as its idempotency
// key ([deliver.Incoming].Key) and the provider's name as its Source, so an
// event that the provider posts again (after a 5xx, or twice) is recorded
// once. Unsubscribe events go to [deliver.Deliverer.Unsubscribe].
//
// # Answers
//
//   - 200: recorded, or nothing to record (deliveries, opens, clicks,
//     types that say nothing about the recipient).
//   - 400: the body is malformed; 405: not a POST; 413: the body is over
//     MaxBytes (2 MiB by default).
//   - 401: no signature or credentials (or no key configured); 403: a bad
//     signature, an unknown SNS topic, a certificate URL off SNS's hosts,
//     an expired timestamp, a reused token, a request without TLS.
//   - 503: the outcome could not be recorded (the Store failed), or
//     another node is recording the same event now
//     ([deliver.ErrReportInProgress]: the provider retried it to another
//     node): the provider delivers the event again later, and nothing is
//     lost to our outage nor recorded twice. An address the Store refuses as invalid is not an outage;
//     that event is answered 200.
//
// # Which field wins
//
// Providers file block-list and reputation refusals as hard bounces;
// suppressing a customer because of the sender's IP reputation is the
// mistake this library exists to prevent. So wherever an event carries the
// receiving server's own reply, [bounce.Classify] reads it and decides the
// category and reason; the provider's verdict decides only when the reply
// is absent or says nothing the rules recognise (reason onhold or
// undefined). The reply's codes decide permanence: a 4xx reply is never
// Hard. A reply without codes is never Hard when the provider calls the
// failure temporary.
//
//   - SES: bouncedRecipients[].diagnosticCode (with status when the reply
//     has no enhanced code) wins over bounceType/bounceSubType. Without
//     it: Permanent/NoEmail is Hard userunknown, Permanent/General Hard
//     undefined, Transient/MailboxFull soft mailboxfull, MessageTooLarge
//     soft mesgtoobig, ContentRejected and AttachmentRejected spam
//     contenterror, other Transient soft undefined, Undetermined soft
//     onhold. Permanent/Suppressed and OnAccountSuppressionList (and a
//     complaint with a complaintSubType) report SES's own suppression
//     list, not a delivery attempt: nothing is recorded. Complaint is
//     Complained, DeliveryDelay Delayed (diagnosticCode, else delayType),
//     Reject Blocked (virusdetected: the message, not the recipient).
//   - SendGrid: reason (bounce, blocked) or response (deferred), with
//     status, wins over event and type. Without it: bounce is Hard
//     undefined, blocked (event, or bounce with type "blocked") Spam
//     blocked, deferred a delay. dropped records only reason "Invalid"
//     (Hard userunknown, 5.1.3); its other reasons repeat SendGrid's
//     suppression lists. spamreport is Complained, unsubscribe and
//     group_unsubscribe Unsubscribed.
//   - Mailgun: delivery-status message (or description), with code and
//     enhanced-code, wins over severity and reason. Without it: failed
//     permanent is Hard undefined (reason esp-block: Spam blocked);
//     failed temporary is a delay. Reasons suppress-bounce,
//     suppress-unsubscribe and suppress-complaint repeat Mailgun's lists
//     and record nothing. complained is Complained, unsubscribed
//     Unsubscribed.
//   - Postmark: Details wins over Type. Without it: HardBounce Hard
//     undefined, BadEmailAddress and InvalidEmail Hard userunknown,
//     SoftBounce and Unknown soft undefined, DnsError soft networkerror,
//     Transient a delay, Blocked Spam blocked, SpamNotification Spam
//     spamdetected, VirusNotification Spam virusdetected, DMARCPolicy Spam
//     authfailure, SpamComplaint Complained, Unsubscribe (and a
//     SubscriptionChange with SuppressionReason ManualSuppression)
//     Unsubscribed. Subscribe, AutoResponder, AddressChange,
//     OpenRelayTest, ChallengeVerification, ManuallyDeactivated,
//     Unconfirmed, SMTPApiError, InboundError, TemplateRenderingFailed,
//     InboxPlacement and unknown types record nothing.
//
// # Correlation
//
// [deliver.Deliverer.Ingest] finds the campaign and scope of a report from
// its Original.MessageID. SES: the Message-ID in mail.headers (the
// sender's, which SES replaces on the wire), else
// mail.commonHeaders.messageId, else mail.messageId; the header named by
// the Deliverer's Parser.IDHeader fills Original.ID. SendGrid: the custom
// argument named by IDArg, else smtp-id. Mailgun: the user variable named
// by IDVar, else message.headers.message-id. Postmark: the Metadata field
// named by IDField (Postmark's MessageID is its own, not the header).
// Unsubscribe events carry no report; UnsubscribeScope names their
// campaign and scope from the same variables.
//
// # Divergences
//
//   - SNS raw message delivery is not supported: it carries no signature.
//   - The SNS certificate is trusted because it was fetched over https from
//     an SNS host (TLS authenticates the host); its chain is not checked
//     further. Its validity period is.
//   - Mailgun's token is remembered only once its event is recorded, so
//     that Mailgun's retry after a 503 is not refused as a replay.
//   - SendGrid's timestamp is not checked unless MaxAge is set: SendGrid
//     documents no window, and each event id is recorded once anyway.
//
// # Performance
//
// In process, on a Deliverer with the Memory store, on a shared 2-core
// machine (go test -bench . -benchtime 2000x -benchmem; the figures
// include the signature check):
//
//	BenchmarkSES        223 µs/event    4 479 events/s  (RSA-2048 verify)
//	BenchmarkSendGrid    47 µs/event   21 367 events/s  (batches of 100, one ECDSA verify per batch)
//	BenchmarkMailgun     67 µs/event   14 978 events/s
//	BenchmarkPostmark    61 µs/event   16 269 events/s
//
// Providers post far fewer events than that; the handler is not the
// bottleneck.
//
// # Concurrency
//
// The handlers are safe for concurrent use by multiple goroutines once
// their fields are set. No goroutine is started; memory is bounded (the
// SNS certificate cache by MaxCerts, Mailgun's tokens by MaxTokens and
// MaxAge, bodies by MaxBytes).
//
// See the Examples for each handler.
package webhook

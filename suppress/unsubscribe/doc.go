// Package unsubscribe implements one-click unsubscribe links: the
// List-Unsubscribe and List-Unsubscribe-Post header fields of a message,
// signed tokens that name the recipient and the list, and the HTTP endpoint
// that records the unsubscribe in a suppression store.
//
//   - [Links] makes the header fields for a recipient (and the link for the
//     body): an HTTPS URL and, optionally, a mailto URI, each carrying a
//     token.
//   - [Signer] signs and verifies tokens: HMAC-SHA256 with a key ID, so keys
//     can rotate, and an optional expiry. A token is compact and URL-safe
//     (base64url). A Signer with a key shorter than 16 bytes (an empty one
//     read from an unset variable, say) signs and verifies nothing
//     ([Signer.Validate]).
//   - [Handler] is the http.Handler behind the URL. A POST unsubscribes; a
//     GET shows a confirmation page and unsubscribes nobody, because link
//     scanners fetch the URLs of mail. A bad token is 400, an expired one
//     410, and neither records anything.
//
// The unsubscribe is recorded as a permanent suppression in the token's
// [suppress.Scope], usually one list of one tenant, so the recipient still
// gets the tenant's other lists and its transactional mail. Handler.Record
// can route it through a Deliverer (deliver.Deliverer.Unsubscribe), which
// also counts it for the campaign and emits an event.
//
// The Deliverer adds the header fields to every message through its
// Decorate hook (see [Links.Header]); the test of this package wires them
// into a real Deliverer. Package unsubscribe imports suppress only, so that
// package deliver may import it.
//
// # Standards
//
//   - [RFC 2369]: List-Unsubscribe, with https and mailto URIs.
//   - [RFC 8058]: one-click unsubscribe: List-Unsubscribe-Post:
//     List-Unsubscribe=One-Click, an HTTPS URI, and a POST whose body is
//     List-Unsubscribe=One-Click, which unsubscribes without any further
//     step. §4: the message must carry a DKIM signature that covers both
//     fields; sign after decorating.
//   - [RFC 2104]: HMAC, truncated to 128 bits as §5 allows.
//   - [RFC 4648] §5: base64url without padding, for the token.
//   - [RFC 6068]: the mailto URI.
//
// # Divergences
//
//   - The token is in the query of the URL (parameter "t"), not in its path,
//     so the Handler can be mounted at any path.
//   - A POST without the List-Unsubscribe=One-Click body is refused (400):
//     RFC 8058 §3.2 requires it, and the confirmation page sends it.
//   - Tokens are signed, not encrypted: the address can be read from the
//     link. They cannot be revoked one by one; rotate the key, or give them
//     an expiry (but mailbox providers may use a link months after the
//     mail).
//
// # Concurrency
//
// A Signer, a Links and a Handler are safe for concurrent use by multiple
// goroutines once their fields are set. Nothing starts a goroutine.
//
// See the Example for the links of a message and the Handler that takes
// the one-click POST.
//
// [RFC 2369]: https://www.rfc-editor.org/rfc/rfc2369
// [RFC 8058]: https://www.rfc-editor.org/rfc/rfc8058
// [RFC 2104]: https://www.rfc-editor.org/rfc/rfc2104
// [RFC 4648]: https://www.rfc-editor.org/rfc/rfc4648
// [RFC 6068]: https://www.rfc-editor.org/rfc/rfc6068
package unsubscribe

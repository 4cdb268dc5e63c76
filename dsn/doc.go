// Package dsn parses the mail that arrives at a return path — bounces,
// delay notices, delivery notices, complaints and auto-replies — into
// per-recipient results decided with package bounce.
package dsn

package bounce

import (
	"errors"
	"fmt"
	"strconv"
)

// Code is an RFC 3463 enhanced mail system status code, class.subject.detail
// (for example 5.1.1 or 5.4.310). The zero value means "no code".
//
// Code is a small comparable value; it can be used as a map key and compared
// with ==.
type Code struct {
	Class   uint16 // 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
	Subject uint16 // 0–999
	Detail  uint16 // 0–999
}

// ErrInvalidCode is wrapped by the errors that [ParseCode] returns.
var ErrInvalidCode = errors.New("bounce: invalid enhanced status code")

// ParseCode parses an RFC 3463 enhanced status code such as "5.1.1". The class
// must be 2, 4 or 5 and the subject and detail have one to three digits.
// Surrounding spaces are not accepted. Errors wrap [ErrInvalidCode].
func ParseCode(s string) (Code, error) {
	c, n := scanCode(s)
	if n == 0 || n != len(s) {
		return Code{}, fmt.Errorf("%w %q", ErrInvalidCode, s)
	}
	return c, nil
}

// scanCode reads an enhanced status code at the start of s and returns it with
// the number of bytes it used; n is 0 when s does not start with one. The code
// must not be followed by a digit or another dot-digit.
func scanCode(s string) (c Code, n int) {
	if len(s) < 5 {
		return Code{}, 0
	}
	switch s[0] {
	case '2', '4', '5':
	default:
		return Code{}, 0
	}
	if s[1] != '.' {
		return Code{}, 0
	}
	i := 2
	sub, k := scanNum(s[i:])
	if k == 0 || i+k >= len(s) || s[i+k] != '.' {
		return Code{}, 0
	}
	i += k + 1
	det, k := scanNum(s[i:])
	if k == 0 {
		return Code{}, 0
	}
	i += k
	if i < len(s) && (isDigit(s[i]) || (s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]))) {
		return Code{}, 0
	}
	return Code{Class: uint16(s[0] - '0'), Subject: sub, Detail: det}, i
}

// scanNum reads 1 to 3 decimal digits.
func scanNum(s string) (v uint16, n int) {
	if len(s) == 0 || !isDigit(s[0]) {
		return 0, 0
	}
	v = uint16(s[0] - '0')
	if len(s) == 1 || !isDigit(s[1]) {
		return v, 1
	}
	v = v*10 + uint16(s[1]-'0')
	if len(s) == 2 || !isDigit(s[2]) {
		return v, 2
	}
	if len(s) > 3 && isDigit(s[3]) {
		return 0, 0 // four digits or more
	}
	return v*10 + uint16(s[2]-'0'), 3
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// String returns the code as class.subject.detail, or "" for the zero Code.
func (c Code) String() string {
	if c.IsZero() {
		return ""
	}
	b := make([]byte, 0, 11)
	b = strconv.AppendUint(b, uint64(c.Class), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(c.Subject), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(c.Detail), 10)
	return string(b)
}

// IsZero reports whether c is the zero Code, which stands for "no code".
func (c Code) IsZero() bool { return c == Code{} }

// Success reports whether c is of class 2.
func (c Code) Success() bool { return c.Class == 2 }

// Transient reports whether c is of class 4, a persistent transient failure:
// the message may be delivered if sent again later.
func (c Code) Transient() bool { return c.Class == 4 }

// Permanent reports whether c is of class 5, a permanent failure: sending the
// same message again will not succeed.
func (c Code) Permanent() bool { return c.Class == 5 }

// MarshalText implements [encoding.TextMarshaler]; the zero Code is "".
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler]; "" gives the zero Code.
func (c *Code) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Code{}
		return nil
	}
	v, err := ParseCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

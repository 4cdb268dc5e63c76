package main

import (
	"bufio"
	"bytes"
	"io"
)

// mboxReader reads the messages of an mbox one at a time, as a stream: it
// holds no more than the bufio.Reader's buffer, however long a message or
// a line is. A line that starts with "From " after a blank line (or at the
// start) separates messages and belongs to none; a line of one or more '>'
// followed by "From " loses its first '>' (mboxrd; in mboxo, where such
// lines were not quoted, this changes only lines that were ">From " to
// begin with). Everything else, line ends included, is passed on as it is.
//
// next moves to the next message, skipping what was not read of the
// current one; Read reads the current message and returns io.EOF at its
// end.
type mboxReader struct {
	br        *bufio.Reader
	chunk     []byte // what is left to return of the chunk read last; points into br's buffer
	lineStart bool   // the next chunk of br starts a line
	prevBlank bool   // the last whole line was blank
	lineBlank bool   // the line being read is blank so far
	skipLine  bool   // the rest of the current line is a separator's
	end       bool   // the current message has ended
	eof       bool   // br is exhausted
	err       error  // a read error other than io.EOF
}

func newMboxReader(br *bufio.Reader) *mboxReader {
	return &mboxReader{br: br, lineStart: true, prevBlank: true, end: true}
}

var fromLine = []byte("From ")

// fill reads the next chunk of the current message into m.chunk, unless
// the message has ended.
func (m *mboxReader) fill() {
	for len(m.chunk) == 0 && !m.end {
		if m.eof {
			m.end = true
			return
		}
		c, err := m.br.ReadSlice('\n')
		cut := err == bufio.ErrBufferFull // the line goes on in the next chunk
		if err != nil && !cut {
			m.eof = true
			if err != io.EOF {
				m.err = err
			}
		}
		start := m.lineStart
		m.lineStart = !cut
		if start {
			if m.prevBlank && bytes.HasPrefix(c, fromLine) {
				m.end, m.skipLine, m.prevBlank = true, cut, false
				return
			}
			if len(c) > 0 && c[0] == '>' && bytes.HasPrefix(bytes.TrimLeft(c, ">"), fromLine) {
				c = c[1:]
			}
			m.lineBlank = true
		}
		// A line is blank when all its chunks hold only CR and LF.
		m.lineBlank = m.lineBlank && len(bytes.TrimRight(c, "\r\n")) == 0
		if !cut {
			m.prevBlank = m.lineBlank
		}
		m.chunk = c
	}
}

// Read implements io.Reader for the current message.
func (m *mboxReader) Read(p []byte) (int, error) {
	m.fill()
	if len(m.chunk) == 0 {
		if m.err != nil {
			return 0, m.err
		}
		return 0, io.EOF
	}
	n := copy(p, m.chunk)
	m.chunk = m.chunk[n:]
	return n, nil
}

// next skips the rest of the current message and reports whether another
// message of at least one byte follows. After false, m.err holds the read
// error, if any.
func (m *mboxReader) next() bool {
	for {
		for !m.end {
			m.chunk = nil
			m.fill()
		}
		m.chunk = nil
		for m.skipLine && !m.eof {
			_, err := m.br.ReadSlice('\n')
			if err != bufio.ErrBufferFull {
				m.skipLine, m.lineStart = false, true
				if err != nil {
					m.eof = true
					if err != io.EOF {
						m.err = err
					}
				}
			}
		}
		if m.eof || m.err != nil {
			return false
		}
		m.end = false
		m.fill()
		if len(m.chunk) > 0 {
			return true
		}
	}
}

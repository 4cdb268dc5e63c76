package suppress

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// snapshotHeader is the first line of a snapshot file.
type snapshotHeader struct {
	Version int `json:"bouncekit_suppress_snapshot"`
}

// Save writes every record of m, soft-bounce counts included, to the file
// at path as JSON lines. The write is atomic: Save writes a temporary file
// in the same directory, syncs it and renames it over path, so a crash
// leaves either the old or the new file. Save may run while m is in use;
// each shard is copied under its lock.
func (m *Memory) Save(ctx context.Context, path string) (err error) {
	m.init()
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, base+".tmp*")
	if err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(snapshotHeader{Version: 1}); err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	type item struct {
		addr  string
		scope Scope
		e     entry
	}
	var items []item
	for i := range m.shards {
		if err := ctx.Err(); err != nil {
			return err
		}
		items = items[:0]
		s := &m.shards[i]
		s.mu.Lock()
		tab := s.table.Load()
		for j := range tab.slots {
			if n := tab.slots[j].p.Load(); live(n) {
				items = append(items, item{n.addr, n.scopeOf(), m.read(n, n.state.Load())})
			}
		}
		s.mu.Unlock()
		for _, it := range items {
			rec := recordOf(m.toEntry(it.addr, it.scope, &it.e))
			if it.e.kind == kindNone {
				rec.Kind, rec.Since, rec.Until = "", time.Time{}, time.Time{}
			}
			if it.e.soft != 0 {
				rec.Soft, rec.SoftSince = int(it.e.soft), time.Unix(int64(it.e.softSince), 0).UTC()
			}
			if err := enc.Encode(rec); err != nil {
				return fmt.Errorf("suppress: save: %w", err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("suppress: save: %w", err)
	}
	return nil
}

// Load reads a file written by [Memory.Save] into m, replacing the records
// of the same address and scope, and returns how many it read. A missing
// file gives an error wrapping fs.ErrNotExist, which a program starting for
// the first time may ignore. An invalid line stops Load with an error that
// names it; the lines before it stay loaded.
func (m *Memory) Load(ctx context.Context, path string) (int, error) {
	m.init()
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("suppress: load: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), maxLine)
	n, line := 0, 0
	for sc.Scan() {
		line++
		if line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		if line == 1 {
			var h snapshotHeader
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Version != 1 {
				return 0, fmt.Errorf("suppress: load %s: not a snapshot (version 1)", path)
			}
			continue
		}
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return n, fmt.Errorf("suppress: load %s line %d: %w", path, line, err)
		}
		if err := m.load(rec); err != nil {
			return n, fmt.Errorf("suppress: load %s line %d: %w", path, line, err)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("suppress: load %s: %w", path, err)
	}
	return n, nil
}

func (m *Memory) load(rec record) error {
	e := rec.entry()
	a, err := m.prepare(e.Addr, e.Scope)
	if err != nil {
		return err
	}
	var ne entry
	if e.Kind != "" {
		if ne.kind = kindCode(e.Kind); ne.kind == kindNone {
			return fmt.Errorf("invalid kind %q", e.Kind)
		}
		ne.reason, ne.since = m.intern(e.Reason), u32(e.Since.Unix())
		if !e.Until.IsZero() {
			ne.until = max(1, u32(e.Until.Unix()))
		}
		ne.step = uint8(max(0, min(e.Step, len(m.steps)-1)))
		ne.attempts = uint32(max(0, min(e.Attempts, maxAttempts)))
	}
	if rec.Soft > 0 {
		ne.soft, ne.softSince = uint16(min(rec.Soft, 1<<16-1)), u32(rec.SoftSince.Unix())
	}
	if ne.kind == kindNone && ne.soft == 0 {
		return errors.New("empty record")
	}
	h, s := m.locate(a)
	s.lock()
	sl, nd := s.table.Load().find(h, e.Scope, a)
	if nd != nil {
		nd.freeze()
	}
	m.commit(s, sl, nd, h, e.Scope, a, &ne, 0)
	s.unlock()
	return nil
}

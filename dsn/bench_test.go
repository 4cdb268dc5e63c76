package dsn

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
)

// benchMessages loads the messages for the benchmarks: the measurement
// corpus when ../../shared/corpus is present (it is not part of the
// repository), else the project's testdata.
func benchMessages(b *testing.B) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "maildir", "*.eml"))
	if len(files) == 0 {
		files = testdataFiles(b)
	}
	msgs := make([][]byte, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, data)
	}
	return msgs
}

// meanSize returns the mean size of msgs in bytes.
func meanSize(msgs [][]byte) int64 {
	var total int64
	for _, m := range msgs {
		total += int64(len(m))
	}
	return total / int64(len(msgs))
}

// totalAlloc returns the bytes allocated by the program so far.
func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// reportAllocRatio reports the bytes allocated per message since alloc as
// a multiple of the mean message size ("alloc-x"), the figure the goal of
// at most 2x is about. Call it with the timer stopped.
func reportAllocRatio(b *testing.B, mean int64, alloc uint64) {
	if b.N > 0 && mean > 0 {
		b.ReportMetric(float64(totalAlloc()-alloc)/float64(b.N)/float64(mean), "alloc-x")
	}
}

// BenchmarkParse parses the messages in turn, one per iteration, and
// reports messages per second; bytes per operation is then bytes
// allocated per message, and MB/s the rate of mail read.
func BenchmarkParse(b *testing.B) {
	msgs := benchMessages(b)
	mean := meanSize(msgs)
	b.SetBytes(mean)
	b.ReportAllocs()
	alloc := totalAlloc()
	b.ResetTimer()
	cpu := processCPU()
	r := bytes.NewReader(nil)
	for i := 0; i < b.N; i++ {
		r.Reset(msgs[i%len(msgs)])
		if _, err := Parse(r); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	reportCPU(b, cpu)
	reportAllocRatio(b, mean, alloc)
}

// reportCPU reports the messages parsed per second of process CPU time
// since cpu (with -cpu 1, the work of one core, garbage collection
// included), which a loaded machine does not distort as it does msgs/s.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu == 0 {
		return
	}
	if d := processCPU() - cpu; d > 0 {
		b.ReportMetric(float64(b.N)/d.Seconds(), "msgs/cpu-s")
	}
}

// BenchmarkParseParallel is BenchmarkParse on all GOMAXPROCS (run it with
// -cpu 1,2).
func BenchmarkParseParallel(b *testing.B) {
	msgs := benchMessages(b)
	mean := meanSize(msgs)
	b.SetBytes(mean)
	b.ReportAllocs()
	alloc := totalAlloc()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := bytes.NewReader(nil)
		i := 0
		for pb.Next() {
			r.Reset(msgs[i%len(msgs)])
			i++
			if _, err := Parse(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	reportAllocRatio(b, mean, alloc)
}

// BenchmarkParseWalk runs only the MIME walk of Parse (the header read and
// go-message's multipart reader over the parts a report needs, with the
// parts read and decoded), without the analysis. BenchmarkParseFloor
// measures go-message's share of it.
func BenchmarkParseWalk(b *testing.B) {
	msgs := benchMessages(b)
	mean := meanSize(msgs)
	b.SetBytes(mean)
	b.ReportAllocs()
	alloc := totalAlloc()
	b.ResetTimer()
	cpu := processCPU()
	r := bytes.NewReader(nil)
	p := &Parser{}
	for i := 0; i < b.N; i++ {
		r.Reset(msgs[i%len(msgs)])
		sc := scratchPool.Get().(*scratch)
		base := sc.b[:0]
		lr := &sc.lr
		*lr = lineReader{r: r, n: DefaultMaxBytes}
		h, err := readRawHeader(lr, DefaultMaxHeaderBytes, base)
		if err != nil {
			b.Fatal(err)
		}
		s := &sc.st
		p.initState(s, h)
		s.lr, s.qp, s.mender = lr, sc.qp, sc.mender
		s.walk(&h, lr, 0)
		sc.qp = s.qp
		sc.reuse(base, lr.spare, s.text)
		sc.clear()
		scratchPool.Put(sc)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	reportCPU(b, cpu)
	reportAllocRatio(b, mean, alloc)
}

// BenchmarkParseFloor measures go-message alone: for each multipart mail,
// textproto.NewMultipartReader over its body and NextPart up to the part
// Parse stops after (the returned message), reading no part and no nested
// multipart. The header, the boundary and the body are found before the
// timer starts. Its bytes per operation are a lower bound that no walk
// through go-message's multipart API can go under on these mails.
func BenchmarkParseFloor(b *testing.B) {
	msgs := benchMessages(b)
	type mail struct {
		boundary string
		body     []byte
	}
	mails := make([]mail, len(msgs))
	for i, m := range msgs {
		m = bytes.ReplaceAll(m, []byte("\r\n"), []byte("\n"))
		end := bytes.Index(m, []byte("\n\n"))
		if end < 0 {
			continue
		}
		h := rawHeader(m[:end+1])
		if mediaType(h)[:min(len(mediaType(h)), 10)] != "multipart/" {
			continue
		}
		mails[i] = mail{contentParams(h)["boundary"], m[end+2:]}
	}
	mean := meanSize(msgs)
	b.SetBytes(mean)
	b.ReportAllocs()
	alloc := totalAlloc()
	b.ResetTimer()
	r := bytes.NewReader(nil)
	for i := 0; i < b.N; i++ {
		m := mails[i%len(mails)]
		if m.boundary == "" {
			continue
		}
		r.Reset(m.body)
		mr := textproto.NewMultipartReader(r, m.boundary)
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			mt := mediaType(&message.Header{Header: part.Header})
			if strings.HasPrefix(mt, "message/") && !strings.HasSuffix(mt, "delivery-status") && mt != "message/feedback-report" ||
				strings.HasSuffix(mt, "rfc822-headers") {
				break
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	reportAllocRatio(b, mean, alloc)
}

package dsn

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the measurement corpus (shared/corpus, beside the
// repository), which is not part of the repository: tests that read it
// skip when it is absent, and assert nothing about its labels.
const corpusDir = "../../shared/corpus"

// corpusMails returns the paths of the corpus's maildir mails, or skips
// the test when the corpus is absent.
func corpusMails(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "maildir", "*.eml"))
	if len(files) == 0 {
		t.Skip("no corpus at " + corpusDir)
	}
	return files
}

// TestCorpusLineEnds parses every mail of the corpus as it is and with
// CR-only line ends, and checks that both give the same report: every
// recipient found, the same fields and decisions. It compares the two
// results only; the corpus's labels are for the scorer.
func TestCorpusLineEnds(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	differ := 0
	for _, file := range corpusMails(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := Parse(bytes.NewReader(data))
		got, gerr := Parse(bytes.NewReader(withLineEnds(data, "\r")))
		if (werr == nil) != (gerr == nil) {
			t.Errorf("Parse(%s with CR line ends) error = %v, want %v", filepath.Base(file), gerr, werr)
			continue
		}
		if werr != nil {
			continue
		}
		if w, g := reportJSON(want), reportJSON(got); w != g {
			differ++
			t.Errorf("Parse(%s with CR line ends) =\n%s\nwant\n%s", filepath.Base(file), g, w)
		}
	}
	t.Logf("CR-only copies that differ from their original: %d", differ)
}

package bouncekit_test

import (
	"bufio"
	"encoding/json"
	"go/version"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The go line of go.mod is the lowest the module can state: the highest go
// line among the modules of its build list, which the go command enforces
// as a floor. A higher one forces every importer's toolchain up for
// nothing. (The code's own needs, sync.WaitGroup.Go of Go 1.25 in
// suppresstest among them, are below that floor.)
func TestGoLine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	f, err := os.Open("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stated string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go "); ok {
			stated = strings.TrimSpace(v)
		}
	}
	if stated == "" {
		t.Fatal("go.mod has no go line")
	}
	out, err := exec.Command("go", "list", "-m", "-json", "all").Output()
	if err != nil {
		t.Fatalf("go list -m -json all: %v", err)
	}
	floor, from := "go1", ""
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var m struct {
			Path      string
			Main      bool
			GoVersion string
		}
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if m.Main || m.GoVersion == "" {
			continue
		}
		if v := "go" + m.GoVersion; version.Compare(v, floor) > 0 {
			floor, from = v, m.Path
		}
	}
	if got := "go" + stated; version.Compare(got, floor) != 0 {
		t.Errorf("go.mod says go %s, want go %s: the highest go line of the dependencies (%s)", stated, strings.TrimPrefix(floor, "go"), from)
	}
}

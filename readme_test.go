package bouncekit_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every ```go block of README.md compiles as written: each is put in a
// package of its own ("package snippet" is added unless the block has a
// package clause) in a scratch module that requires this one, and vetted.
// A block therefore carries its imports and declares what it uses.
func TestREADMESnippets(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the snippets")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("no go block in README.md")
	}
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	// The scratch module takes this module's requirements, so that the
	// snippets build with the same versions and no download.
	_, reqs, _ := strings.Cut(string(gomod), "\nrequire")
	dir := t.TempDir()
	mod := fmt.Sprintf("module snippets\n\ngo 1.26.0\n\nrequire github.com/bouncekit/bouncekit v0.0.0\n\nreplace github.com/bouncekit/bouncekit => %s\n\nrequire%s", repo, reqs)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		src := b[1]
		if !strings.HasPrefix(strings.TrimSpace(src), "package ") {
			src = "package snippet\n\n" + src
		}
		sub := filepath.Join(dir, fmt.Sprintf("s%d", i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "snippet.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("README.md go blocks (s<N> is the Nth, from 0) do not build: %v\n%s", err, out)
	}
}

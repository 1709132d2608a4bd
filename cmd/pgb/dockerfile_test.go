package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dockerInstr is one instruction of a Dockerfile: its keyword and the
// rest of its line, continuation lines joined.
type dockerInstr struct {
	Cmd, Args string
}

// parseDockerfile reads the instructions of a Dockerfile: comments and
// blank lines dropped, lines ending in a backslash joined with the next.
func parseDockerfile(data []byte) []dockerInstr {
	var out []dockerInstr
	var cur strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if strings.HasPrefix(line, "#") { // a comment inside a continued instruction
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(more + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, dockerInstr{strings.ToUpper(cmd), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

// execForm reads the JSON-like exec form of ENTRYPOINT, CMD and
// HEALTHCHECK's CMD: ["a", "b"].
func execForm(t *testing.T, s string) []string {
	t.Helper()
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		t.Fatalf("not in exec form: %s", s)
	}
	var out []string
	for _, f := range strings.Split(strings.Trim(s, "[]"), ",") {
		v, err := strconv.Unquote(strings.TrimSpace(f))
		if err != nil {
			t.Fatalf("exec form %s: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

// TestDockerfileImageRuns does what deploy/Dockerfile says, without a
// container engine (there is none on the test machines, nor a registry for
// its base images): its build stage's RUN builds the binary, which must be
// static (the final stage, distroless/static, has no C library); the
// files its final stage COPYs make a root filesystem that belongs to root
// and that the image's USER cannot write, but for the VOLUME; the
// ENTRYPOINT and CMD with the image's ENV run there (chroot) as that USER;
// and the HEALTHCHECK's command, run the same way, answers healthy.
func TestDockerfileImageRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	instrs := parseDockerfile(data)
	// The stages: the build stage's RUN and ARGs, the final stage's COPY,
	// USER, ENV, VOLUME, HEALTHCHECK, ENTRYPOINT and CMD.
	var stages [][]dockerInstr
	for _, in := range instrs {
		if in.Cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("%s before FROM", in.Cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	if len(stages) != 2 {
		t.Fatalf("%d stages, want a build stage and the image", len(stages))
	}
	if from := stages[1][0].Args; !strings.Contains(from, "distroless/static") || !strings.Contains(from, "nonroot") {
		t.Errorf("the image is FROM %s, want distroless/static as non-root", from)
	}

	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	env := append(os.Environ(), "VERSION=dockerfile-test")
	var built bool
	for _, in := range stages[0] {
		if in.Cmd != "RUN" || !strings.Contains(in.Args, "go build") {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		cmd := exec.CommandContext(ctx, "sh", "-c", strings.ReplaceAll(in.Args, "/out", out))
		cmd.Dir, cmd.Env = filepath.Join("..", ".."), env
		b, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("RUN %s: %v\n%s", in.Args, err, b)
		}
		built = true
	}
	if !built {
		t.Fatal("no RUN with go build in the build stage")
	}
	bin := filepath.Join(out, "pgb")
	assertStatic(t, bin)
	if b, err := exec.Command(bin, "version").CombinedOutput(); err != nil || !strings.Contains(string(b), "dockerfile-test") {
		t.Errorf("pgb version: %v %s, want the VERSION given to the build", err, b)
	}

	if os.Geteuid() != 0 {
		t.Skip("running the image's command as its USER in a chroot needs root")
	}
	// The root filesystem: what the image COPYs from the build stage.
	root := filepath.Join(tmp, "root")
	var user [2]int
	var imageEnv []string
	var volume, entry, cmdArgs, health []string
	for _, in := range stages[1] {
		switch in.Cmd {
		case "COPY":
			f := strings.Fields(in.Args)
			var owner string
			var paths []string
			for _, x := range f {
				switch {
				case strings.HasPrefix(x, "--from="):
				case strings.HasPrefix(x, "--chown="):
					owner = strings.TrimPrefix(x, "--chown=")
				default:
					paths = append(paths, x)
				}
			}
			if len(paths) != 2 || !strings.HasPrefix(paths[0], "/out/") {
				t.Fatalf("COPY %s: want one file or folder of the build stage's /out", in.Args)
			}
			copyInto(t, filepath.Join(out, strings.TrimPrefix(paths[0], "/out/")), filepath.Join(root, paths[1]), owner)
		case "USER":
			if _, err := fmt.Sscanf(in.Args, "%d:%d", &user[0], &user[1]); err != nil || user[0] == 0 {
				t.Fatalf("USER %s: want a numeric user:group, not root", in.Args)
			}
		case "ENV":
			imageEnv = append(imageEnv, strings.Fields(in.Args)...)
		case "VOLUME":
			volume = execForm(t, in.Args)
		case "HEALTHCHECK":
			_, c, ok := strings.Cut(in.Args, " CMD ")
			if !ok {
				t.Fatalf("HEALTHCHECK %s: no CMD", in.Args)
			}
			health = execForm(t, c)
		case "ENTRYPOINT":
			entry = execForm(t, in.Args)
		case "CMD":
			cmdArgs = execForm(t, in.Args)
		}
	}
	if user[0] == 0 || len(volume) != 1 || len(entry) == 0 || len(health) == 0 {
		t.Fatalf("the image lacks a USER (%v), one VOLUME (%v), an ENTRYPOINT (%v) or a HEALTHCHECK (%v)", user, volume, entry, health)
	}
	if err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || strings.HasPrefix(p, filepath.Join(root, volume[0])) {
			return err
		}
		return os.Chmod(p, fi.Mode().Perm()&^0o022) // root's, and nobody else may write
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // t.TempDir is root's alone: the USER must reach its binary
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, volume[0])); err != nil || fi.Sys().(*syscall.Stat_t).Uid != uint32(user[0]) {
		t.Fatalf("the VOLUME %s is not the USER's in the image: %v", volume[0], err)
	}

	// The image's ENV, with the address on a free port of this machine (on
	// every interface, as in the image; the health check asks 127.0.0.1) and
	// the database (SQLite, and its data key beside it) on the volume.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)
	runEnv := append(imageEnv, "PGB_ADDR=0.0.0.0:"+port, "PGB_DATABASE="+filepath.Join(volume[0], "pgb.db"))
	inImage := func(ctx context.Context, args []string) *exec.Cmd {
		c := exec.CommandContext(ctx, args[0], args[1:]...)
		c.Env, c.Dir = runEnv, "/"
		c.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: uint32(user[0]), Gid: uint32(user[1])}}
		return c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var logs bytes.Buffer
	srv := inImage(ctx, append(entry, cmdArgs...))
	srv.Stdout, srv.Stderr = &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatalf("%v in the image: %v", append(entry, cmdArgs...), err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	healthy := false
	var last []byte
	for deadline := time.Now().Add(time.Minute); !healthy && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("pgb serve in the image stopped: %v\n%s", err, logs.String())
		default:
		}
		last, err = inImage(ctx, health).CombinedOutput()
		healthy = err == nil
	}
	if !healthy {
		t.Fatalf("HEALTHCHECK %v not healthy within a minute: %s\nserve's log:\n%s", health, last, logs.String())
	}
	res, err := http.Get("http://" + addr + "/inloggen")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /inloggen of the image's server: %s", res.Status)
	}
	// It wrote on the volume only: the database and its key are there.
	if _, err := os.Stat(filepath.Join(root, volume[0], "pgb.db")); err != nil {
		t.Errorf("no database on the volume: %v", err)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := <-exited; err != nil {
		t.Errorf("pgb serve in the image, stopped by SIGTERM: %v\n%s", err, logs.String())
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("errors logged by pgb serve in the image:\n%s", logs.String())
	}
}

// assertStatic fails unless the ELF file at path is statically linked:
// no interpreter and no shared libraries needed.
func assertStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s has an interpreter: it is not static", path)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v: it is not static", path, libs)
	}
}

// copyInto copies the file or folder src to dst (folders made as needed,
// root's), owned by owner ("uid:gid") when given.
func copyInto(t *testing.T, src, dst, owner string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else {
		var b []byte
		if b, err = os.ReadFile(src); err == nil {
			err = os.WriteFile(dst, b, 0o755)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if owner != "" {
		var uid, gid int
		if _, err := fmt.Sscanf(owner, "%d:%d", &uid, &gid); err != nil {
			t.Fatalf("--chown=%s: want numeric", owner)
		}
		if err := os.Chown(dst, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
}

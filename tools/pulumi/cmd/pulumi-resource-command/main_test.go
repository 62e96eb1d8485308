package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"fabricnetwork/pulumi-tools/internal/rpc"
)

func props(m map[string]interface{}) rpc.Props { return resource.NewPropertyMapFromMap(m) }

var ctx = context.Background()

func TestReplaceOnChange(t *testing.T) {
	withUpdate := props(map[string]interface{}{"create": "c", "update": "u"})
	createOnly := props(map[string]interface{}{"create": "c"})
	cases := []struct {
		key  string
		news rpc.Props
		want bool
	}{
		{"triggers", withUpdate, true},
		{"environment", withUpdate, false},
		{"create", withUpdate, false},
		{"environment", createOnly, true},
		{"stdin", createOnly, true},
	}
	for _, c := range cases {
		if got := (localCommand{}).ReplaceOnChange(c.key, c.news); got != c.want {
			t.Errorf("ReplaceOnChange(%s, update=%q) = %v, want %v", c.key, rpc.Str(c.news, "update", ""), got, c.want)
		}
	}
	if (localCommand{}).DeleteBeforeReplace() {
		t.Error("a command's replacement runs before the old one's delete, as the published provider does")
	}
}

func TestTailKeepsTheLastLinesAndCountsTheRest(t *testing.T) {
	if got := tail("a\nb\nc\nd\n", 2); got != "... (2 lines before)\nc\nd" {
		t.Fatalf("tail = %q", got)
	}
	if got := tail("a\nb\n", 5); got != "a\nb" {
		t.Fatalf("tail = %q", got)
	}
}

func TestCommandAssembly(t *testing.T) {
	in := props(map[string]interface{}{
		"interpreter": []interface{}{"/bin/bash", "-e", "-c"},
		"dir":         "/tmp",
		"stdin":       "input",
		"environment": map[string]interface{}{"B": "2", "A": "1", "N": 3},
	})
	env := in["environment"].ObjectValue()
	env["S"] = resource.MakeSecret(resource.NewStringProperty("s"))
	env["U"] = resource.MakeComputed(resource.NewStringProperty(""))
	cmd := command(ctx, "echo hi", in, "X=extra")
	if !reflect.DeepEqual(cmd.Args, []string{"/bin/bash", "-e", "-c", "echo hi"}) || cmd.Dir != "/tmp" {
		t.Fatalf("args %q, dir %q", cmd.Args, cmd.Dir)
	}
	n := len(os.Environ())
	if !reflect.DeepEqual(cmd.Env[:n], os.Environ()) {
		t.Fatal("the plugin's own environment comes first")
	}
	if got, want := cmd.Env[n:], []string{"A=1", "B=2", "S=s", "X=extra"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("added env %q, want %q (keys in order, secrets unwrapped, non-strings and unknowns left out, extra last)", got, want)
	}

	plain := command(ctx, "true", props(map[string]interface{}{}))
	if !reflect.DeepEqual(plain.Args, []string{"/bin/sh", "-c", "true"}) || plain.Dir != "" || len(plain.Env) != n {
		t.Fatalf("defaults: args %q, dir %q, %d env entries", plain.Args, plain.Dir, len(plain.Env))
	}
}

func TestRunReturnsBothOutputsAndAFailureWithTheirTails(t *testing.T) {
	in := props(map[string]interface{}{"stdin": "from stdin", "environment": map[string]interface{}{"WHO": "me"}})
	stdout, stderr, err := run(ctx, `echo "$WHO $(cat)"; echo warn >&2`, in)
	if err != nil || stdout != "me from stdin" || stderr != "warn" {
		t.Fatalf("run = %q, %q, %v", stdout, stderr, err)
	}
	_, _, err = run(ctx, "echo partial; echo bad >&2; exit 3", props(map[string]interface{}{}))
	want := "exit status 3: running \"echo partial; echo bad >&2; exit 3\":\nStdout:\npartial\nStderr:\nbad"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

func TestCreate(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	news := props(map[string]interface{}{"create": "touch " + marker + "; echo made"})
	id, state, err := (localCommand{}).Create(ctx, news, true)
	if err != nil || id != "" || !state["stdout"].IsComputed() || !state["stderr"].IsComputed() {
		t.Fatalf("preview: id %q, state %v, err %v", id, state, err)
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatal("a preview ran the script")
	}
	id, state, err = (localCommand{}).Create(ctx, news, false)
	if err != nil || len(id) != 16 || rpc.Str(state, "stdout", "?") != "made" || rpc.Str(state, "create", "") == "" {
		t.Fatalf("create: id %q, state %v, err %v", id, state, err)
	}
	_, state, err = (localCommand{}).Create(ctx, props(map[string]interface{}{}), false)
	if err != nil || rpc.Str(state, "stdout", "?") != "" || rpc.Str(state, "stderr", "?") != "" {
		t.Fatalf("no create script: %v, %v", state, err)
	}
	if _, _, err := (localCommand{}).Create(ctx, props(map[string]interface{}{"create": "exit 1"}), false); err == nil {
		t.Fatal("a failing create script must fail the create")
	}
}

func TestUpdateRunsUpdateElseCreateWithThePreviousOutputs(t *testing.T) {
	olds := props(map[string]interface{}{"stdout": "old out", "stderr": "old err"})
	state, err := (localCommand{}).Update(ctx, "id", olds, props(map[string]interface{}{
		"create": "echo create", "update": `echo "update after $PULUMI_COMMAND_STDOUT / $PULUMI_COMMAND_STDERR"`,
	}), false)
	if err != nil || rpc.Str(state, "stdout", "") != "update after old out / old err" {
		t.Fatalf("update: %v, %v", state, err)
	}
	state, err = (localCommand{}).Update(ctx, "id", olds, props(map[string]interface{}{"create": "echo create"}), false)
	if err != nil || rpc.Str(state, "stdout", "") != "create" {
		t.Fatalf("create as update: %v, %v", state, err)
	}
	state, err = (localCommand{}).Update(ctx, "id", olds, props(map[string]interface{}{"triggers": []interface{}{"x"}}), false)
	if err != nil || rpc.Str(state, "stdout", "") != "old out" || rpc.Str(state, "stderr", "") != "old err" {
		t.Fatalf("no script: %v, %v", state, err)
	}
	state, err = (localCommand{}).Update(ctx, "id", olds, props(map[string]interface{}{"update": "exit 9"}), true)
	if err != nil || !state["stdout"].IsComputed() {
		t.Fatalf("preview: %v, %v", state, err)
	}
}

func TestDeleteRunsTheDeleteScriptWithTheLastOutputs(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	state := props(map[string]interface{}{"stdout": "was", "delete": `echo "deleted $PULUMI_COMMAND_STDOUT" > ` + log})
	if err := (localCommand{}).Delete(ctx, "id", state); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != "deleted was" {
		t.Fatalf("log = %q", b)
	}
	if err := (localCommand{}).Delete(ctx, "id", props(map[string]interface{}{})); err != nil {
		t.Fatalf("no delete script: %v", err)
	}
	if err := (localCommand{}).Delete(ctx, "id", props(map[string]interface{}{"delete": "exit 2"})); err == nil {
		t.Fatal("a failing delete script must fail the delete")
	}
}

// pulumi-resource-command: `command:local:Command` over Pulumi's provider protocol, with the inputs
// and outputs of @pulumi/command 1.x (interpreter, dir, environment, stdin, create, update, delete,
// triggers; stdout, stderr). Built by scripts/setup-pulumi.sh where the published plugin cannot be had.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/resource/provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"fabricnetwork/pulumi-tools/internal/rpc"
)

// version is set at build time to the @pulumi/command version in package.json.
var version = "1.2.1"

type localCommand struct{}

// Without an update script every change replaces the command, as the published provider does; triggers always do.
func (localCommand) ReplaceOnChange(key string, news rpc.Props) bool {
	return key == "triggers" || rpc.Str(news, "update", "") == ""
}

func (localCommand) DeleteBeforeReplace() bool { return false }

// tail keeps the last n lines of s (a command's output, say) for an error message.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// command is the process that runs a script: the interpreter (default `/bin/sh -c`) with the script as its
// last argument, in `dir`, with this process's environment, then `environment`'s entries (secrets
// unwrapped; entries not known as strings left out) in key order, then extraEnv; `stdin` on its input.
func command(ctx context.Context, script string, in rpc.Props, extraEnv ...string) *exec.Cmd {
	interpreter := rpc.Strs(in, "interpreter")
	if len(interpreter) == 0 {
		interpreter = []string{"/bin/sh", "-c"}
	}
	cmd := exec.CommandContext(ctx, interpreter[0], append(interpreter[1:], script)...)
	cmd.Dir = rpc.Str(in, "dir", "")
	cmd.Env = os.Environ()
	if env := rpc.Object(in, "environment"); env != nil {
		for _, k := range env.StableKeys() {
			v := env[k]
			if v.IsSecret() {
				v = v.SecretValue().Element
			}
			if v.IsString() {
				cmd.Env = append(cmd.Env, string(k)+"="+v.StringValue())
			}
		}
	}
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stdin = strings.NewReader(rpc.Str(in, "stdin", ""))
	return cmd
}

// run runs a script (see command) and returns its stdout and stderr without their last newline; a failure
// names the script's first lines and the last lines of both outputs.
func run(ctx context.Context, script string, in rpc.Props, extraEnv ...string) (string, string, error) {
	cmd := command(ctx, script, in, extraEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%w: running %q:\nStdout:\n%s\nStderr:\n%s", err, tail(script, 5), tail(stdout.String(), 40), tail(stderr.String(), 40))
	}
	return strings.TrimSuffix(stdout.String(), "\n"), strings.TrimSuffix(stderr.String(), "\n"), err
}

func withOutputs(news rpc.Props, stdout, stderr resource.PropertyValue) rpc.Props {
	return rpc.Merge(news, rpc.Props{"stdout": stdout, "stderr": stderr})
}

func (localCommand) Create(ctx context.Context, news rpc.Props, preview bool) (string, rpc.Props, error) {
	if preview {
		return "", withOutputs(news, rpc.Computed(), rpc.Computed()), nil
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	script := rpc.Str(news, "create", "")
	if script == "" {
		return id, withOutputs(news, resource.NewStringProperty(""), resource.NewStringProperty("")), nil
	}
	stdout, stderr, err := run(ctx, script, news)
	if err != nil {
		return "", nil, err
	}
	return id, withOutputs(news, resource.NewStringProperty(stdout), resource.NewStringProperty(stderr)), nil
}

// Read keeps the recorded state: a command's effects cannot be read back.
func (localCommand) Read(_ context.Context, id string, state rpc.Props) (string, rpc.Props, error) {
	return id, state, nil
}

func (localCommand) Update(ctx context.Context, _ string, olds, news rpc.Props, preview bool) (rpc.Props, error) {
	if preview {
		return withOutputs(news, rpc.Computed(), rpc.Computed()), nil
	}
	script := rpc.Str(news, "update", rpc.Str(news, "create", ""))
	if script == "" {
		return withOutputs(news, olds["stdout"], olds["stderr"]), nil
	}
	stdout, stderr, err := run(ctx, script, news, "PULUMI_COMMAND_STDOUT="+rpc.Str(olds, "stdout", ""), "PULUMI_COMMAND_STDERR="+rpc.Str(olds, "stderr", ""))
	if err != nil {
		return nil, err
	}
	return withOutputs(news, resource.NewStringProperty(stdout), resource.NewStringProperty(stderr)), nil
}

func (localCommand) Delete(ctx context.Context, _ string, state rpc.Props) error {
	script := rpc.Str(state, "delete", "")
	if script == "" {
		return nil
	}
	_, _, err := run(ctx, script, state, "PULUMI_COMMAND_STDOUT="+rpc.Str(state, "stdout", ""), "PULUMI_COMMAND_STDERR="+rpc.Str(state, "stderr", ""))
	return err
}

func main() {
	err := provider.Main("command", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &rpc.Server{Name: "command", Version: version, Resources: map[string]rpc.Resource{"command:local:Command": localCommand{}}}, nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

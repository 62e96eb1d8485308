package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"fabricnetwork/pulumi-tools/internal/rpc"
)

type container struct {
	replaceAll
	e *engine
}

type portBinding struct{ HostIp, HostPort string }

// createBody is the Engine API's container-create request, from the @pulumi/docker inputs.
func createBody(news rpc.Props) (map[string]any, []rpc.Props) {
	binds := []string{}
	for _, v := range rpc.Objects(news, "volumes") {
		src := rpc.Str(v, "volumeName", rpc.Str(v, "hostPath", ""))
		bind := src + ":" + rpc.Str(v, "containerPath", "")
		if rpc.Bool(v, "readOnly", false) {
			bind += ":ro"
		}
		binds = append(binds, bind)
	}
	exposed := map[string]struct{}{}
	bindings := map[string][]portBinding{}
	for _, p := range rpc.Objects(news, "ports") {
		key := fmt.Sprintf("%d/%s", int(rpc.Num(p, "internal", 0)), rpc.Str(p, "protocol", "tcp"))
		exposed[key] = struct{}{}
		host := ""
		if ext := rpc.Num(p, "external", 0); ext > 0 {
			host = fmt.Sprint(int(ext))
		}
		bindings[key] = append(bindings[key], portBinding{HostIp: rpc.Str(p, "ip", "0.0.0.0"), HostPort: host})
	}
	networks := rpc.Objects(news, "networksAdvanced")
	endpoints := map[string]any{}
	mode := "default"
	if len(networks) > 0 {
		mode = rpc.Str(networks[0], "name", "")
		endpoints[mode] = map[string]any{"Aliases": rpc.Strs(networks[0], "aliases")}
	}
	body := map[string]any{
		"Hostname":     rpc.Str(news, "hostname", ""),
		"Image":        rpc.Str(news, "image", ""),
		"Env":          rpc.Strs(news, "envs"),
		"Labels":       labelMap(news),
		"ExposedPorts": exposed,
		"HostConfig": map[string]any{
			"Binds":         binds,
			"PortBindings":  bindings,
			"NetworkMode":   mode,
			"RestartPolicy": map[string]any{"Name": rpc.Str(news, "restart", "no")},
		},
		"NetworkingConfig": map[string]any{"EndpointsConfig": endpoints},
	}
	if cmd := rpc.Strs(news, "command"); len(cmd) > 0 {
		body["Cmd"] = cmd
	}
	if hc := rpc.Object(news, "healthcheck"); hc != nil {
		body["Healthcheck"] = map[string]any{
			"Test":        rpc.Strs(hc, "tests"),
			"Interval":    nanos(hc, "interval"),
			"Timeout":     nanos(hc, "timeout"),
			"StartPeriod": nanos(hc, "startPeriod"),
			"Retries":     int(rpc.Num(hc, "retries", 0)),
		}
	}
	var more []rpc.Props
	if len(networks) > 1 {
		more = networks[1:]
	}
	return body, more
}

type inspected struct {
	ID    string `json:"Id"`
	State struct {
		Status   string
		Running  bool
		ExitCode int
		Health   *struct{ Status string }
	}
	NetworkSettings struct {
		Ports map[string][]portBinding
	}
}

func (c container) inspect(ctx context.Context, id string) (inspected, error) {
	var info inspected
	err := c.e.call(ctx, "GET", "/containers/"+id+"/json", nil, nil, &info)
	return info, err
}

// waitReady polls until the container is healthy (or running, without a healthcheck), for at most `timeout`.
func (c container) waitReady(ctx context.Context, id string, timeout time.Duration) (string, bool) {
	deadline := time.Now().Add(timeout)
	state := ""
	for {
		info, err := c.inspect(ctx, id)
		switch {
		case err != nil:
			state = err.Error()
		case info.State.Health != nil:
			state = "health " + info.State.Health.Status
			if info.State.Health.Status == "healthy" {
				return state, true
			}
			if info.State.Health.Status == "unhealthy" {
				return state, false
			}
		case info.State.Running:
			return "running", true
		default:
			state = fmt.Sprintf("%s (exit code %d)", info.State.Status, info.State.ExitCode)
		}
		if time.Now().After(deadline) {
			return state, false
		}
		select {
		case <-ctx.Done():
			return "cancelled", false
		case <-time.After(time.Second):
		}
	}
}

// withPorts records the host ports Docker chose for the published ports.
func withPorts(news rpc.Props, info inspected) rpc.Props {
	ports := rpc.Objects(news, "ports")
	if len(ports) == 0 {
		return news
	}
	var out []resource.PropertyValue
	for _, p := range ports {
		q := p.Copy()
		key := fmt.Sprintf("%d/%s", int(rpc.Num(p, "internal", 0)), rpc.Str(p, "protocol", "tcp"))
		if b := info.NetworkSettings.Ports[key]; len(b) > 0 {
			var ext float64
			fmt.Sscan(b[0].HostPort, &ext)
			q["external"] = resource.NewNumberProperty(ext)
		}
		out = append(out, resource.NewObjectProperty(q))
	}
	return rpc.Merge(news, rpc.Props{"ports": resource.NewArrayProperty(out)})
}

func (c container) Create(ctx context.Context, news rpc.Props, preview bool) (string, rpc.Props, error) {
	if preview {
		return "", news, nil
	}
	name := rpc.Str(news, "name", "")
	body, more := createBody(news)
	var created struct {
		ID string `json:"Id"`
	}
	if err := c.e.call(ctx, "POST", "/containers/create", url.Values{"name": {name}}, body, &created); err != nil {
		return "", nil, fmt.Errorf("creating container %s: %w", name, err)
	}
	fail := func(err error) (string, rpc.Props, error) {
		_ = c.remove(ctx, created.ID, 0)
		return "", nil, err
	}
	for _, n := range more {
		connect := map[string]any{"Container": created.ID, "EndpointConfig": map[string]any{"Aliases": rpc.Strs(n, "aliases")}}
		if err := c.e.call(ctx, "POST", "/networks/"+rpc.Str(n, "name", "")+"/connect", nil, connect, nil); err != nil {
			return fail(fmt.Errorf("connecting container %s to network %s: %w", name, rpc.Str(n, "name", ""), err))
		}
	}
	if err := c.e.call(ctx, "POST", "/containers/"+created.ID+"/start", nil, nil, nil); err != nil {
		return fail(fmt.Errorf("starting container %s: %w", name, err))
	}
	if rpc.Bool(news, "wait", false) {
		timeout := time.Duration(rpc.Num(news, "waitTimeout", 60)) * time.Second
		if state, ok := c.waitReady(ctx, created.ID, timeout); !ok {
			logs := strings.TrimRight(c.e.logs(ctx, created.ID, 30), "\n")
			return fail(fmt.Errorf("container %s never became ready within %s (last state: %s); it was removed so that the next `pulumi up` starts it afresh. Its last log lines:\n%s", name, timeout, state, logs))
		}
	}
	info, err := c.inspect(ctx, created.ID)
	if err != nil {
		return fail(err)
	}
	return created.ID, withPorts(news, info), nil
}

// Read: a container that is gone is recreated by the next `pulumi up`.
func (c container) Read(ctx context.Context, id string, state rpc.Props) (string, rpc.Props, error) {
	if _, err := c.inspect(ctx, id); err != nil {
		if notFound(err) {
			return "", nil, nil
		}
		return "", nil, err
	}
	return id, state, nil
}

func (c container) Update(ctx context.Context, id string, olds, news rpc.Props, preview bool) (rpc.Props, error) {
	state := rpc.Merge(olds, news)
	if p, ok := olds["ports"]; ok {
		state["ports"] = p
	}
	return state, nil
}

func (c container) remove(ctx context.Context, id string, grace int) error {
	err := c.e.call(ctx, "POST", "/containers/"+id+"/stop", url.Values{"t": {fmt.Sprint(grace)}}, nil, nil)
	if err != nil && !notFound(err) {
		if ae, ok := err.(*apiError); !ok || ae.Status != 304 {
			return err
		}
	}
	err = c.e.call(ctx, "DELETE", "/containers/"+id, url.Values{"force": {"true"}, "v": {"true"}}, nil, nil)
	if err != nil && !notFound(err) {
		return err
	}
	return nil
}

func (c container) Delete(ctx context.Context, id string, state rpc.Props) error {
	if err := c.remove(ctx, id, int(rpc.Num(state, "destroyGraceSeconds", 0))); err != nil {
		return fmt.Errorf("removing container %s: %w", rpc.Str(state, "name", id), err)
	}
	return nil
}

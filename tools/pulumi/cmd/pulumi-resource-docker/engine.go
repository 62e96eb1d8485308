package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// engine talks to the Docker Engine API on its unix socket (DOCKER_HOST=unix://… or the default).
type engine struct{ http *http.Client }

func newEngine() *engine {
	socket := "/var/run/docker.sock"
	if h := os.Getenv("DOCKER_HOST"); strings.HasPrefix(h, "unix://") {
		socket = strings.TrimPrefix(h, "unix://")
	}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", socket)
	}
	return &engine{http: &http.Client{Transport: &http.Transport{DialContext: dial}}}
}

// apiError is a non-2xx answer of the engine.
type apiError struct {
	Status  int
	Message string
}

func (e *apiError) Error() string { return fmt.Sprintf("docker engine: %d %s", e.Status, e.Message) }

func notFound(err error) bool {
	ae, ok := err.(*apiError)
	return ok && ae.Status == http.StatusNotFound
}

// call sends one request; out, when not nil, receives the JSON answer.
func (e *engine) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	u := "http://docker" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var m struct{ Message string }
		if json.Unmarshal(data, &m) != nil || m.Message == "" {
			m.Message = strings.TrimSpace(string(data))
		}
		return &apiError{Status: resp.StatusCode, Message: m.Message}
	}
	if out != nil && len(data) > 0 {
		return json.Unmarshal(data, out)
	}
	return nil
}

// logs returns the last n lines of a container's output, stdout and stderr together.
func (e *engine) logs(ctx context.Context, id string, n int) string {
	q := url.Values{"stdout": {"1"}, "stderr": {"1"}, "tail": {fmt.Sprint(n)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/containers/"+id+"/logs?"+q.Encode(), nil)
	if err != nil {
		return ""
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	// Without a TTY the stream is framed: 8-byte headers (stream, 0, 0, 0, big-endian size) before each chunk.
	var out bytes.Buffer
	for len(raw) >= 8 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0 {
		size := int(raw[4])<<24 | int(raw[5])<<16 | int(raw[6])<<8 | int(raw[7])
		if 8+size > len(raw) {
			break
		}
		out.Write(raw[8 : 8+size])
		raw = raw[8+size:]
	}
	out.Write(raw)
	return out.String()
}

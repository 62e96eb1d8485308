// pulumi-resource-docker: the Network, Volume, RemoteImage and Container resources of @pulumi/docker 5.x,
// with the inputs the fabric-network program gives them, over the Docker Engine API. Built by
// scripts/install-pulumi.sh where the published plugin cannot be had; anything else it is asked for fails
// with a message saying so.
package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/resource/provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"fabricnetwork/pulumi-tools/internal/rpc"
)

// version is set at build time to the @pulumi/docker version in package.json.
var version = "5.2.0"

func str(v string) resource.PropertyValue { return resource.NewStringProperty(v) }

func labelMap(p rpc.Props) map[string]string {
	out := map[string]string{}
	for _, l := range rpc.Objects(p, "labels") {
		out[rpc.Str(l, "label", "")] = rpc.Str(l, "value", "")
	}
	return out
}

// replaceAll: every input but the listed ones replaces the resource.
type replaceAll struct{ inPlace map[string]bool }

func (r replaceAll) ReplaceOnChange(key string, _ rpc.Props) bool { return !r.inPlace[key] }

// Names are fixed by the program, so the old one has to go before its replacement can exist.
func (replaceAll) DeleteBeforeReplace() bool { return true }

func keepState(_ context.Context, _ string, olds, news rpc.Props, _ bool) (rpc.Props, error) {
	out := olds.Copy()
	for k, v := range news {
		out[k] = v
	}
	return out, nil
}

// engineObject is a network or volume: found, kept and removed by its id under the engine's /<kind>/ path.
type engineObject struct {
	replaceAll
	e    *engine
	kind string
}

func (o engineObject) Read(ctx context.Context, id string, state rpc.Props) (string, rpc.Props, error) {
	if err := o.e.call(ctx, "GET", "/"+o.kind+"/"+id, nil, nil, nil); err != nil {
		if notFound(err) {
			return "", nil, nil
		}
		return "", nil, err
	}
	return id, state, nil
}

func (o engineObject) Update(ctx context.Context, id string, olds, news rpc.Props, preview bool) (rpc.Props, error) {
	return keepState(ctx, id, olds, news, preview)
}

func (o engineObject) Delete(ctx context.Context, id string, _ rpc.Props) error {
	if err := o.e.call(ctx, "DELETE", "/"+o.kind+"/"+id, nil, nil, nil); err != nil && !notFound(err) {
		return fmt.Errorf("removing %s %s: %w", strings.TrimSuffix(o.kind, "s"), id, err)
	}
	return nil
}

type network struct{ engineObject }

func (n network) Create(ctx context.Context, news rpc.Props, preview bool) (string, rpc.Props, error) {
	if preview {
		return "", news, nil
	}
	body := map[string]any{"Name": rpc.Str(news, "name", ""), "Driver": rpc.Str(news, "driver", "bridge"), "Labels": labelMap(news), "CheckDuplicate": true}
	var out struct {
		ID string `json:"Id"`
	}
	if err := n.e.call(ctx, "POST", "/networks/create", nil, body, &out); err != nil {
		return "", nil, fmt.Errorf("creating network %q: %w", rpc.Str(news, "name", ""), err)
	}
	return out.ID, news, nil
}

type volume struct{ engineObject }

func (v volume) Create(ctx context.Context, news rpc.Props, preview bool) (string, rpc.Props, error) {
	if preview {
		return "", rpc.Merge(news, rpc.Props{"mountpoint": rpc.Computed()}), nil
	}
	body := map[string]any{"Name": rpc.Str(news, "name", ""), "Driver": rpc.Str(news, "driver", "local"), "Labels": labelMap(news)}
	var out struct{ Name, Driver, Mountpoint string }
	if err := v.e.call(ctx, "POST", "/volumes/create", nil, body, &out); err != nil {
		return "", nil, fmt.Errorf("creating volume %q: %w", rpc.Str(news, "name", ""), err)
	}
	return out.Name, rpc.Merge(news, rpc.Props{"name": str(out.Name), "driver": str(out.Driver), "mountpoint": str(out.Mountpoint)}), nil
}

// ---- RemoteImage ----

type remoteImage struct {
	replaceAll
	e *engine
}

type imageInfo struct {
	ID          string `json:"Id"`
	RepoDigests []string
}

func (r remoteImage) inspect(ctx context.Context, name string) (imageInfo, error) {
	var info imageInfo
	err := r.e.call(ctx, "GET", "/images/"+name+"/json", nil, nil, &info)
	return info, err
}

func imageState(news rpc.Props, info imageInfo) rpc.Props {
	digest := ""
	if len(info.RepoDigests) > 0 {
		digest = info.RepoDigests[0]
	}
	return rpc.Merge(news, rpc.Props{"imageId": str(info.ID), "repoDigest": str(digest)})
}

// Create uses the image when it is present and pulls it otherwise.
func (r remoteImage) Create(ctx context.Context, news rpc.Props, preview bool) (string, rpc.Props, error) {
	name := rpc.Str(news, "name", "")
	info, err := r.inspect(ctx, name)
	if notFound(err) {
		if preview {
			return "", rpc.Merge(news, rpc.Props{"imageId": rpc.Computed(), "repoDigest": rpc.Computed()}), nil
		}
		if perr := r.e.call(ctx, "POST", "/images/create", url.Values{"fromImage": {name}}, nil, nil); perr != nil {
			return "", nil, fmt.Errorf("image %q is not present and could not be pulled (%v); where no registry is reachable, name the locally built images in the stack config (as Pulumi.dev.yaml does) and build them with `npm run images`", name, perr)
		}
		info, err = r.inspect(ctx, name)
	}
	if err != nil {
		return "", nil, fmt.Errorf("image %q: %w", name, err)
	}
	return info.ID + name, imageState(news, info), nil
}

// Read follows the tag: a rebuilt image gets a new imageId, and the containers using it are replaced.
func (r remoteImage) Read(ctx context.Context, id string, state rpc.Props) (string, rpc.Props, error) {
	name := rpc.Str(state, "name", "")
	info, err := r.inspect(ctx, name)
	if notFound(err) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	return info.ID + name, imageState(state, info), nil
}

func (r remoteImage) Update(ctx context.Context, id string, olds, news rpc.Props, preview bool) (rpc.Props, error) {
	return keepState(ctx, id, olds, news, preview)
}

func (r remoteImage) Delete(ctx context.Context, _ string, state rpc.Props) error {
	if rpc.Bool(state, "keepLocally", false) {
		return nil
	}
	q := url.Values{"force": {fmt.Sprint(rpc.Bool(state, "forceRemove", false))}}
	if err := r.e.call(ctx, "DELETE", "/images/"+rpc.Str(state, "imageId", ""), q, nil, nil); err != nil && !notFound(err) {
		return fmt.Errorf("removing image %s: %w", rpc.Str(state, "name", ""), err)
	}
	return nil
}

func main() {
	e := newEngine()
	inPlace := map[string]bool{"destroyGraceSeconds": true, "wait": true, "waitTimeout": true, "keepLocally": true, "forceRemove": true}
	base := replaceAll{inPlace: inPlace}
	resources := map[string]rpc.Resource{
		"docker:index/network:Network":         network{engineObject{base, e, "networks"}},
		"docker:index/volume:Volume":           volume{engineObject{base, e, "volumes"}},
		"docker:index/remoteImage:RemoteImage": remoteImage{base, e},
		"docker:index/container:Container":     container{base, e},
	}
	err := provider.Main("docker", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &rpc.Server{Name: "docker", Version: version, Resources: resources}, nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// nanos parses a Go-style duration input ("5s") into nanoseconds, as the engine wants it.
func nanos(p rpc.Props, key string) int64 {
	d, err := time.ParseDuration(rpc.Str(p, key, "0s"))
	if err != nil {
		return 0
	}
	return d.Nanoseconds()
}

// Package rpc serves a small set of resource types over Pulumi's resource provider protocol.
//
// The project builds its own `command` plugin with it, for machines where Pulumi's published plugin
// cannot be downloaded (the Go module proxy refuses pulumi-command's provider module). It speaks the
// tokens and property names of the npm package the program imports (@pulumi/command 1.x), for the
// resources and properties the program uses; a machine that has the published plugin uses that instead.
// (The docker plugin is Pulumi's bridge over the upstream Terraform provider: tools/pulumi-docker-bridge.)
package rpc

import (
	"context"
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Props is a resource's property map: its inputs, or its state (inputs plus outputs).
type Props = resource.PropertyMap

// Resource is one resource type: what the engine asks of it, with properties already decoded.
type Resource interface {
	// ReplaceOnChange tells whether a change of this input replaces the resource; other changes update it in place.
	ReplaceOnChange(key string, news Props) bool
	// DeleteBeforeReplace: the old resource must go before its replacement exists (a fixed name, say).
	DeleteBeforeReplace() bool
	// Create makes the resource; with preview it only says what the outputs will be.
	Create(ctx context.Context, news Props, preview bool) (id string, state Props, err error)
	// Read returns the state as it is now, or an empty id when the resource is gone.
	Read(ctx context.Context, id string, state Props) (string, Props, error)
	// Update changes the resource in place to the new inputs.
	Update(ctx context.Context, id string, olds, news Props, preview bool) (Props, error)
	// Delete removes the resource.
	Delete(ctx context.Context, id string, state Props) error
}

// Server is a plugin: its name, the version the npm package asks for, and its resource types by token.
type Server struct {
	pulumirpc.UnimplementedResourceProviderServer
	Name      string
	Version   string
	Resources map[string]Resource
}

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipNulls: true}

func decode(s *structpb.Struct) (Props, error) {
	if s == nil {
		return Props{}, nil
	}
	return plugin.UnmarshalProperties(s, opts)
}

func encode(p Props) (*structpb.Struct, error) { return plugin.MarshalProperties(p, opts) }

// lookup finds the resource type of a URN and decodes the request's property maps, in order.
func (s *Server) lookup(urn string, structs ...*structpb.Struct) (Resource, []Props, error) {
	t := string(resource.URN(urn).Type())
	r, ok := s.Resources[t]
	if !ok {
		return nil, nil, fmt.Errorf("%s %s: unknown resource type %q (this build of the plugin serves only the types the fabric-network program uses)", s.Name, s.Version, t)
	}
	props := make([]Props, len(structs))
	for i, st := range structs {
		p, err := decode(st)
		if err != nil {
			return nil, nil, err
		}
		props[i] = p
	}
	return r, props, nil
}

func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.Version}, nil
}

func (s *Server) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: fmt.Sprintf(`{"name":%q,"version":%q}`, s.Name, s.Version)}, nil
}

func (s *Server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *Server) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (s *Server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true}, nil
}

func (s *Server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if _, _, err := s.lookup(req.GetUrn()); err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// Changed lists the keys whose values differ between old and new inputs, sorted.
func Changed(olds, news Props) []string {
	keys := map[resource.PropertyKey]bool{}
	for k := range olds {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		o, n := olds[k], news[k]
		if n.ContainsUnknowns() || !o.DeepEquals(n) {
			out = append(out, string(k))
		}
	}
	sort.Strings(out)
	return out
}

// inputsOf picks the old inputs: sent by the engine, or else the inputs' keys out of the old state.
func inputsOf(oldInputs, olds, news Props) Props {
	if len(oldInputs) > 0 {
		return oldInputs
	}
	in := Props{}
	for k := range news {
		if v, ok := olds[k]; ok {
			in[k] = v
		}
	}
	return in
}

func (s *Server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	r, p, err := s.lookup(req.GetUrn(), req.GetOlds(), req.GetNews(), req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news := p[1]
	changed := Changed(inputsOf(p[2], p[0], news), news)
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	var replaces []string
	for _, k := range changed {
		if r.ReplaceOnChange(k, news) {
			replaces = append(replaces, k)
		}
	}
	return &pulumirpc.DiffResponse{
		Changes:             pulumirpc.DiffResponse_DIFF_SOME,
		Diffs:               changed,
		Replaces:            replaces,
		DeleteBeforeReplace: len(replaces) > 0 && r.DeleteBeforeReplace(),
	}, nil
}

func (s *Server) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	r, p, err := s.lookup(req.GetUrn(), req.GetProperties())
	if err != nil {
		return nil, err
	}
	id, state, err := r.Create(ctx, p[0], req.GetPreview())
	if err != nil {
		return nil, err
	}
	props, err := encode(state)
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, err
}

func (s *Server) Read(ctx context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	r, p, err := s.lookup(req.GetUrn(), req.GetProperties())
	if err != nil {
		return nil, err
	}
	id, now, err := r.Read(ctx, req.GetId(), p[0])
	if err != nil || id == "" {
		return &pulumirpc.ReadResponse{}, err
	}
	props, err := encode(now)
	return &pulumirpc.ReadResponse{Id: id, Properties: props, Inputs: req.GetInputs()}, err
}

func (s *Server) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	r, p, err := s.lookup(req.GetUrn(), req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	state, err := r.Update(ctx, req.GetId(), p[0], p[1], req.GetPreview())
	if err != nil {
		return nil, err
	}
	props, err := encode(state)
	return &pulumirpc.UpdateResponse{Properties: props}, err
}

func (s *Server) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	r, p, err := s.lookup(req.GetUrn(), req.GetProperties())
	if err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, r.Delete(ctx, req.GetId(), p[0])
}

// Merge returns a copy of a with b's entries laid over it.
func Merge(a, b Props) Props {
	out := a.Copy()
	for k, v := range b {
		out[k] = v
	}
	return out
}

// Str is a string input, or def when absent or not a known string.
func Str(p Props, key, def string) string {
	v, ok := p[resource.PropertyKey(key)]
	if ok && v.IsSecret() {
		v = v.SecretValue().Element
	}
	if ok && v.IsString() {
		return v.StringValue()
	}
	return def
}

// Strs is a list-of-strings input; elements that are not known strings are left out.
func Strs(p Props, key string) []string {
	v, ok := p[resource.PropertyKey(key)]
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// Object is an object input, or nil.
func Object(p Props, key string) Props {
	if v, ok := p[resource.PropertyKey(key)]; ok && v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

// Computed is an output whose value is known only after the resource is made.
func Computed() resource.PropertyValue { return resource.MakeComputed(resource.NewStringProperty("")) }

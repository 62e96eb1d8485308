package rpc

import (
	"context"
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

const urn = "urn:pulumi:dev::fabric-network::test:index:Thing::one"

// thing is a resource type whose answers the tests choose: `name` replaces, everything else updates.
type thing struct{ deleteFirst bool }

func (thing) ReplaceOnChange(key string, _ Props) bool { return key == "name" }
func (t thing) DeleteBeforeReplace() bool              { return t.deleteFirst }
func (thing) Create(context.Context, Props, bool) (string, Props, error) {
	return "", nil, nil
}
func (thing) Read(context.Context, string, Props) (string, Props, error) { return "", nil, nil }
func (thing) Update(context.Context, string, Props, Props, bool) (Props, error) {
	return nil, nil
}
func (thing) Delete(context.Context, string, Props) error { return nil }

func props(m map[string]interface{}) Props { return resource.NewPropertyMapFromMap(m) }

func wire(t *testing.T, p Props) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestChangedListsDifferingAndUnknownKeysSorted(t *testing.T) {
	olds := props(map[string]interface{}{"b": "x", "a": 1, "gone": true})
	news := props(map[string]interface{}{"b": "y", "a": 1, "c": []interface{}{"z"}})
	news["u"] = resource.MakeComputed(resource.NewStringProperty(""))
	if got, want := Changed(olds, news), []string{"b", "c", "gone", "u"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Changed = %v, want %v", got, want)
	}
	if got := Changed(olds, olds.Copy()); got != nil {
		t.Fatalf("Changed of equal maps = %v, want nil", got)
	}
}

func TestInputsOfPrefersTheEngineSOldInputsElseTheNewKeysOfTheOldState(t *testing.T) {
	oldInputs := props(map[string]interface{}{"create": "echo 1"})
	state := props(map[string]interface{}{"create": "echo 2", "stdout": "2"})
	news := props(map[string]interface{}{"create": "echo 3"})
	if got := inputsOf(oldInputs, state, news); !got.DeepEquals(oldInputs) {
		t.Fatalf("with old inputs: %v", got)
	}
	if got, want := inputsOf(nil, state, news), props(map[string]interface{}{"create": "echo 2"}); !got.DeepEquals(want) {
		t.Fatalf("without old inputs: %v, want %v (outputs such as stdout are not inputs)", got, want)
	}
}

func TestDiff(t *testing.T) {
	old := props(map[string]interface{}{"name": "a", "env": "x"})
	cases := []struct {
		label       string
		news        Props
		deleteFirst bool
		want        *pulumirpc.DiffResponse
	}{
		{"no change", old.Copy(), false, &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}},
		{"in place", props(map[string]interface{}{"name": "a", "env": "y"}), true,
			&pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: []string{"env"}}},
		{"replace, create first", props(map[string]interface{}{"name": "b", "env": "y"}), false,
			&pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: []string{"env", "name"}, Replaces: []string{"name"}}},
		{"replace, delete first", props(map[string]interface{}{"name": "b", "env": "x"}), true,
			&pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: []string{"name"}, Replaces: []string{"name"}, DeleteBeforeReplace: true}},
	}
	for _, c := range cases {
		s := &Server{Name: "test", Version: "1.0.0", Resources: map[string]Resource{"test:index:Thing": thing{c.deleteFirst}}}
		got, err := s.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn, Olds: wire(t, old), News: wire(t, c.news), OldInputs: wire(t, old)})
		if err != nil {
			t.Fatalf("%s: %v", c.label, err)
		}
		if got.Changes != c.want.Changes || !reflect.DeepEqual(got.Diffs, c.want.Diffs) ||
			!reflect.DeepEqual(got.Replaces, c.want.Replaces) || got.DeleteBeforeReplace != c.want.DeleteBeforeReplace {
			t.Errorf("%s: got %v, want %v", c.label, got, c.want)
		}
	}
}

func TestAnUnknownTypeIsRefusedByName(t *testing.T) {
	s := &Server{Name: "command", Version: "1.2.1", Resources: map[string]Resource{"test:index:Thing": thing{}}}
	_, err := s.Check(context.Background(), &pulumirpc.CheckRequest{Urn: "urn:pulumi:dev::p::command:remote:Command::x"})
	want := `command 1.2.1: unknown resource type "command:remote:Command" (this build of the plugin serves only the types the fabric-network program uses)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if _, err := s.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn}); err != nil {
		t.Fatalf("a served type: %v", err)
	}
}

func TestSchemaAndPluginInfoNameTheVersion(t *testing.T) {
	s := &Server{Name: "command", Version: "1.2.1"}
	schema, _ := s.GetSchema(context.Background(), nil)
	info, _ := s.GetPluginInfo(context.Background(), nil)
	if schema.Schema != `{"name":"command","version":"1.2.1"}` || info.Version != "1.2.1" {
		t.Fatalf("schema %s, info %s", schema.Schema, info.Version)
	}
}

func TestReaders(t *testing.T) {
	p := props(map[string]interface{}{"s": "v", "n": 3, "list": []interface{}{"a", 1, "b"}, "obj": map[string]interface{}{"k": "v"}})
	p["secret"] = resource.MakeSecret(resource.NewStringProperty("hidden"))
	p["unknown"] = resource.MakeComputed(resource.NewStringProperty(""))
	for key, want := range map[string]string{"s": "v", "secret": "hidden", "n": "def", "missing": "def", "unknown": "def"} {
		if got := Str(p, key, "def"); got != want {
			t.Errorf("Str(%s) = %q, want %q", key, got, want)
		}
	}
	if got := Strs(p, "list"); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Strs = %v", got)
	}
	if Strs(p, "s") != nil || Object(p, "s") != nil {
		t.Errorf("a string read as a list or an object")
	}
	if got := Object(p, "obj"); Str(got, "k", "") != "v" {
		t.Errorf("Object = %v", got)
	}
}

func TestMergeLaysBOverACopyOfA(t *testing.T) {
	a := props(map[string]interface{}{"x": "1", "y": "2"})
	got := Merge(a, props(map[string]interface{}{"y": "3"}))
	if !got.DeepEquals(props(map[string]interface{}{"x": "1", "y": "3"})) || Str(a, "y", "") != "2" {
		t.Fatalf("Merge = %v, a = %v", got, a)
	}
}

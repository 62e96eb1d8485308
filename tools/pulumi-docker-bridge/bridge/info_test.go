package bridge

import (
	"reflect"
	"sort"
	"testing"

	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"
)

func TestTheResourcesHaveTheTokensOfPulumiSDockerPackage(t *testing.T) {
	info := Provider("5.2.0")
	got := map[string]string{}
	for tf, r := range info.Resources {
		got[tf] = string(r.Tok)
	}
	want := map[string]string{
		"docker_container": "docker:index/container:Container",
		"docker_network":   "docker:index/network:Network",
		"docker_volume":    "docker:index/volume:Volume",
		"docker_image":     "docker:index/remoteImage:RemoteImage",
		"docker_service":   "docker:index/service:Service",
		"docker_secret":    "docker:index/secret:Secret",
		"docker_config":    "docker:index/serviceConfig:ServiceConfig",
	}
	if !reflect.DeepEqual(got, want) || info.Name != "docker" || info.Version != "5.2.0" || len(info.DataSources) != 0 {
		t.Fatalf("resources %v, name %s, version %s, %d data sources", got, info.Name, info.Version, len(info.DataSources))
	}
}

func TestTheContainerSListsKeepTheirNamesInPulumiSDockerPackage(t *testing.T) {
	fields := Provider("5.2.0").Resources["docker_container"].Fields
	if len(fields) != 2 || fields["command"].Name != "command" || fields["networks_advanced"].Name != "networksAdvanced" {
		t.Fatalf("container fields %v", fields)
	}
}

func TestEveryOtherUpstreamResourceAndDataSourceIsIgnored(t *testing.T) {
	info := Provider("5.2.0")
	var all []string
	info.P.ResourcesMap().Range(func(name string, _ shim.Resource) bool {
		if _, mapped := info.Resources[name]; !mapped {
			all = append(all, name)
		}
		return true
	})
	info.P.DataSourcesMap().Range(func(name string, _ shim.Resource) bool { all = append(all, name); return true })
	sort.Strings(all)
	if !reflect.DeepEqual(info.IgnoreMappings, all) {
		t.Fatalf("ignored %v, want %v", info.IgnoreMappings, all)
	}
	for _, name := range []string{"docker_registry_image", "docker_plugin", "docker_tag"} {
		if i := sort.SearchStrings(all, name); i == len(all) || all[i] != name {
			t.Errorf("%s is not among the ignored: %v", name, all)
		}
	}
}

// Package bridge describes the upstream Terraform docker provider to Pulumi's bridge: the resources
// the fabric-network program uses, under the tokens of Pulumi's docker package (@pulumi/docker), and every
// other upstream resource and data source listed as deliberately not mapped.
package bridge

import (
	"sort"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// Package is the Pulumi package name; its resource plugin is pulumi-resource-docker.
const Package = "docker"

// Resources maps the upstream resources served to their Pulumi tokens (those of @pulumi/docker).
var Resources = map[string]tokens.Type{
	"docker_container": "docker:index/container:Container",
	"docker_network":   "docker:index/network:Network",
	"docker_volume":    "docker:index/volume:Volume",
	"docker_image":     "docker:index/remoteImage:RemoteImage",
	// The swarm engine: a node as a service pinned to a swarm node, its files as secrets and configs.
	"docker_service": "docker:index/service:Service",
	"docker_secret":  "docker:index/secret:Secret",
	"docker_config":  "docker:index/serviceConfig:ServiceConfig",
}

// Names are the Pulumi names of upstream properties whose name the bridge would otherwise derive
// differently (it pluralises lists: "commands", "networksAdvanceds"): those of @pulumi/docker.
var Names = map[string]map[string]string{
	"docker_container": {"command": "command", "networks_advanced": "networksAdvanced"},
}

// Provider is the bridge's description of the upstream SDKv2 provider as plugin version `version`.
// The upstream binary also muxes in a plugin-framework provider (compose, a containers data source,
// actions); none of that is served here.
func Provider(version string) tfbridge.ProviderInfo {
	p := shimv2.NewProvider(provider.New(version)())
	resources := map[string]*tfbridge.ResourceInfo{}
	for tf, token := range Resources {
		fields := map[string]*tfbridge.SchemaInfo{}
		for property, name := range Names[tf] {
			fields[property] = &tfbridge.SchemaInfo{Name: name}
		}
		resources[tf] = &tfbridge.ResourceInfo{Tok: token, Fields: fields}
	}
	return tfbridge.ProviderInfo{
		P:              p,
		Name:           "docker",
		Version:        version,
		DisplayName:    "Docker",
		Publisher:      "fabric-network, built from kreuzwerker/terraform-provider-docker",
		License:        "Apache-2.0",
		Repository:     "https://github.com/kreuzwerker/terraform-provider-docker",
		GitHubOrg:      "kreuzwerker",
		Resources:      resources,
		DataSources:    map[string]*tfbridge.DataSourceInfo{},
		IgnoreMappings: Ignored(p),
	}
}

// Ignored lists every upstream resource that Resources does not map, and every data source, sorted.
func Ignored(p shim.Provider) []string {
	var out []string
	p.ResourcesMap().Range(func(name string, _ shim.Resource) bool {
		if _, ok := Resources[name]; !ok {
			out = append(out, name)
		}
		return true
	})
	p.DataSourcesMap().Range(func(name string, _ shim.Resource) bool {
		out = append(out, name)
		return true
	})
	sort.Strings(out)
	return out
}

// pulumi-resource-docker is Pulumi's docker resource plugin: the upstream Terraform docker provider
// served through Pulumi's bridge, with the schema that pulumi-tfgen-docker wrote at build time.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"github.com/terraform-providers/terraform-provider-docker/fabricnetwork-pulumi-bridge/bridge"
)

var version = "5.2.0"

// schema.json is generated (git-ignored): scripts/setup-pulumi.sh writes it with pulumi-tfgen-docker.
//
//go:embed schema.json
var schema []byte

func main() {
	tfbridge.Main(bridge.Package, version, bridge.Provider(version), schema)
}

// pulumi-tfgen-docker writes the Pulumi schema of the bridged docker provider:
// `pulumi-tfgen-docker schema --out DIR --skip-examples` (scripts/setup-pulumi.sh runs it before building
// pulumi-resource-docker, which embeds the result).
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"github.com/terraform-providers/terraform-provider-docker/fabricnetwork-pulumi-bridge/bridge"
)

var version = "5.2.0"

func main() {
	tfgen.Main(bridge.Package, version, bridge.Provider(version))
}

"""Hosts MskCluster and MskVpcConnection as a Pulumi component package, for TypeScript, Go,
C#, Java and YAML.

`pulumi package add <this repository>/provider` runs this entry point, reads the schema the
analyzer infers from the components' typed args and outputs, and generates a typed SDK.
"""

from pulumi.provider.experimental import component_provider_host

from msk_platform import __version__
from msk_platform.provider_schema import COMPONENTS, PACKAGE  # tokens msk:index:<Component>

if __name__ == "__main__":
    component_provider_host(COMPONENTS, PACKAGE, version=__version__)

"""The component package's Pulumi schema, generated offline from MskCluster's type annotations.

    python -m msk_platform.provider_schema --write provider/schema.json

A snapshot is committed beside the provider, so a change to the public interface (an input,
an output, a description) shows in review; a test fails until the snapshot is refreshed.
"""

import argparse
import json
import sys
from pathlib import Path

from pulumi.provider.experimental.component import ComponentProvider

from . import __version__
from .connector import MskConnector
from .kafka_acls import KafkaAcls
from .msk_cluster import MskCluster
from .msk_vpc_connection import MskVpcConnection
from .replicator import MskReplicator
from .schema_registry import SchemaRegistry

PACKAGE = "msk"
# What the package publishes: the cluster, the connection a client account makes to it, and
# the companions usable on their own.
COMPONENTS = [MskCluster, MskVpcConnection, KafkaAcls, MskConnector, SchemaRegistry, MskReplicator]


def schema() -> dict:
    text = ComponentProvider(COMPONENTS, PACKAGE, None, __version__).schema
    if text is None:  # typed optional by the SDK; it is set whenever components are given
        raise RuntimeError("the component provider produced no schema")
    return json.loads(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the schema to this file")
    options = parser.parse_args(argv)
    text = json.dumps(schema(), indent=2, sort_keys=True) + "\n"
    if options.write:
        options.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

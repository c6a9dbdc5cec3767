"""The cluster's MSK configuration: safe broker properties, changed without replacing anything.

How changes stay safe:
- A change of properties updates this configuration in place, which makes a new revision;
  the cluster follows ``latest_revision`` and moves to it with an in-place update.
- The configuration names no Kafka version (``kafka_versions`` is optional), so a version
  upgrade never replaces it, and no old configuration is left "in use" to block the upgrade.

A stack that brings its own configuration (``msk:configurationArn`` and
``msk:configurationRevision``) gets none: the cluster runs the revision named, and moving to
another is the stack's change to make.
"""

import pulumi
import pulumi_aws as aws

from ..spec import ClusterSpec
from .safety import child_options


def server_properties_text(spec: ClusterSpec) -> str:
    """``server.properties`` as MSK takes it: one ``name=value`` per line, sorted. For a
    provisioned spec only (a serverless one has no broker properties)."""
    properties = spec.server_properties
    assert properties is not None, "a serverless cluster has no server.properties"
    return "".join(f"{name}={value}\n" for name, value in sorted(properties.items()))


def build_configuration(
    spec: ClusterSpec, name: str, parent: pulumi.Resource
) -> aws.msk.Configuration | None:
    """The component's own configuration; None for serverless and for a stack's own."""
    if spec.is_serverless or spec.server_properties is None or spec.configuration_arn is not None:
        return None
    return aws.msk.Configuration(
        f"{name}-config",
        name=f"{spec.cluster_name}-config",
        description=f"Broker properties of MSK cluster {spec.cluster_name}",
        server_properties=server_properties_text(spec),
        opts=child_options(spec, parent, aws.msk.Configuration),
    )


def configuration_info(
    spec: ClusterSpec, configuration: aws.msk.Configuration | None
) -> aws.msk.ClusterConfigurationInfoArgsDict | None:
    """The cluster's ``configuration_info``: the created configuration at its latest revision,
    or the stack's own at the revision it names; None without either (serverless)."""
    if spec.configuration_arn is not None:
        return {"arn": spec.configuration_arn, "revision": spec.configuration_revision}
    if configuration is None:
        return None
    return {"arn": configuration.arn, "revision": configuration.latest_revision}

"""MskCluster: a secure Amazon MSK cluster, provisioned or serverless, in one component.

Reads like a table of contents: validate the args into a spec, then build the network, the
security group, the at-rest key and the cluster, each in its own module.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypedDict

import pulumi

from .builders.cluster import build_cluster
from .builders.encryption import at_rest_key_arn, build_kms_key
from .builders.network import build_network
from .builders.security_group import build_security_group
from .listeners import listeners
from .spec import ClusterSpec

TYPE_TOKEN = "msk:index:MskCluster"

_spec_observers: list = []


@contextmanager
def observe_specs(callback: Callable[[str, ClusterSpec], None]) -> Iterator[None]:
    """Call ``callback(name, spec)`` for every MskCluster built inside the block. The offline
    plan uses it to price each cluster a program declares."""
    _spec_observers.append(callback)
    try:
        yield
    finally:
        _spec_observers.remove(callback)


class AuthArgs(TypedDict, total=False):
    """Client authentication modes; those set true are on, the rest off."""

    iam: pulumi.Input[bool]
    """SASL/IAM (port 9098). The default, and the only mode serverless supports."""
    scram: pulumi.Input[bool]
    """SASL/SCRAM-SHA-512 with users in Secrets Manager (port 9096)."""
    tls: pulumi.Input[bool]
    """Mutual TLS with client certificates from ACM Private CA (port 9094)."""
    unauthenticated: pulumi.Input[bool]
    """Clients without credentials. Off unless asked for."""
    certificate_authority_arns: pulumi.Input[Sequence[pulumi.Input[str]]]
    """ACM Private CA ARNs trusted for mutual TLS."""


class WorkloadArgs(TypedDict, total=False):
    """Expected traffic, used to price what depends on usage."""

    ingress_mibps: pulumi.Input[float]
    """Average data produced, MiB/s (before replication)."""
    egress_mibps: pulumi.Input[float]
    """Average data consumed, MiB/s (all consumer groups)."""
    retention_hours: pulumi.Input[float]
    """How long data is kept, hours."""
    partitions: pulumi.Input[int]
    """Partitions across all topics (before replication)."""
    consumer_groups: pulumi.Input[int]
    """Consumer groups reading the data (sizing: egress fan-out)."""
    replication_factor: pulumi.Input[int]
    """Copies of each partition (sizing; express is fixed at 3)."""


class MskClusterArgs(TypedDict, total=False):
    """The ``msk:`` stack-config keys in snake_case; see the README's table for defaults."""

    cluster_type: pulumi.Input[str]
    """'provisioned' (default) or 'serverless'."""
    cluster_name: pulumi.Input[str]
    """Cluster name; defaults to '<project>-<stack>'."""
    vpc_id: pulumi.Input[str]
    """Existing VPC; give with subnet_ids, or neither to build a network."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Client subnets, one per AZ (2 or 3; express 3)."""
    az_count: pulumi.Input[int]
    """AZs of the network built when no VPC is given (default 3)."""
    vpc_cidr: pulumi.Input[str]
    """IPv4 range of the built VPC (default 10.40.0.0/16)."""
    client_security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Security groups allowed to reach the broker ports."""
    client_cidr_blocks: pulumi.Input[Sequence[pulumi.Input[str]]]
    """CIDR blocks allowed to reach the broker ports."""
    kafka_version: pulumi.Input[str]
    """MSK Kafka version string, e.g. '3.9.x' or '4.1.x.kraft'."""
    broker_count: pulumi.Input[int]
    """Total brokers, a multiple of the subnet count (default 3)."""
    instance_type: pulumi.Input[str]
    """Broker instance type (default kafka.m7g.large)."""
    ebs_volume_gib: pulumi.Input[int]
    """EBS GiB per broker, standard brokers only (default 1000)."""
    provisioned_throughput_mibps: pulumi.Input[int]
    """Provisioned EBS throughput per broker in MiB/s (default off)."""
    client_broker_encryption: pulumi.Input[str]
    """'TLS' (default), 'TLS_PLAINTEXT' or 'PLAINTEXT'."""
    in_cluster_encryption: pulumi.Input[bool]
    """TLS between brokers (default true)."""
    kms_key_arn: pulumi.Input[str]
    """KMS key for data at rest; without it a key is created."""
    auth: pulumi.Input[AuthArgs]
    """Client authentication modes (default IAM only)."""
    public_access: pulumi.Input[bool]
    """Public broker endpoints (default false)."""
    protect: pulumi.Input[bool]
    """Protect the cluster and its key from deletion (default false)."""
    workload: pulumi.Input[WorkloadArgs]
    """Expected traffic, for cost estimates (default none)."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    """Tags merged onto every taggable child."""


class MskCluster(pulumi.ComponentResource):
    """An Amazon MSK cluster with its security group, KMS key and, if asked, its network."""

    cluster_arn: pulumi.Output[str]
    """ARN of the cluster."""
    cluster_name: pulumi.Output[str]
    """Name of the cluster."""
    security_group_id: pulumi.Output[str]
    """The brokers' security group."""
    kms_key_arn: pulumi.Output[str | None]
    """KMS key encrypting data at rest (none for serverless)."""
    vpc_id: pulumi.Output[str]
    """VPC of the cluster."""
    subnet_ids: pulumi.Output[Sequence[str]]
    """Client subnets of the cluster."""
    bootstrap_brokers_iam: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/IAM clients, when IAM is on."""
    bootstrap_brokers_scram: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/SCRAM clients, when SCRAM is on."""
    bootstrap_brokers_tls: pulumi.Output[str | None]
    """Bootstrap brokers for TLS clients, when mutual TLS or unauthenticated TLS is on."""
    bootstrap_brokers_plaintext: pulumi.Output[str | None]
    """Bootstrap brokers for plaintext clients, only when plaintext is allowed."""

    def __init__(
        self,
        name: str,
        args: MskClusterArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad config leaves nothing half made.
        self.spec = ClusterSpec.from_args(
            args, project=pulumi.get_project(), stack=pulumi.get_stack()
        )
        super().__init__(TYPE_TOKEN, name, None, opts)
        spec = self.spec
        for observe in list(_spec_observers):
            observe(name, spec)
        for warning in spec.warnings:
            pulumi.log.warn(warning, resource=self)

        network = build_network(spec, name, self)
        security_group = build_security_group(spec, name, self, network.vpc_id)
        key = build_kms_key(spec, name, self)
        self.cluster = build_cluster(
            spec, name, self, network.subnet_ids, security_group.id, at_rest_key_arn(spec, key)
        )

        self.cluster_arn = self.cluster.arn
        self.cluster_name = self.cluster.cluster_name
        self.security_group_id = security_group.id
        self.kms_key_arn = at_rest_key_arn(spec, key)
        self.vpc_id = network.vpc_id
        self.subnet_ids = network.subnet_ids
        self.bootstrap_brokers = {
            listener.output_name: getattr(self.cluster, listener.attribute)
            for listener in listeners(spec)
        }
        for output_name in ("Iam", "Scram", "Tls", "Plaintext"):
            attribute = f"bootstrap_brokers_{output_name.lower()}"
            setattr(self, attribute, self.bootstrap_brokers.get(f"bootstrapBrokers{output_name}"))
        self.register_outputs(self.stack_outputs())

    def stack_outputs(self) -> dict[str, pulumi.Output]:
        """The outputs a stack exports, by their camelCase names: only the enabled listeners'
        bootstrap strings, never a secret value."""
        outputs = {
            "clusterArn": self.cluster_arn,
            "clusterName": self.cluster_name,
            "securityGroupId": self.security_group_id,
            "kmsKeyArn": self.kms_key_arn,
            "vpcId": self.vpc_id,
            "subnetIds": self.subnet_ids,
        }
        outputs.update(self.bootstrap_brokers)
        return outputs

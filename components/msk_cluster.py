"""MskCluster: a secure Amazon MSK cluster, provisioned or serverless, in one component.

Reads like a table of contents: validate the args into a spec, then build the network, the
security group, the at-rest key and the cluster, each in its own module.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import pulumi

from .args import MskClusterArgs
from .builders.alarms import build_alarms
from .builders.autoscaling import build_storage_autoscaling
from .builders.cluster import build_cluster
from .builders.configuration import build_configuration, configuration_info
from .builders.encryption import at_rest_key_arn, build_kms_key
from .builders.logging import build_broker_logs
from .builders.network import build_network
from .builders.scram import build_scram_users
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
    scram_secret_arns: pulumi.Output[Mapping[str, str]]
    """Secrets Manager ARN of each SCRAM user's credentials (never the password)."""
    alarm_topic_arn: pulumi.Output[str | None]
    """SNS topic the alarms notify, when alarms are on."""
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
        logging_info = build_broker_logs(spec, name, self, key)
        configuration = build_configuration(spec, name, self)
        self.cluster = build_cluster(
            spec,
            name,
            self,
            network.subnet_ids,
            security_group.id,
            at_rest_key_arn(spec, key),
            logging_info,
            configuration_info(configuration),
        )
        self.scram_secret_arns = build_scram_users(
            spec, name, self, self.cluster.arn, at_rest_key_arn(spec, key)
        )
        build_storage_autoscaling(spec, name, self, self.cluster.arn)
        self.alarm_topic_arn = build_alarms(
            spec, name, self, at_rest_key_arn(spec, key) if not spec.is_serverless else None
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
        if self.scram_secret_arns:
            outputs["scramSecretArns"] = self.scram_secret_arns
        if self.alarm_topic_arn is not None:
            outputs["alarmTopicArn"] = self.alarm_topic_arn
        return outputs

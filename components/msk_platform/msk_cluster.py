"""MskCluster: a secure Amazon MSK cluster, provisioned or serverless, in one component.

Reads like a table of contents: validate the args into a spec, then build the network, the
security group, the at-rest key and the cluster, each in its own module.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .args import MskClusterArgs
from .builders.alarms import build_alarms
from .builders.autoscaling import build_storage_autoscaling
from .builders.cluster import build_cluster
from .builders.configuration import build_configuration, configuration_info
from .builders.connector import build_connector_groups, build_connectors
from .builders.encryption import at_rest_key_arn, build_kms_key
from .builders.grants import (
    admin_policy,
    attach_policy,
    consume_policy,
    policy_document,
    policy_name,
    produce_policy,
    schema_statement,
    with_schemas,
)
from .builders.logging import build_broker_logs
from .builders.network import build_network
from .builders.replicator import build_replicator_egress, build_replicator_groups
from .builders.safety import child_options
from .builders.schema_registry import build_schema_registry
from .builders.scram import ScramCredential, associate_existing_secrets, build_scram_users
from .builders.security_group import broker_security_groups, build_security_group
from .builders.topics import build_topic
from .builders.vpc_connections import build_vpc_connections
from .builders.vpc_connectivity import build_cluster_policy
from .client_settings import client_properties
from .cluster_outputs import ATTRIBUTE_OUTPUTS, attribute_outputs
from .errors import MskConfigError, Problem
from .kafka_acls import cluster_acls
from .listeners import BOOTSTRAP_OUTPUT_NAMES, listeners
from .replicator import replicators_from_config
from .spec import ClusterSpec
from .spec.bring_your_own_rules import foreign_part_problems
from .spec.grants import (
    ALLOWED_ACCOUNTS_KEY,
    ROLE_NAME,
    allowed_accounts,
    foreign_role_problems,
    name_problems,
    role_name_from_arn,
)
from .spec.keys import camel_to_snake
from .spec.replicator_rules import placement_problems
from .spec.schema_rules import grant_schema_problems
from .spec.values import is_deferred, show, type_name

TYPE_TOKEN = "msk:index:MskCluster"

# Exported by every cluster; the rest depend on what is turned on (securityGroupId, say, only
# where the component created the group).
_ALWAYS_EXPORTED = (
    "clusterArn",
    "clusterName",
    "securityGroupIds",
    "kmsKeyArn",
    "vpcId",
    "subnetIds",
)


def _not_applicable() -> pulumi.Output:
    """An output that does not apply to this cluster: known, and None."""
    return pulumi.Output.from_input(None)


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


@dataclass
class _Program:
    """What the MskClusters of one program run have claimed: component names (with their
    parent) and MSK cluster names, which must be unique in the account and region."""

    components: set = field(default_factory=set)  # (name, id of the parent or None)
    cluster_names: dict[str, str] = field(default_factory=dict)  # cluster name -> component


# One entry per program run, keyed by the run's root stack resource: each run (a deployment,
# or each run_program in one test process) has a stack of its own, so nothing carries over,
# and the entry goes when the stack does.
_programs: "weakref.WeakKeyDictionary[pulumi.Resource, _Program]" = weakref.WeakKeyDictionary()


def _claim(name: str, parent: Any, cluster_name: str) -> None:
    """Refuse a second MskCluster of the same name (under the same parent), or a second cluster
    of the same MSK cluster name, in one program."""
    root = pulumi.runtime.get_root_resource()
    if root is None:
        return
    program = _programs.setdefault(root, _Program())
    problems = []
    if (name, parent) in program.components:
        problems.append(
            Problem(
                "name",
                f"{show(name)} is the name of another MskCluster in this program; give each "
                "its own name (its children's names start with it)",
            )
        )
    other = program.cluster_names.get(cluster_name)
    if other is not None:
        problems.append(
            Problem(
                "msk:clusterName",
                f"{show(cluster_name)} is also the cluster name of MskCluster {show(other)} in "
                "this program; MSK cluster names are unique per account and region, so give "
                "each cluster its own msk:clusterName",
            )
        )
    if problems:
        raise MskConfigError(problems)
    program.components.add((name, parent))
    program.cluster_names[cluster_name] = name


class MskCluster(pulumi.ComponentResource):
    """An Amazon MSK cluster with its security group, KMS key and, if asked, its network."""

    # Every attribute below is a pulumi.Output, always; one that does not apply to this
    # cluster resolves to None (a bootstrap string of a listener that is off, say).
    cluster_arn: pulumi.Output[str]
    """ARN of the cluster."""
    cluster_name: pulumi.Output[str]
    """Name of the cluster."""
    security_group_id: pulumi.Output[str | None]
    """The brokers' security group the component made (None with createSecurityGroup false,
    and with msk:vpcConfigs, where each VPC names its own)."""
    security_group_ids: pulumi.Output[Sequence[str]]
    """Every security group on the brokers: the one made first, then securityGroupIds (with
    msk:vpcConfigs: every entry's, in order)."""
    kms_key_arn: pulumi.Output[str | None]
    """KMS key encrypting data at rest (none for serverless)."""
    vpc_id: pulumi.Output[str | None]
    """VPC of the cluster (None, and not exported, across several VPCs: msk:vpcConfigs)."""
    subnet_ids: pulumi.Output[Sequence[str]]
    """Client subnets of the cluster (with msk:vpcConfigs: every entry's, in order)."""
    cluster_uuid: pulumi.Output[str]
    """UUID of the cluster, as IAM policies name it (known once AWS has made it)."""
    current_version: pulumi.Output[str | None]
    """Current version of the cluster, which every MSK update call names (provisioned only)."""
    # ZooKeeper strings: for old admin tools only. AWS advises the bootstrap brokers for admin
    # work (--zookeeper is gone from Kafka 3.0), and KRaft, which replaces ZooKeeper, has none.
    zookeeper_connect_string: pulumi.Output[str | None]
    """ZooKeeper on 2181 (ZooKeeper-mode standard brokers, plaintext on): admin, not in KRaft."""
    zookeeper_connect_string_tls: pulumi.Output[str | None]
    """ZooKeeper on 2182 (ZooKeeper-mode standard brokers, TLS on): admin only, not in KRaft."""
    bootstrap_brokers_iam: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/IAM clients, when IAM is on."""
    bootstrap_brokers_scram: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/SCRAM clients, when SCRAM is on."""
    bootstrap_brokers_tls: pulumi.Output[str | None]
    """Bootstrap brokers for TLS clients, when mutual TLS or unauthenticated TLS is on."""
    bootstrap_brokers_plaintext: pulumi.Output[str | None]
    """Bootstrap brokers for plaintext clients, only when plaintext is allowed."""
    bootstrap_brokers_public_iam: pulumi.Output[str | None]
    """Public bootstrap brokers for SASL/IAM clients, when public access and IAM are on."""
    bootstrap_brokers_public_scram: pulumi.Output[str | None]
    """Public bootstrap brokers for SASL/SCRAM clients, when public access and SCRAM are on."""
    bootstrap_brokers_public_tls: pulumi.Output[str | None]
    """Public bootstrap brokers for TLS clients, when public access and TLS are on."""
    bootstrap_brokers_vpc_connectivity_iam: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/IAM clients of other VPCs (PrivateLink), when vpcConnectivity
    has IAM on."""
    bootstrap_brokers_vpc_connectivity_scram: pulumi.Output[str | None]
    """Bootstrap brokers for SASL/SCRAM clients of other VPCs (PrivateLink), when
    vpcConnectivity has SCRAM on."""
    bootstrap_brokers_vpc_connectivity_tls: pulumi.Output[str | None]
    """Bootstrap brokers for mutual-TLS clients of other VPCs (PrivateLink), when
    vpcConnectivity has TLS on."""
    client_properties: pulumi.Output[Mapping[str, Mapping[str, str]]]
    """Kafka client properties per enabled listener (bootstrap, protocol, mechanism)."""
    scram_secret_arns: pulumi.Output[Mapping[str, str]]
    """Secrets Manager ARN of each SCRAM user's credentials (never the password)."""
    alarm_topic_arn: pulumi.Output[str | None]
    """SNS topic the alarms notify, when alarms are on."""
    configuration_arn: pulumi.Output[str | None]
    """MSK configuration of the brokers: the one made, or configurationArn (provisioned)."""
    configuration_revision: pulumi.Output[int | None]
    """Its revision the brokers run: the made one's latest, or configurationRevision."""
    log_group_arn: pulumi.Output[str | None]
    """Log group of the broker logs: the one made, or logging.logGroupName's (read at preview)."""

    def __init__(
        self,
        name: str,
        args: MskClusterArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad config leaves nothing half made.
        if not isinstance(name, str) or not name.strip():
            raise MskConfigError(
                [
                    Problem(
                        "name",
                        f"{show(name)} is {type_name(name) if name != '' else 'empty'}; give "
                        "the component a name (text), e.g. 'events'",
                    )
                ]
            )
        if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
            raise MskConfigError(
                [Problem("opts", f"{show(opts)} is {type_name(opts)}; use pulumi.ResourceOptions")]
            )
        self.spec = _spec(name, args)
        parent = opts.parent if opts is not None else None
        # by id: holding the parent itself would keep the run's stack (the key) alive
        _claim(name, None if parent is None else id(parent), self.spec.cluster_name)
        self._policy_names: set[str] = set()
        super().__init__(TYPE_TOKEN, name, None, opts)
        spec = self.spec
        for observe in list(_spec_observers):
            observe(name, spec)
        for warning in spec.warnings:
            pulumi.log.warn(warning, resource=self)

        network = build_network(spec, name, self)
        connector_groups = build_connector_groups(spec, name, self, network.vpc_id)
        replicator_groups = build_replicator_groups(spec, name, self, network.vpc_id)
        security_group = build_security_group(
            spec,
            name,
            self,
            network.vpc_id,
            [group.id for group in connector_groups.values()],
            [group.id for group in replicator_groups.values()],
        )
        key = build_kms_key(spec, name, self)
        broker_logs = build_broker_logs(spec, name, self, key)
        configuration = build_configuration(spec, name, self)
        used_configuration = configuration_info(spec, configuration)
        security_groups = broker_security_groups(spec, security_group)
        self.cluster = build_cluster(
            spec,
            name,
            self,
            network.subnet_ids,
            security_groups,
            at_rest_key_arn(spec, key),
            broker_logs.info,
            used_configuration,
        )
        scram_credentials: dict[str, ScramCredential] = {}  # for the Kafka ACLs' admin
        scram_secrets = build_scram_users(
            spec, name, self, self.cluster.arn, at_rest_key_arn(spec, key), scram_credentials
        )
        self.kafka_acls = cluster_acls(spec, name, self, self.cluster, scram_credentials)
        associate_existing_secrets(spec, name, self, self.cluster.arn)
        build_storage_autoscaling(spec, name, self, self.cluster.arn)
        self.cluster_policy = build_cluster_policy(spec, name, self, self.cluster.arn)
        # Only a key of the component's own is known to let CloudWatch publish to the topic.
        alarm_topic = build_alarms(spec, name, self, key.arn if key is not None else None)

        self.cluster_arn = self.cluster.arn
        self.cluster_name = self.cluster.cluster_name
        self.security_group_id = (
            security_group.id if security_group is not None else _not_applicable()
        )
        self.security_group_ids = pulumi.Output.all(*security_groups)
        used: Mapping[str, Any] = used_configuration or {}
        self.configuration_arn = pulumi.Output.from_input(used.get("arn"))
        self.configuration_revision = pulumi.Output.from_input(used.get("revision"))
        self.log_group_arn = (
            broker_logs.log_group_arn
            if broker_logs.log_group_arn is not None
            else _not_applicable()
        )
        self.kms_key_arn = at_rest_key_arn(spec, key)
        self.vpc_id = pulumi.Output.from_input(network.vpc_id)
        self.subnet_ids = pulumi.Output.from_input(network.subnet_ids)
        attributes = {
            item.output_name: getattr(self.cluster, item.attribute)
            for item in attribute_outputs(spec)
        }
        for item in ATTRIBUTE_OUTPUTS:
            setattr(
                self,
                camel_to_snake(item.output_name),
                attributes.get(item.output_name, _not_applicable()),
            )
        bootstrap = {
            listener.output_name: getattr(self.cluster, listener.attribute)
            for listener in listeners(spec)
        }
        for output_name in BOOTSTRAP_OUTPUT_NAMES:
            setattr(
                self, camel_to_snake(output_name), bootstrap.get(output_name, _not_applicable())
            )
        self.scram_secret_arns = (
            pulumi.Output.all(**scram_secrets) if scram_secrets else (pulumi.Output.from_input({}))
        )
        self.alarm_topic_arn = alarm_topic if alarm_topic is not None else _not_applicable()
        self.client_properties = pulumi.Output.all(**bootstrap).apply(
            lambda strings: {
                listener.output_name: client_properties(
                    listener.mode, strings[listener.output_name]
                )
                for listener in listeners(spec)
            }
        )
        # Which outputs this cluster has: the stack exports these and no others.
        self._applicable = [
            # Across several VPCs (msk:vpcConfigs) there is no one VPC to export.
            *(n for n in _ALWAYS_EXPORTED if not (n == "vpcId" and spec.vpc_configs)),
            *(["securityGroupId"] if security_group is not None else []),
            *(["configurationArn", "configurationRevision"] if used_configuration else []),
            *(["logGroupArn"] if broker_logs.log_group_arn is not None else []),
            *attributes,
            *bootstrap,
            "clientProperties",
            *(["scramSecretArns"] if scram_secrets else []),
            *(["alarmTopicArn"] if alarm_topic is not None else []),
        ]
        self._args: dict[str, Any] = dict(args or {})
        self.topics = {
            t.name: build_topic(spec, t, name, self, self.cluster.arn) for t in spec.topics
        }
        # msk:schemaRegistry: the registry and its schemas (None without the key).
        self.schema_registry = (
            build_schema_registry(
                spec.schema_registry,
                name,
                self,
                spec.tags,
                lambda parent, kind, **options: child_options(spec, parent, kind, **options),
            )
            if spec.schema_registry is not None
            else None
        )
        self.grants = [
            self._grant_from_config(index, grant) for index, grant in enumerate(spec.grants)
        ]
        self.vpc_connections = build_vpc_connections(spec, name, self, self.cluster.arn)
        self.connectors = build_connectors(
            spec,
            name,
            self,
            self.cluster,
            security_group,
            connector_groups,
            network.subnet_ids,
            key,
        )
        # msk:replicators: each into this cluster, from its own group to the brokers' only.
        if security_group is not None:
            build_replicator_egress(name, self, replicator_groups, security_group)
        self.replicators = replicators_from_config(
            spec, name, self, self.cluster.arn, network.subnet_ids, replicator_groups
        )
        self.register_outputs(self.stack_outputs())

    # -- topics and access ---------------------------------------------------------------
    def add_topic(
        self,
        topic: str,
        partitions: int,
        replication_factor: int | None = None,
        config: Mapping[str, str] | None = None,
    ) -> aws.msk.Topic:
        """Declare one more topic, validated with the rest (names, replication, partitions)."""
        declared = [
            *self._args.get("topics", []),
            {
                "name": topic,
                "partitions": partitions,
                "replication_factor": replication_factor,
                "config": {} if config is None else config,  # the spec checks it is a map
            },
        ]
        self.spec = _spec(self.pulumi_resource_name, {**self._args, "topics": declared})
        self._args["topics"] = declared
        created = build_topic(
            self.spec, self.spec.topics[-1], self.pulumi_resource_name, self, self.cluster.arn
        )
        self.topics[topic] = created
        return created

    def grant_produce(
        self,
        role: "aws.iam.Role | str",
        topics: Sequence[str],
        idempotent: bool = False,
        transactional_ids: Sequence[str] = (),
        schemas: Sequence[str] = (),
    ) -> aws.iam.RolePolicy:
        """Let ``role`` write ``topics`` (names or 'prefix*'): connect, describe and write, plus
        idempotent or transactional writes when asked."""
        _raise_on(
            _role_problems("grant_produce", role),
            _names("grant_produce", "topics", topics, writes=True),
            _names("grant_produce", "transactional_ids", transactional_ids, required=False),
            _flag("grant_produce", "idempotent", idempotent),
            self._schema_problems("grant_produce", schemas),
        )
        names, ids, used = list(topics), list(transactional_ids), list(schemas)  # as they are now
        return self._attach(
            "produce",
            role,
            lambda arn: with_schemas(
                produce_policy(arn, names, idempotent, ids),
                self._schema_statement(arn, "produce", used),
            ),
        )

    def grant_consume(
        self,
        role: "aws.iam.Role | str",
        topics: Sequence[str],
        consumer_groups: Sequence[str],
        schemas: Sequence[str] = (),
    ) -> aws.iam.RolePolicy:
        """Let ``role`` read ``topics`` as members of ``consumer_groups``; with ``schemas``
        (of msk:schemaRegistry), also fetch their versions to deserialize (read only)."""
        _raise_on(
            _role_problems("grant_consume", role),
            _names("grant_consume", "topics", topics),
            _names("grant_consume", "consumer_groups", consumer_groups),
            self._schema_problems("grant_consume", schemas),
        )
        names, groups, used = list(topics), list(consumer_groups), list(schemas)
        return self._attach(
            "consume",
            role,
            lambda arn: with_schemas(
                consume_policy(arn, names, groups), self._schema_statement(arn, "consume", used)
            ),
        )

    def _schema_problems(self, method: str, schemas: Any) -> list[Problem]:
        """Schema names a grant method gives: a list of the registry's own schemas."""
        key = f"{method}.schemas"
        if isinstance(schemas, (list, tuple)) and not schemas:
            return []
        if isinstance(schemas, str) or not isinstance(schemas, (list, tuple)):
            return [
                Problem(key, f"{show(schemas)} is {type_name(schemas)}; use a list of schema names")
            ]
        registry = self.spec.schema_registry
        declared = registry.schema_names if registry is not None else None
        return [Problem(k, m) for k, m in grant_schema_problems(schemas, declared, key)]

    def _schema_statement(self, cluster_arn: str, kind: str, schemas: Sequence[str]):
        registry = self.spec.schema_registry
        if registry is None or not schemas:
            return None
        return schema_statement(cluster_arn, kind, registry.name, schemas)

    def grant_admin(self, role: "aws.iam.Role | str") -> aws.iam.RolePolicy:
        """Full control of this cluster, its topics, groups and transactional ids, and no other."""
        _raise_on(_role_problems("grant_admin", role))
        return self._attach("admin", role, admin_policy)

    def _attach(self, kind: str, role, document) -> aws.iam.RolePolicy:
        role_name, label, role_arn = _role_reference(role)
        key = f"grant_{kind}.role"
        return self._policy(key, kind, label, role_name, document, role_arn, key)

    def _policy(
        self,
        key: str,
        kind: str,
        label: str,
        role,
        document,
        role_arn=None,
        arn_key: str = "",
    ) -> aws.iam.RolePolicy:
        """One role policy per role and kind of access: a second would have the same name.
        Its IAM name is unique per project, stack and cluster; a ``role_arn`` must be in the
        cluster's account (``arn_key`` names it if not)."""
        name = f"{self.pulumi_resource_name}-{kind}-{label}"
        if name in self._policy_names:
            raise MskConfigError(
                [
                    Problem(
                        key,
                        f"{show(label)} already has a {kind} grant on this cluster; give a role "
                        f"one {kind} grant with all its topics and groups",
                    )
                ]
            )
        self._policy_names.add(name)
        iam_name = policy_name(
            pulumi.get_project(), pulumi.get_stack(), self.spec.cluster_name, kind, label
        )
        policy = policy_document(self.cluster.arn, document, role_arn, arn_key)
        return attach_policy(name, iam_name, self, role, policy)

    def _grant_from_config(self, index: int, grant) -> list:
        role = grant.role_name or pulumi.Output.from_input(grant.role_arn).apply(role_name_from_arn)
        # by the role's name where it is known, so reordering msk:grants renames nothing
        from_arn = role_name_from_arn(grant.role_arn) if isinstance(grant.role_arn, str) else None
        label = grant.role_name or from_arn or f"grant{index}"
        key = f"msk:grants[{index}]"
        arn_key = f"{key}.roleArn"
        made = []
        if grant.produce:
            made.append(
                self._policy(
                    key,
                    "produce",
                    label,
                    role,
                    lambda arn, g=grant: with_schemas(
                        produce_policy(arn, g.produce, g.idempotent, g.transactional_ids),
                        self._schema_statement(arn, "produce", g.schemas),
                    ),
                    grant.role_arn,
                    arn_key,
                )
            )
        if grant.consume:
            made.append(
                self._policy(
                    key,
                    "consume",
                    label,
                    role,
                    lambda arn, g=grant: with_schemas(
                        consume_policy(arn, g.consume, g.groups),
                        self._schema_statement(arn, "consume", g.schemas),
                    ),
                    grant.role_arn,
                    arn_key,
                )
            )
        if grant.admin:
            made.append(
                self._policy(key, "admin", label, role, admin_policy, grant.role_arn, arn_key)
            )
        return made

    def stack_outputs(self) -> dict[str, pulumi.Output]:
        """The outputs a stack exports, by their camelCase names: those that apply to this
        cluster (only the enabled listeners' bootstrap strings), never a secret value. Each is
        the attribute of the same name in snake_case."""
        return {name: getattr(self, camel_to_snake(name)) for name in self._applicable}


def _raise_on(*groups: list[Problem]) -> None:
    """Raise every problem of a method's arguments at once, before any policy is made."""
    problems = [problem for group in groups for problem in group]
    if problems:
        raise MskConfigError(problems)


def _role_problems(method: str, role: Any) -> list[Problem]:
    key = f"{method}.role"
    if isinstance(role, aws.iam.Role):
        return []
    if isinstance(role, str):
        if ROLE_NAME.fullmatch(role):
            return []
        return [
            Problem(
                key,
                f"{show(role)} is not an IAM role name; use 1–64 of A-Z a-z 0-9 and + = , . @ _ -",
            )
        ]
    if is_deferred(role):
        message = (
            "is a computed value; give the role's name as text or the aws.iam.Role itself "
            "(the grant's resource name is made from it)"
        )
    else:
        message = f"{show(role)} is {type_name(role)}; give a role name (text) or an aws.iam.Role"
    return [Problem(key, message)]


def _names(
    method: str, name: str, values: Any, writes: bool = False, required: bool = True
) -> list[Problem]:
    """Topics, groups or transactional ids: a list of names (not text, which would be read one
    letter at a time, and not one computed value, which can't be checked or iterated)."""
    key = f"{method}.{name}"
    if isinstance(values, str):
        return [Problem(key, f"{show(values)} is text; use a list, e.g. [{show(values)}]")]
    if is_deferred(values):
        return [
            Problem(
                key,
                "is one computed value for the whole list; give a list of names (the policy "
                "names each one)",
            )
        ]
    if not isinstance(values, (list, tuple)):
        return [Problem(key, f"{show(values)} is {type_name(values)}; use a list of names")]
    if required and not values:
        return [Problem(key, "is empty; name at least one (or a prefix such as 'orders.*')")]
    return [Problem(k, m) for k, m in name_problems(values, key, writes=writes)]


def _flag(method: str, name: str, value: Any) -> list[Problem]:
    if isinstance(value, bool):
        return []
    return [Problem(f"{method}.{name}", f"{show(value)} is {type_name(value)}; use True or False")]


def _role_reference(role) -> tuple[pulumi.Input[str], str, pulumi.Input[str] | None]:
    """(role name input, label for resource names, role ARN or None) from a Role resource or
    a role name. A name is a role of the deploying account by definition; a Role resource may
    come from another account's provider, so its ARN is checked."""
    if isinstance(role, str):
        return role, role, None
    # a Role resource: its Pulumi name labels ours
    return role.name, role.pulumi_resource_name, role.arn


def _spec(name: str, args) -> ClusterSpec:
    """The validated spec. The default cluster name is `<project>-<stack>` for the program's
    own cluster (named after the project), `<project>-<stack>-<name>` for any other, so two
    clusters in one program never default to the same name. A grant's role of an account the
    AWS provider may not deploy to (``aws:allowedAccountIds``) is refused here, before any
    resource: at ``pulumi preview`` as offline."""
    project, stack = pulumi.get_project(), pulumi.get_stack()
    default = f"{project}-{stack}" if name == project else f"{project}-{stack}-{name}"
    spec = ClusterSpec.from_args(args, project=project, stack=stack, default_name=default)
    provider = pulumi.Config("aws").get(ALLOWED_ACCOUNTS_KEY.partition(":")[2])
    accounts = allowed_accounts({ALLOWED_ACCOUNTS_KEY: provider})
    foreign = foreign_role_problems(spec.grants, accounts)
    # Parts brought by ARN (an existing configuration, SCRAM secrets) of another Region or
    # account: MSK would refuse them only once the cluster is made.
    foreign += foreign_part_problems(spec, pulumi.Config("aws").get("region"), accounts)
    # A replicator's source in a Region MSK Replicator doesn't run in, or of another account:
    # AWS would refuse it only once the cluster is made.
    region = pulumi.Config("aws").get("region")
    foreign += [
        found
        for index, replicator in enumerate(spec.replicators)
        for found in placement_problems(
            vars(replicator), f"msk:replicators[{index}]", region, accounts
        )
    ]
    _raise_on([Problem(key, message) for key, message in foreign])
    return spec

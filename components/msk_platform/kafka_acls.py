"""KafkaAcls: Kafka ACLs on an MSK cluster, made through its brokers with pulumi-kafka.

``MskCluster`` makes one from ``msk:acls`` and ``msk:aclAdmin``; on its own, from Python::

    KafkaAcls(
        "orders-acls",
        {
            "bootstrap_servers": cluster.bootstrap_brokers_scram,
            "scram_username": "ops",
            "scram_password": ops_password,  # a secret Output
            "acls": [
                {"principal": "User:orders", "resource_type": "Topic",
                 "resource_name": "orders", "operation": "Write"},
            ],
        },
    )

or with mutual TLS: ``client_certificate``, ``client_key`` (secret) and ``admin_principal``
(``User:`` and the certificate's distinguished name, which this component can't read from the
certificate). The admin principal gets Alter and Describe on the Cluster first, the ACLs it
needs to manage ACLs. ``pulumi up`` needs a network path to the brokers (SCRAM 9096, TLS
9094). Args are checked as ``msk:acls`` entries are, before anything is registered; problems
are named ``KafkaAcls.<field>``.
"""

# No `from __future__ import annotations` here: Pulumi's component analyzer reads these
# annotations at run time to publish the component to other languages.
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from .args import AclArgs
from .builders.kafka_acls import build_acls, kafka_provider
from .builders.scram import ScramCredential
from .errors import MskConfigError, Problem
from .spec import ClusterSpec
from .spec.acl_rules import (
    AclSpec,
    acl_from_item,
    acl_problems,
    admin_acls,
    admin_principal,
    set_problems,
)
from .spec.cluster_spec import read_item
from .spec.values import INVALID, is_deferred, nearest, show, type_name

TYPE_TOKEN = "msk:index:KafkaAcls"
LABEL = "KafkaAcls"


class KafkaAclsArgs(TypedDict):
    """Kafka ACLs on a cluster, and the admin identity the Kafka provider signs in with."""

    bootstrap_servers: pulumi.Input[str]
    """The brokers' SASL/SCRAM or TLS bootstrap string, `host:port,host:port`."""
    acls: Sequence[AclArgs]
    """The ACLs, each checked against Kafka's ACL model as msk:acls entries are."""
    scram_username: NotRequired[pulumi.Input[str]]
    """SCRAM admin user (SASL/SCRAM-SHA-512), with scram_password."""
    scram_password: NotRequired[pulumi.Input[str]]
    """Its password: kept secret whether or not it comes as one."""
    client_certificate: NotRequired[pulumi.Input[str]]
    """PEM client certificate of an mTLS admin, with client_key and admin_principal."""
    client_key: NotRequired[pulumi.Input[str]]
    """Its PEM private key: kept secret whether or not it comes as one."""
    admin_principal: NotRequired[str]
    """The admin's principal. Default: `User:<scram_username>`; mTLS: `User:<cert DN>`."""


_ARG_NAMES = tuple(KafkaAclsArgs.__annotations__)


class KafkaAcls(pulumi.ComponentResource):
    """Kafka ACLs made through the brokers, with the admin's own ACLs first."""

    admin_principal: pulumi.Output[str]
    """The principal the ACLs are managed as (it holds Alter and Describe on the Cluster)."""
    acl_ids: pulumi.Output[Sequence[str]]
    """Ids of every ACL made, the admin's first."""

    def __init__(
        self,
        name: str,
        args: KafkaAclsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything, so a bad argument leaves nothing half made.
        acls, admin, scram = _checked(name, args, opts)
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.provider = kafka_provider(
            name,
            self,
            args["bootstrap_servers"],
            scram_username=args.get("scram_username") if scram else None,
            scram_password=args.get("scram_password") if scram else None,
            client_certificate=None if scram else args.get("client_certificate"),
            client_key=None if scram else args.get("client_key"),
        )
        self.admin_acls, self.acls = build_acls(name, self, self.provider, admin_acls(admin), acls)
        self.admin_principal = pulumi.Output.from_input(admin)
        self.acl_ids = pulumi.Output.all(*(acl.id for acl in [*self.admin_acls, *self.acls]))
        self.register_outputs({"adminPrincipal": self.admin_principal, "aclIds": self.acl_ids})


def cluster_acls(
    spec: ClusterSpec,
    name: str,
    parent: pulumi.Resource,
    cluster: pulumi.Resource,
    credentials: Mapping[str, ScramCredential],
) -> "KafkaAcls | None":
    """MskCluster's ``msk:acls``, managed as ``msk:aclAdmin`` over the SCRAM listener; None
    without them. The password reaches the provider only once the admin's secret is
    associated with the cluster (the brokers refuse it before)."""
    if not spec.acls or spec.acl_admin is None:
        return None
    assert isinstance(cluster, aws.msk.Cluster)  # msk:acls is refused on serverless
    admin = credentials[spec.acl_admin]
    password = pulumi.Output.all(admin.password, admin.association.id).apply(lambda v: v[0])
    entries: list[AclArgs] = [
        {
            "principal": acl.principal,
            "resource_type": acl.resource_type,
            "resource_name": acl.resource_name,
            "pattern_type": acl.pattern_type,
            "operation": acl.operation,
            "permission": acl.permission,
        }
        for acl in spec.acls
    ]
    return KafkaAcls(
        f"{name}-acls",
        {
            "bootstrap_servers": cluster.bootstrap_brokers_sasl_scram,
            "scram_username": admin.username,
            "scram_password": pulumi.Output.secret(password),
            "acls": entries,
        },
        pulumi.ResourceOptions(parent=parent),
    )


def _checked(name: Any, args: Any, opts: Any) -> tuple[list[AclSpec], str, bool]:
    """(the ACLs, the admin principal, whether the admin signs in with SCRAM), or
    MskConfigError naming every problem."""
    problems: list[Problem] = []
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem("name", f"{show(name)} is not a name; give the component one, e.g. 'acls'")
        )
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        problems.append(
            Problem("opts", f"{show(opts)} is {type_name(opts)}; use pulumi.ResourceOptions")
        )
    if not isinstance(args, Mapping):
        problems.append(
            Problem(
                "args",
                f"{show(args)} is {type_name(args)}; give the arguments as a mapping "
                "(KafkaAclsArgs)",
            )
        )
        raise MskConfigError(problems)
    for unknown in (key for key in args if key not in _ARG_NAMES):
        guess = nearest(str(unknown), _ARG_NAMES)
        hint = f"did you mean {guess}?" if guess else f"use {', '.join(_ARG_NAMES)}"
        problems.append(Problem(f"{LABEL}.{unknown}", f"is not an argument; {hint}"))
    if args.get("bootstrap_servers") is None:
        problems.append(
            Problem(
                f"{LABEL}.bootstrapServers",
                "is required: the cluster's SASL/SCRAM or TLS bootstrap string",
            )
        )
    scram, admin = _identity(args, problems)
    acls = _acls(args.get("acls"), problems)
    if acls and admin is not None:
        problems += [Problem(k, m) for k, m in set_problems(acls, admin, f"{LABEL}.acls")]
    if problems:
        raise MskConfigError(problems)
    assert admin is not None  # no problems: _identity found it
    return acls, admin, scram


def _identity(args: Mapping, problems: list[Problem]) -> tuple[bool, str | None]:
    """(SCRAM or not, the admin principal): exactly one way to sign in, given whole."""
    scram = [args.get(k) is not None for k in ("scram_username", "scram_password")]
    mtls = [args.get(k) is not None for k in ("client_certificate", "client_key")]
    if any(scram) and any(mtls):
        problems.append(
            Problem(
                LABEL,
                "gives both SCRAM and mTLS credentials; give scram_username and "
                "scram_password, or client_certificate and client_key",
            )
        )
        return True, None
    if not any(scram) and not any(mtls):
        problems.append(
            Problem(
                LABEL,
                "has no admin credentials; give scram_username and scram_password (SASL/SCRAM), "
                "or client_certificate, client_key and admin_principal (mTLS)",
            )
        )
        return True, None
    if any(scram) and not all(scram):
        missing = "scram_password" if scram[0] else "scram_username"
        problems.append(Problem(f"{LABEL}.{missing}", "is required with the other SCRAM field"))
    if any(mtls) and not all(mtls):
        missing = "client_key" if mtls[0] else "client_certificate"
        problems.append(Problem(f"{LABEL}.{missing}", "is required with the other mTLS field"))
    principal = args.get("admin_principal")
    key = f"{LABEL}.adminPrincipal"
    if principal is None:
        username = args.get("scram_username")
        if any(mtls):
            problems.append(
                Problem(
                    key,
                    "is required with mTLS: 'User:' and the client certificate's distinguished "
                    "name, e.g. 'User:CN=ops,OU=platform'",
                )
            )
            return False, None
        if is_deferred(username):
            problems.append(
                Problem(
                    key,
                    "is required when scram_username is a computed value: the admin's own "
                    "ACLs are made from it, e.g. 'User:ops'",
                )
            )
            return True, None
        if not isinstance(username, str):
            return True, None
        principal = admin_principal(username)
    found = acl_problems(
        {
            "principal": principal,
            "resource_type": "Cluster",
            "resource_name": "kafka-cluster",
            "operation": "Describe",
        },
        LABEL,
    )
    if found:
        problems.append(Problem(key, found[0][1]))
        return any(scram), None
    return any(scram), principal


def _acls(raw: Any, problems: list[Problem]) -> list[AclSpec]:
    key = f"{LABEL}.acls"
    if raw is None or (isinstance(raw, (list, tuple)) and not raw):
        problems.append(Problem(key, "is required: at least one ACL"))
        return []
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(key, f"{show(raw)} is {type_name(raw)}; use a list of ACLs"))
        return []
    acls, ok = [], True
    for index, item in enumerate(raw):
        label = f"{key}[{index}]"
        read, read_problems = read_item("acls", item, label)
        problems += read_problems
        if read is INVALID:
            ok = False
            continue
        found = acl_problems(read, label)
        problems += [Problem(k, m) for k, m in found]
        if found:
            ok = False
        else:
            acls.append(acl_from_item(read))
    return acls if ok else []

"""Policy rules for MSK Replicators (aws.msk.Replicator), however they are made:
msk:replicators, MskReplicator or a program's own resource.

The topics and consumer groups a replicator copies are regular expressions to AWS; a role
limited to exactly those can exist only when each is a name or a ``prefix.*`` (the same check
``msk:replicators`` makes, spec/replicator_rules.py). Anything else needs a role that reads
every topic of the source.
"""

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from msk_platform.spec.replicator_rules import pattern_problems

from .props import dig, plain

REPLICATOR = "aws:msk/replicator:Replicator"


def _nameable_patterns(args, report_violation) -> None:
    if args.resource_type != REPLICATOR:
        return
    info = dig(plain(args.props), "replicationInfoList")
    if not isinstance(info, dict):
        return
    for block, field, what in (
        ("topicReplications", "topicsToReplicates", "topic"),
        ("consumerGroupReplications", "consumerGroupsToReplicates", "consumer group"),
    ):
        entries = info.get(block)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            values = entry.get(field) if isinstance(entry, dict) else None
            if not isinstance(values, list):
                continue
            known = tuple(value for value in values if isinstance(value, str))
            label = f"replicationInfoList.{block}[{index}].{field}"
            for key, message in pattern_problems(known, label, what):
                report_violation(f"{key}: {message}")


REPLICATOR_POLICIES = [
    ResourceValidationPolicy(
        name="msk-replicator-nameable-topics",
        description="MSK Replicators copy topics and consumer groups named exactly or by a "
        "'prefix.*', so their role can be limited to those in IAM.",
        enforcement_level=EnforcementLevel.ADVISORY,
        validate=_nameable_patterns,
    ),
]

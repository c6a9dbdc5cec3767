"""The MSK policy pack, for `pulumi preview --policy-pack policy` (and `pulumi up`).

Only assembles the rules of msk_rules.py: building a PolicyPack starts the analyzer's gRPC
server and blocks, so nothing imports this module.
"""

import sys
from pathlib import Path

from pulumi_policy import EnforcementLevel, PolicyPack

# The CLI runs this folder as a program; make `policy` importable as the package it is.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from msk_platform.policy.msk_rules import all_policies  # noqa: E402 - needs the path above

PolicyPack(
    name="msk-security",
    policies=all_policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
    description="Amazon MSK clusters and their network, keys and secrets, secure by default.",
)

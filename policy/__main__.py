"""The MSK policy pack, for `pulumi preview --policy-pack policy` (and `pulumi up`).

Only assembles the rules of msk_rules.py: building a PolicyPack starts the analyzer's gRPC
server and blocks, so nothing imports this module.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

# The rules ship with the tooling distribution (installed in the project's virtualenv by
# requirements.txt), so `mskctl plan` runs exactly the rules the engine runs here.
from mskctl.policy.msk_rules import all_policies

PolicyPack(
    name="msk-security",
    policies=all_policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
    description="Amazon MSK clusters and their network, keys and secrets, secure by default.",
)

"""The MSK program: stack config -> MskCluster -> stack outputs. Nothing else happens here."""

import pulumi

from msk_platform import MskCluster, args_from_config, msk_config

cluster = MskCluster(pulumi.get_project(), args_from_config(msk_config()))
for name, value in cluster.stack_outputs().items():
    pulumi.export(name, value)

"""The MSK program: stack config -> MskCluster -> stack outputs. Nothing else happens here."""

import pulumi
from pulumi.runtime.config import (
    CONFIG,
    get_config_env,
    get_config_secret_keys_env,
    is_config_secret,
)

from msk_platform import MskCluster, args_from_config


def msk_config() -> dict:
    """Every ``msk:`` key this stack sets, by its bare name (the SDK has no call that lists
    keys, so read the config map the engine hands the program). Secret values stay secret."""
    merged = {**get_config_env(), **CONFIG.get()}
    secret = set(get_config_secret_keys_env())
    return {
        key[len("msk:") :]: pulumi.Output.secret(value)
        if is_config_secret(key) or key in secret
        else value
        for key, value in merged.items()
        if key.startswith("msk:")
    }


cluster = MskCluster(pulumi.get_project(), args_from_config(msk_config()))
for name, value in cluster.stack_outputs().items():
    pulumi.export(name, value)

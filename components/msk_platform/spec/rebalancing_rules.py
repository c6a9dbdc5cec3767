"""Express intelligent rebalancing: ``msk:rebalancing``.

Pure Python. AWS's facts are in the catalog's ``intelligent_rebalancing`` with their sources:
it exists for Express brokers only, and AWS turns it on (status ACTIVE) for every new Express
cluster.

Decision, and why: absent on express brokers, the key resolves to on and the cluster is sent
``rebalancing.status: ACTIVE``, AWS's own default for a new cluster, said out loud. A new
cluster is then exactly what the console makes, and the setting is in the stack's inputs, so
a pause made by hand shows in the next preview instead of silently staying. The one cluster it
changes is an Express cluster made before AWS launched the feature, which AWS left paused:
its next deploy turns it on (the change plan reports UpdateRebalancing), unless the stack says
``false``.
"""

from .. import catalog
from .draft import Draft

KEY = "rebalancing"


def rebalancing_on_by_default() -> bool:
    """Whether AWS turns intelligent rebalancing on for a new Express cluster."""
    rules = catalog.rebalancing_rules()
    return rules["default_status_new_express_clusters"] == rules["status_on"]


def rebalancing_status(on: bool) -> str:
    """The status the API takes for on or off (ACTIVE, PAUSED)."""
    rules = catalog.rebalancing_rules()
    return rules["status_on"] if on else rules["status_off"]


def check_rebalancing(draft: Draft) -> None:
    if draft.serverless or not draft.ok(KEY):
        return  # serverless: refused for its scope
    instance = draft.instance
    if instance is None:
        return  # an instance type already refused
    if instance.broker_type not in catalog.rebalancing_rules()["broker_types"]:
        if KEY in draft.given:
            draft.fail(
                KEY,
                f"does not apply to standard brokers ({instance.name}): intelligent "
                "rebalancing is an Express broker feature; remove it (on standard brokers, "
                "move partitions with kafka-reassign-partitions or Cruise Control)",
            )
        draft.resolved[KEY] = None
        return
    if KEY not in draft.given:
        draft.resolved[KEY] = rebalancing_on_by_default()

"""The volume guard judges a change against the deployed volume: storage autoscaling grows it
behind the config's back, so once autoscaling is turned off the old ``ebsVolumeGib`` (the old
input) is no longer what the brokers have.

The before-update hook is driven directly with the arguments the engine passes it
(``pulumi.ResourceHookArgs``: old inputs, new inputs, old outputs), both ways.
"""

import pytest
from pulumi import ResourceHookArgs

from msk_platform.builders.safety import _volume_only_grows, volume_change_problem

CLUSTER = "aws:msk/cluster:Cluster"
URN = f"urn:pulumi:prod::msk::msk:index:MskCluster${CLUSTER}::msk-cluster"


def volume(size: int) -> dict:
    return {"brokerNodeGroupInfo": {"storageInfo": {"ebsStorageInfo": {"volumeSize": size}}}}


def update(asked: int, deployed: int | None, new: int) -> ResourceHookArgs:
    """A before-update of the cluster: the old input ``asked``, the provider's last reading
    ``deployed`` (None: no outputs), the new input ``new``."""
    return ResourceHookArgs(
        urn=URN,
        id="arn:aws:kafka:us-east-1:123456789012:cluster/msk-prod/0a1b2c3d",
        name="msk-cluster",
        type=CLUSTER,
        old_inputs={"clusterName": "msk-prod", **volume(asked)},
        new_inputs={"clusterName": "msk-prod", **volume(new)},
        old_outputs=None if deployed is None else {"arn": "arn:…", **volume(deployed)},
    )


def test_a_volume_autoscaling_grew_is_never_shrunk():
    # Asked 1000, autoscaling grew it to 1500, autoscaling turned off with 1200: a shrink.
    with pytest.raises(ValueError) as caught:
        _volume_only_grows(update(asked=1000, deployed=1500, new=1200))
    message = str(caught.value)
    assert "msk:ebsVolumeGib: 1200 GiB is smaller than the current 1500 GiB" in message
    assert "storage autoscaling grew it from the 1000 GiB asked" in message
    assert "Keep 1500 or more" in message


def test_keeping_the_old_size_after_autoscaling_grew_it_is_a_shrink_too():
    with pytest.raises(ValueError, match="1000 GiB is smaller than the current 1500 GiB"):
        _volume_only_grows(update(asked=1000, deployed=1500, new=1000))


def test_a_grow_under_ten_gib_of_the_deployed_volume_is_refused():
    with pytest.raises(ValueError, match="by 5 GiB from the current 1500 GiB.*Use 1510 or more"):
        _volume_only_grows(update(asked=1000, deployed=1500, new=1505))


@pytest.mark.parametrize(
    "asked,deployed,new",
    [
        (1000, 1500, 1500),  # the deployed size written down: nothing for AWS to do
        (1000, 1500, 2000),  # a real grow from what is deployed
        (1000, 1000, 1200),  # autoscaling never grew it: the old input was right
        (1000, None, 1200),  # no outputs to read: the old input is all there is
        (1000, 800, 1200),  # outputs smaller than the input (an update still running)
    ],
)
def test_a_change_that_grows_the_deployed_volume_goes_ahead(asked, deployed, new):
    assert _volume_only_grows(update(asked, deployed, new)) is None


def test_without_outputs_the_old_input_still_guards():
    with pytest.raises(ValueError, match="900 GiB is smaller than the current 1000 GiB; EBS"):
        _volume_only_grows(update(asked=1000, deployed=None, new=900))


def test_the_offline_comparison_reads_the_deployed_volume_the_same_way():
    # What `plan --against` passes from a stack export: the before resource's outputs.
    assert "current 1500 GiB" in volume_change_problem(volume(1000), volume(1200), volume(1500))
    assert volume_change_problem(volume(1000), volume(1200), {}) is None
    assert volume_change_problem(volume(1000), volume(1600), volume(1500)) is None

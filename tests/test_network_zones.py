"""The built network's subnets land only in Availability Zones MSK can use.

The offline Region lists zones as EC2 does: a Local Zone the account opted in to comes first
(its name sorts before the Region's own zones), a Wavelength Zone not opted in to, and
us-east-1's one zone MSK refuses (use1-az3, us-east-1c here).
"""

import pytest

from msk_platform.builders.network import nth_zone

SUBNET = "aws:ec2/subnet:Subnet"


def subnet_zones(run) -> list[str]:
    return [s.inputs["availabilityZone"] for s in run.of_type(SUBNET)]


@pytest.mark.parametrize(
    "az_count,zones",
    [
        (2, ["us-east-1a", "us-east-1b"]),
        # us-east-1c is use1-az3, where MSK places no brokers: skipped.
        (3, ["us-east-1a", "us-east-1b", "us-east-1d"]),
    ],
)
def test_subnets_go_only_in_availability_zones_msk_can_use(run_config, az_count, zones):
    run = run_config(azCount=az_count, brokerCount=az_count)
    assert subnet_zones(run) == zones


def test_a_local_zone_is_never_chosen_for_the_dev_stack(run_stack):
    zones = subnet_zones(run_stack("dev"))
    assert zones == ["us-east-1a", "us-east-1b"]
    assert not any(zone.startswith("us-east-1-") for zone in zones)  # local or wavelength


def test_serverless_subnets_skip_local_zones_too(run_config):
    run = run_config(clusterType="serverless", azCount=3)
    assert subnet_zones(run) == ["us-east-1a", "us-east-1b", "us-east-1d"]


def test_too_few_usable_zones_is_a_clear_error_naming_the_key():
    with pytest.raises(ValueError) as raised:
        nth_zone(2, 3)(["us-east-1a", "us-east-1b"])
    message = str(raised.value)
    assert message.startswith("msk:azCount: 3 zones")
    assert "only 2 Availability Zones" in message and "us-east-1a, us-east-1b" in message
    assert nth_zone(1, 2)(["us-east-1a", "us-east-1b"]) == "us-east-1b"

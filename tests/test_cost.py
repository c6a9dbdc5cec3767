"""The cost model against hand computations from the catalog's us-east-1 list prices."""

import pytest

from msk_platform.cost import combine, estimate
from tests.conftest import PROJECT_DIR, build_spec

HOURS = 730


def lines_by_item(result) -> dict:
    return {line.item: line for line in result.lines}


def test_standard_brokers_storage_and_provisioned_throughput():
    spec = build_spec(
        instance_type="kafka.m7g.4xlarge", ebs_volume_gib=500, provisioned_throughput_mibps=300
    )
    result = estimate(spec, "us-east-1")
    lines = lines_by_item(result)
    # 3 brokers x $1.632/h x 730 h; 3 x 500 GB x $0.10; 3 x 300 MB/s x $0.08
    assert lines["Broker instances (kafka.m7g.4xlarge)"].monthly == 3574.08
    assert lines["EBS storage"].monthly == 150.00
    assert lines["Provisioned storage throughput"].monthly == 72.00
    assert result.monthly == 3796.08
    assert result.prices_as_of == "2026-06-23" and result.currency == "USD"


def test_express_prices_data_in_and_retained_storage_from_the_workload():
    spec = build_spec(
        instance_type="express.m7g.large", workload={"ingressMibps": 10, "retentionHours": 48}
    )
    lines = lines_by_item(estimate(spec, "us-east-1"))
    assert lines["Broker instances (express.m7g.large)"].monthly == 893.52  # 3 x 0.408 x 730
    assert lines["Data in"].quantity == pytest.approx(25664.0625)  # 10 MiB/s x 730 h in GiB
    assert lines["Data in"].monthly == 256.64  # x $0.01
    assert lines["Storage (retained data)"].quantity == pytest.approx(1687.5)  # 10 MiB/s x 48 h
    assert lines["Storage (retained data)"].monthly == 168.75  # x $0.10
    assert estimate(spec, "us-east-1").monthly == 1318.91
    assert "Cross-AZ client traffic (EC2 data transfer)" in lines


def test_serverless_prices_every_dimension():
    spec = build_spec(
        cluster_type="serverless",
        workload={"ingressMibps": 1, "egressMibps": 2, "retentionHours": 24, "partitions": 100},
    )
    result = estimate(spec, "us-east-1")
    lines = lines_by_item(result)
    assert lines["Cluster"].monthly == 547.50  # 730 x $0.75
    assert lines["Partitions"].monthly == 109.50  # 100 x 730 x $0.0015
    assert lines["Data in"].monthly == 256.64  # 2566.4 GiB x $0.10
    assert lines["Data out"].monthly == 256.64  # 5132.8 GiB x $0.05
    assert lines["Storage (retained data)"].monthly == 8.44  # 84.375 GiB x $0.10
    assert result.monthly == 1178.72
    assert not any("Cross-AZ" in item for item in lines)
    assert not result.warnings


def test_without_a_workload_usage_lines_have_no_amount_not_zero():
    result = estimate(build_spec(cluster_type="serverless"), "us-east-1")
    lines = lines_by_item(result)
    assert lines["Partitions"].quantity is None and lines["Partitions"].monthly is None
    assert lines["Data in"].to_json()["monthly"] is None
    assert result.monthly == 547.50
    assert set(result.usage_dependent) == {
        "Partitions",
        "Data in",
        "Data out",
        "Storage (retained data)",
    }
    assert any("no msk:workload" in note for note in result.assumptions)


def test_cross_az_traffic_is_its_own_line_outside_the_msk_bill():
    spec = build_spec(workload={"ingressMibps": 10, "egressMibps": 20})
    result = estimate(spec, "us-east-1")
    crossing = lines_by_item(result)["Cross-AZ client traffic (EC2 data transfer)"]
    # 30 MiB/s for 730 h = 76992.19 GiB, 2 of 3 AZs away, at $0.02 per GB crossing
    assert crossing.quantity == pytest.approx(51328.125)
    assert crossing.monthly == 1026.56 and not crossing.in_msk_bill
    assert result.monthly == 746.76  # brokers and storage only


def test_a_region_without_prices_warns_instead_of_guessing():
    result = estimate(build_spec(), "eu-west-1")
    assert result.monthly is None
    assert all(line.unit_price is None and line.monthly is None for line in result.lines)
    assert lines_by_item(result)["EBS storage"].quantity == 3000
    assert any("eu-west-1" in w and "us-east-1" in w for w in result.warnings)


def test_partition_sprawl_warns_with_what_partitions_cost():
    spec = build_spec(cluster_type="serverless", workload={"partitions": 2000})
    warnings = estimate(spec, "us-east-1").warnings
    assert len(warnings) == 1 and "2000 partitions cost $2,190.00 a month" in warnings[0]
    few = build_spec(cluster_type="serverless", workload={"partitions": 10})
    assert not estimate(few, "us-east-1").warnings


def test_combined_bill_sums_the_clusters():
    one = estimate(build_spec(), "us-east-1", "orders")
    two = estimate(build_spec(cluster_type="serverless"), "us-east-1", "events")
    bill = combine([one, two])
    assert bill.monthly == round(one.monthly + two.monthly, 2)
    assert bill.lines[0].item.startswith("orders: ") and bill.lines[-1].item.startswith("events: ")


@pytest.mark.parametrize("stack,monthly", [("dev", "$70.58"), ("prod", "$746.76")])
def test_readme_states_each_stack_cost(stack, monthly):
    from mskctl.plan import build_plan, stack_config

    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, stack))
    assert f"${document['cost']['monthly']:,.2f}" == monthly
    assert f"**{monthly}**" in (PROJECT_DIR / "README.md").read_text(encoding="utf-8")

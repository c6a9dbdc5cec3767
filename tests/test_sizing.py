"""The sizing model: each constraint binds somewhere, more load never costs less, the
recommendation is the cheapest feasible option, and serverless wins only where it should."""

import math
from dataclasses import replace

import pytest

from msk_platform import catalog, sizing
from msk_platform.sizing import (
    AVAILABILITY_ZONES,
    AZ_LOSS,
    CPU,
    EXPRESS,
    EXPRESS_EGRESS,
    EXPRESS_INGRESS,
    NETWORK,
    PARTITION_THROUGHPUT,
    PARTITIONS_PER_BROKER,
    REPLICATION,
    SERVERLESS,
    SERVERLESS_CONSUMER_GROUPS,
    SERVERLESS_EGRESS,
    SERVERLESS_INGRESS,
    SERVERLESS_PARTITIONS,
    SIZING_BASELINE,
    STANDARD,
    STORAGE_CAPACITY,
    STORAGE_THROUGHPUT,
    Option,
    SizingInputError,
    evaluate,
    evaluate_all,
    size,
    workload,
)

DEFAULTS = sizing.default_assumptions()
MIB_PER_MB = 10**6 / 2**20


def standard(instance_type, brokers=3, volume=1000, throughput=None, azs=3) -> Option:
    return Option(STANDARD, instance_type, brokers, volume, throughput, azs)


def express(instance_type, brokers=3) -> Option:
    return Option(EXPRESS, instance_type, brokers, azs=3)


CASES = [
    # (constraint, option, workload figures, parameters changed from the defaults, feasible)
    (STORAGE_THROUGHPUT, standard("kafka.m7g.large"), {"ingress_mibps": 35}, {}, True),
    (NETWORK, standard("kafka.m5.large"), {"ingress_mibps": 20, "consumer_groups": 4}, {}, True),
    # A CPU-heavier byte (TLS, small records) than the express calibration.
    (CPU, standard("kafka.m7g.large"), {"ingress_mibps": 20}, {"cpu_mibps_per_vcpu": 40}, True),
    # One copy: losing its AZ loses the partition.
    (
        AZ_LOSS,
        standard("kafka.m7g.large"),
        {"ingress_mibps": 1, "replication_factor": 1},
        {},
        False,
    ),
    # Three copies in two AZs: one AZ holds two of them, min.insync.replicas 2 can't be met.
    (
        AZ_LOSS,
        standard("kafka.m7g.large", brokers=4, azs=2),
        {"ingress_mibps": 1, "replication_factor": 3, "azs": 2},
        {},
        False,
    ),
    # Thin headroom: the survivors' network is what binds.
    (
        AZ_LOSS,
        standard("kafka.m7g.large"),
        {"ingress_mibps": 40, "consumer_groups": 4},
        {"standard_utilization": 0.95, "cpu_max_utilization": 0.9},
        True,
    ),
    (
        STORAGE_CAPACITY,
        standard("kafka.m7g.large", volume=100),
        {"ingress_mibps": 10, "retention_hours": 24},
        {},
        False,
    ),
    (
        PARTITIONS_PER_BROKER,
        standard("kafka.m7g.large"),
        {"ingress_mibps": 1, "partitions": 1100},
        {},
        False,
    ),
    # More copies than brokers (also losing copies with an AZ, unless no AZ loss is planned for).
    (
        REPLICATION,
        standard("kafka.m7g.large"),
        {"ingress_mibps": 1, "replication_factor": 4},
        {"azs_lost": 0},
        False,
    ),
    (SIZING_BASELINE, standard("kafka.t3.small"), {"ingress_mibps": 1}, {}, False),
    (EXPRESS_INGRESS, express("express.m7g.large"), {"ingress_mibps": 40}, {}, False),
    (
        EXPRESS_INGRESS,
        express("express.m7g.large"),
        {"ingress_mibps": 8, "partitions": 30},
        {},
        True,
    ),
    (
        EXPRESS_EGRESS,
        express("express.m7g.large"),
        {"ingress_mibps": 10, "consumer_groups": 8},
        {},
        False,
    ),
    (
        PARTITION_THROUGHPUT,
        express("express.m7g.large"),
        {"ingress_mibps": 30, "partitions": 2},
        {},
        False,
    ),
    (AVAILABILITY_ZONES, express("express.m7g.large"), {"ingress_mibps": 1, "azs": 2}, {}, False),
    (
        REPLICATION,
        express("express.m7g.large"),
        {"ingress_mibps": 1, "replication_factor": 4},
        {},
        False,
    ),
    (SERVERLESS_INGRESS, Option(SERVERLESS), {"ingress_mibps": 150}, {}, False),
    (
        SERVERLESS_EGRESS,
        Option(SERVERLESS),
        {"ingress_mibps": 10, "consumer_groups": 30, "partitions": 100},
        {},
        False,
    ),
    (
        SERVERLESS_PARTITIONS,
        Option(SERVERLESS),
        {"ingress_mibps": 1, "partitions": 3000},
        {},
        False,
    ),
    (
        SERVERLESS_CONSUMER_GROUPS,
        Option(SERVERLESS),
        {"ingress_mibps": 1, "egress_mibps": 1, "consumer_groups": 501},
        {},
        False,
    ),
    (PARTITION_THROUGHPUT, Option(SERVERLESS), {"ingress_mibps": 10, "partitions": 2}, {}, False),
]


@pytest.mark.parametrize(
    "constraint,option,figures,changed,feasible",
    CASES,
    ids=[f"{case[0]}-{case[1].family}-{i}" for i, case in enumerate(CASES)],
)
def test_each_constraint_binds_in_a_constructed_case(
    constraint, option, figures, changed, feasible
):
    assumptions = replace(DEFAULTS, **changed)
    load = workload(**{"retention_hours": 1, **figures}, assumptions=assumptions)
    evaluation = evaluate(option, load, assumptions)
    assert evaluation.feasible is feasible
    assert evaluation.binding.constraint == constraint, evaluation.binding.describe()
    if not feasible:
        assert constraint in evaluation.binding.describe()


def test_storage_throughput_is_equation_1_of_the_right_sizing_blog():
    load = workload(35, retention_hours=1)
    check = evaluate(standard("kafka.m7g.large"), load).binding
    facts = catalog.broker_throughput()["kafka.m7g.large"]
    # 35 MiB/s × 3 copies over 3 brokers, against half of min(250 MiB/s volume, 78.75 EBS).
    assert check.demand == pytest.approx(35.0)
    assert check.limit == pytest.approx(0.5 * min(250, facts.ebs_baseline_mibps))
    assert check.ratio == pytest.approx(35 / 39.375)


def test_provisioned_throughput_lifts_the_storage_limit_where_the_type_allows_it():
    load = workload(150, retention_hours=1)
    plain = evaluate(standard("kafka.m7g.2xlarge"), load)
    assert not plain.feasible and plain.binding.constraint == STORAGE_THROUGHPUT
    options = sizing.standard_options("kafka.m7g.2xlarge", 3, load, DEFAULTS)
    boosted = options[-1]
    # 150 × 3 / 3 = 150 MiB/s written needs 300 at 50 % utilization: within the 312.5 maximum.
    assert boosted.provisioned_throughput_mibps == 300
    assert evaluate(boosted, load).feasible
    assert len(sizing.standard_options("kafka.m7g.large", 3, load, DEFAULTS)) == 1


def test_the_cpu_calibration_comes_from_the_express_quotas():
    # express.m7g.large: 15.6 MB/s in × 3 copies + 31.2 out + 15.6 × 2 to followers, on 2 vCPUs,
    # taken to sit at the 60 % guidance.
    traffic = (15.6 * 3 + 31.2 + 15.6 * 2) * MIB_PER_MB
    assert DEFAULTS.cpu_mibps_per_vcpu == pytest.approx(traffic / 2 / 0.6)
    assert DEFAULTS.cpu_max_utilization == 0.6
    assert (DEFAULTS.standard_utilization, DEFAULTS.express_utilization) == (0.5, 0.75)


def sweep(figures: dict, name: str, values) -> list:
    return [size(workload(**{**figures, name: value})).recommended for value in values]


def assert_never_cheaper(recommendations: list) -> None:
    costs = [math.inf if r is None else r.monthly for r in recommendations]
    assert costs == sorted(costs), costs


@pytest.mark.parametrize(
    "figures,name,values",
    [
        (
            {"consumer_groups": 2, "retention_hours": 72},
            "ingress_mibps",
            [0.2, 1, 4, 15, 60, 250, 1000, 4000],
        ),
        ({"retention_hours": 24, "azs": 2}, "ingress_mibps", [0.5, 3, 20, 90, 400]),
        ({"ingress_mibps": 5, "retention_hours": 24}, "peak_ingress_mibps", [5, 20, 80, 200, 800]),
        ({"ingress_mibps": 10}, "consumer_groups", [1, 3, 10, 30]),
        ({"ingress_mibps": 10}, "retention_hours", [1, 24, 168, 720]),
        ({"ingress_mibps": 10, "retention_hours": 24}, "partitions", [10, 500, 3000, 20000]),
    ],
)
def test_more_load_never_yields_a_cheaper_recommendation(figures, name, values):
    assert_never_cheaper(sweep(figures, name, values))


@pytest.mark.parametrize(
    "figures",
    [
        {"ingress_mibps": 20, "consumer_groups": 2, "retention_hours": 72, "partitions": 300},
        {"ingress_mibps": 150, "retention_hours": 12, "azs": 2},
        {"ingress_mibps": 0.5, "peak_ingress_mibps": 60, "retention_hours": 24},
    ],
)
def test_the_recommendation_is_feasible_and_nothing_cheaper_is(figures):
    load = workload(**figures)
    best = size(load).recommended
    assert best.feasible and all(check.ok for check in best.checks)
    everything = evaluate_all(load)
    feasible = [e for e in everything if e.feasible and e.monthly is not None]
    assert min(e.monthly for e in feasible) == best.monthly
    assert best.option in {e.option for e in feasible}
    assert all(
        not e.feasible for e in everything if e.monthly is not None and e.monthly < best.monthly
    )


def test_every_type_and_broker_count_is_an_option():
    load = workload(1, azs=2, retention_hours=1)
    options = list(sizing.all_options(load, DEFAULTS))
    m7g = [o.broker_count for o in options if o.instance_type == "kafka.m7g.large"]
    assert m7g == list(range(2, 61, 2))  # multiples of 2 AZs up to the KRaft limit
    t3 = [o.broker_count for o in options if o.instance_type == "kafka.t3.small"]
    assert max(t3) == catalog.max_brokers_per_cluster(catalog.ZOOKEEPER)
    assert {o.broker_count % 3 for o in options if o.family == EXPRESS} == {0}
    assert {o.instance_type for o in options if o.instance_type} == set(catalog.instance_types())
    assert sum(o.family == SERVERLESS for o in options) == 1


def test_serverless_wins_small_spiky_loads():
    # 0.5 MiB/s on average, bursts of 60: brokers must be sized for the burst, serverless bills
    # the average.
    result = size(workload(0.5, peak_ingress_mibps=60, retention_hours=24))
    assert result.recommended.option.family == SERVERLESS
    runner_up = result.alternatives[1]
    assert runner_up.option.family == STANDARD and runner_up.monthly > result.recommended.monthly


def test_serverless_wins_small_loads_kept_long():
    # Brokers keep three EBS copies below the disk alarm; serverless bills one copy.
    assert size(workload(0.5, retention_hours=720)).recommended.option.family == SERVERLESS
    assert size(workload(0.5, retention_hours=24)).recommended.option.family == STANDARD


@pytest.mark.parametrize(
    "figures,broken",
    [
        (
            {"ingress_mibps": 0.5, "peak_ingress_mibps": 200, "retention_hours": 720},
            SERVERLESS_INGRESS,
        ),
        ({"ingress_mibps": 0.5, "retention_hours": 720, "partitions": 3000}, SERVERLESS_PARTITIONS),
        (
            {
                "ingress_mibps": 0.5,
                "egress_mibps": 1,
                "consumer_groups": 600,
                "retention_hours": 720,
            },
            SERVERLESS_CONSUMER_GROUPS,
        ),
    ],
)
def test_serverless_is_not_chosen_past_its_limits(figures, broken):
    load = workload(**figures)
    result = size(load)
    assert result.cheapest(SERVERLESS) is None
    assert result.recommended.option.family != SERVERLESS
    assert broken in [c.constraint for c in evaluate(Option(SERVERLESS), load).violations]


def test_a_workload_nothing_carries_names_the_nearest_miss_of_each_family():
    result = size(workload(25_000, retention_hours=1))
    assert result.recommended is None and not result.alternatives
    assert [m.option.family for m in result.nearest_misses] == [STANDARD, EXPRESS, SERVERLESS]
    nearest_express = result.nearest_misses[1]
    assert nearest_express.option.broker_count == 60
    assert nearest_express.binding.constraint == EXPRESS_INGRESS


def test_workload_defaults_are_said_and_come_from_the_catalog():
    load = workload(10)
    assert (load.egress_mibps, load.consumer_groups) == (10, 1)
    assert load.retention_hours == catalog.sizing_parameters()["default_retention_hours"]
    assert (load.replication_factor, load.azs) == (3, 3)
    assert workload(10, azs=2).replication_factor == 2
    assert workload(10, egress_mibps=25).consumer_groups == 3
    # The fewest partitions that keep 10 MiB/s under 75 % of 5 MB/s each.
    assert load.partitions == math.ceil(10 / (5 * MIB_PER_MB * 0.75))
    assert len(load.assumed) == 6
    assert (
        workload(
            10,
            peak_ingress_mibps=10,
            egress_mibps=10,
            consumer_groups=1,
            retention_hours=1,
            partitions=1,
            replication_factor=3,
            azs=3,
        ).assumed
        == ()
    )


@pytest.mark.parametrize(
    "figures,message",
    [
        ({"ingress_mibps": None}, "ingress"),
        ({"ingress_mibps": 0}, "ingress must be more than 0"),
        ({"ingress_mibps": 5, "egress_mibps": -1}, "egress must be at least 0"),
        ({"ingress_mibps": 5, "retention_hours": 0}, "retention must be more than 0"),
        ({"ingress_mibps": 5, "partitions": 0}, "partitions must be at least 1"),
        ({"ingress_mibps": 5, "replication_factor": 0}, "replication factor must be at least 1"),
        ({"ingress_mibps": 5, "azs": 4}, "4 AZs"),
        ({"ingress_mibps": 5, "peak_ingress_mibps": 4}, "below the average"),
    ],
)
def test_bad_figures_are_refused_in_words(figures, message):
    with pytest.raises(SizingInputError, match=message):
        workload(**figures)


def test_the_pasted_stack_config_is_a_valid_spec_of_the_same_cluster():
    from msk_platform import ClusterSpec

    for figures in (
        {"ingress_mibps": 0.5, "retention_hours": 720},
        {"ingress_mibps": 20, "consumer_groups": 2, "retention_hours": 72},
        {"ingress_mibps": 150, "retention_hours": 12, "azs": 2},
    ):
        load = workload(**figures)
        best = size(load).recommended
        config = sizing.stack_config(best.option, load)
        args = {key.split(":", 1)[1]: value for key, value in config.items()}
        spec = ClusterSpec.from_args(
            {sizing_key(k): v for k, v in args.items()}, project="msk", stack="pasted"
        )
        assert sizing.configured_option(spec).label == best.option.label
        assert sizing.workload_from_spec(spec).partitions == load.partitions


def sizing_key(name: str) -> str:
    from msk_platform.spec.keys import camel_to_snake

    return camel_to_snake(name)


def test_each_family_costs_more_or_drops_out_as_ingress_grows():
    load = workload(1, peak_ingress_mibps=4, consumer_groups=3, retention_hours=48)
    values = [0.1 * 1.6**i for i in range(22)]  # 0.1 to about 2,000 MiB/s
    curves = sizing.cost_curves(load, values)
    for family, costs in curves.items():
        as_numbers = [math.inf if cost is None else cost for cost in costs]
        assert as_numbers == sorted(as_numbers), family
    assert curves[SERVERLESS][0] is not None and curves[SERVERLESS][-1] is None
    cheapest = [
        min((c for c in column if c is not None), default=math.inf)
        for column in zip(*curves.values(), strict=True)
    ]
    assert cheapest == sorted(cheapest)


def test_on_the_default_figures_storage_or_network_saturates_before_cpu():
    # The README's claim: the most a standard broker may write (storage limit) and send
    # (network limit) still keeps CPU under the guidance, for every catalog type.
    for name, facts in catalog.broker_throughput().items():
        instance = catalog.instance_types()[name]
        if instance.is_express or facts.ebs_baseline_mibps is None:
            continue
        volume = instance.provisioned_throughput_max_mibps or DEFAULTS.volume_throughput_mibps
        written = min(volume, facts.ebs_baseline_mibps) * DEFAULTS.standard_utilization
        sent = facts.network_baseline_mibps * DEFAULTS.standard_utilization
        cpu = (min(written, sent) + sent) / (instance.vcpu * DEFAULTS.cpu_mibps_per_vcpu)
        assert cpu < DEFAULTS.cpu_max_utilization, name

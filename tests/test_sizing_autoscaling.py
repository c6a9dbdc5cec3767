"""Sizing and the plan's workload check count storage autoscaling, and `mskctl size` pastes
every workload figure it sized with (the peak too)."""

import json

import yaml

from msk_platform import catalog, sizing
from mskctl.cli import main
from mskctl.plan import build_plan, stack_config
from tests.conftest import PROJECT_DIR, build_spec

# 3 brokers, RF 3: each broker keeps ingress × hours × 3600 / 1024 GiB. 1 MiB/s for 569 h is
# about 2,000 GiB a broker, more than a 1,000 GiB volume holds below the disk alarm, and
# written at 21 GiB a broker every 6 h, well within what autoscaling adds to 1,000 GiB.
SLOW_FILL = {"ingressMibps": 1, "retentionHours": 569, "partitions": 30}
PROD_LIKE = dict(
    instance_type="kafka.m7g.large",
    broker_count=3,
    ebs_volume_gib=1000,
    storage_autoscaling={"maxGib": 4000, "targetUtilization": 60},
)


def carry_warnings(**args) -> list:
    spec = build_spec(**args)
    return [w for w in sizing.plan_warnings(spec, region=None) if "can't carry it" in w]


def test_data_the_autoscaling_maximum_holds_is_carried():
    assert carry_warnings(**PROD_LIKE, workload=SLOW_FILL) == []
    without = {k: v for k, v in PROD_LIKE.items() if k != "storage_autoscaling"}
    (warning,) = carry_warnings(**without, workload=SLOW_FILL)
    assert "storage capacity" in warning and "a 1,000 GiB volume" in warning


def test_data_past_the_autoscaling_maximum_is_refused_naming_it():
    (warning,) = carry_warnings(**PROD_LIKE, workload={**SLOW_FILL, "retentionHours": 1000})
    assert "storage capacity" in warning
    assert "the 4,000 GiB storage autoscaling may grow each volume to" in warning


def test_autoscaling_that_cannot_keep_pace_with_the_writes_is_refused():
    # 20 MiB/s for 48 h is 3,375 GiB a broker (within 85% of 4,000), written at 421.88 GiB a
    # broker every 6 h, while autoscaling adds 100 GiB to a 1,000 GiB volume in that time.
    fast = {"ingressMibps": 20, "retentionHours": 48, "partitions": 30}
    (warning,) = carry_warnings(**PROD_LIKE, workload=fast)
    rules = catalog.autoscaling_rules()
    assert "storage autoscaling pace: 421.88 GiB written per broker in 6 h" in warning
    assert f"at most every {rules['min_interval_hours']} h" in warning and "= 100 GiB" in warning
    # Starting from a volume the data fits in, autoscaling never has to catch up.
    assert carry_warnings(**{**PROD_LIKE, "ebs_volume_gib": 3999}, workload=fast) == []


def test_the_prod_plan_counts_its_autoscaling_maximum():
    config = stack_config(
        PROJECT_DIR,
        "prod",
        ["workload={ingressMibps: 1, retentionHours: 569, partitions: 30}"],
    )
    warnings = build_plan(PROJECT_DIR, config)["warnings"]
    assert not [w for w in warnings if "can't carry it" in w]


def pasted_config(out: str) -> dict:
    """The YAML block `mskctl size` prints to paste, as a mapping."""
    block = out.split("Stack config to paste into Pulumi.<stack>.yaml:\n", 1)[1].split("\n\n")[0]
    rows = [line[2:] for line in block.splitlines() if not line.startswith("  and ")]
    return yaml.safe_load("\n".join(rows))["config"]


def test_the_pasted_stack_config_keeps_the_peak(capsys):
    figures = ["--ingress-mibps", "10", "--peak-ingress-mibps", "30", "--retention-hours", "24"]
    assert main(["size", *figures]) == 0
    assert pasted_config(capsys.readouterr().out)["msk:workload"]["peakIngressMibps"] == 30
    assert main(["size", *figures, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["stackConfig"]["msk:workload"]["peakIngressMibps"] == 30
    assert main(["size", "--ingress-mibps", "10"]) == 0
    assert "peakIngressMibps" not in pasted_config(capsys.readouterr().out)["msk:workload"]


def test_the_pasted_workload_is_the_one_that_was_sized():
    load = sizing.workload(10, peak_ingress_mibps=30, retention_hours=24)
    best = sizing.size(load).recommended
    spec = build_spec(workload=sizing.stack_config(best.option, load)["msk:workload"])
    again = sizing.workload_from_spec(spec)

    def figures(w):
        return {k: v for k, v in w.to_json().items() if k != "assumed"}

    assert figures(again) == figures(load)
    assert sizing.size(again).recommended.option == best.option


def test_a_pasted_volume_past_the_stack_s_autoscaling_maximum_says_to_raise_it(capsys):
    figures = ["--stack", "prod", "--project-dir", str(PROJECT_DIR)]
    assert main(["size", *figures, "--set", "workload={ingressMibps: 40, retentionHours: 30}"]) == 0
    out = capsys.readouterr().out
    volume = pasted_config(out)["msk:ebsVolumeGib"]
    assert volume >= 4000
    assert f"raise msk:storageAutoscaling.maxGib above {volume:,} (the stack's 4,000" in out
    assert main(["size", *figures, "--set", "workload={ingressMibps: 1, retentionHours: 24}"]) == 0
    assert "raise msk:storageAutoscaling.maxGib" not in capsys.readouterr().out

"""`mskctl size`, the plan's sizing warnings, the plot, and the README's worked example."""

import json

import pytest

from msk_platform import sizing
from mskctl.cli import main
from mskctl.plan import build_plan, stack_config
from tests.conftest import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
EXAMPLE = ["--ingress-mibps", "20", "--consumer-groups", "2", "--retention-hours", "72"]
EXAMPLE += ["--partitions", "300", "--top", "3"]


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["size", *args])
    out, err = capsys.readouterr()
    return code, out, err


def readme_section() -> str:
    return README.split("## Sizing: from a workload to a cluster", 1)[1].split("\n## ", 1)[0]


def test_size_prints_the_recommendation_alternatives_and_stack_config(capsys):
    code, out, _ = run(capsys, *EXAMPLE)
    best = sizing.size(sizing.workload(20, consumer_groups=2, retention_hours=72, partitions=300))
    assert code == 0
    assert f"Recommended: {best.recommended.option.label}: ${best.recommended.monthly:,.2f}" in out
    assert "Cheapest of each type (3 of" in out
    assert "msk:instanceType: express.m7g.large" in out and "msk:brokerCount: 3" in out
    assert "  - peak ingress = the average (no peak given)" in out


def test_size_json_lists_every_option_with_its_binding_constraint(capsys):
    code, out, _ = run(capsys, "--ingress-mibps", "5", "--retention-hours", "24", "--json")
    document = json.loads(out)
    load = sizing.workload(5, retention_hours=24)
    assert code == 0
    assert len(document["options"]) == len(
        list(sizing.all_options(load, sizing.default_assumptions()))
    )
    assert document["recommended"] == document["options"][0]
    assert document["recommended"]["feasible"] and document["recommended"]["violations"] == []
    assert {o["binding"]["constraint"] for o in document["options"]} >= {
        sizing.STORAGE_THROUGHPUT,
        sizing.SIZING_BASELINE,
    }
    assert document["stackConfig"]["msk:workload"]["ingressMibps"] == 5
    assert document["workload"]["assumed"] and document["assumptions"]["cpu_max_utilization"] == 0.6


def test_a_workload_nothing_carries_says_why_and_exits_1(capsys):
    code, out, _ = run(capsys, "--ingress-mibps", "25000", "--retention-hours", "1")
    assert code == 1
    assert "No option in the catalog carries this workload" in out
    assert "✗ express ingress per broker" in out and "✗ serverless ingress per cluster" in out
    assert "Stack config" not in out


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "give --ingress-mibps"),
        (["--ingress-mibps", "-3"], "ingress must be more than 0"),
        (["--ingress-mibps", "3", "--azs", "4"], "4 AZs"),
        (["--ingress-mibps", "3", "--peak-ingress-mibps", "1"], "below the average"),
        (["--ingress-mibps", "three"], "invalid float value"),
        (["--ingress-mibps", "3", "--plot", "cost.svg"], "ending in .png"),
        (["--ingress-mibps", "3", "--top", "0"], "--top"),
        (["--stack", "staging"], "no stack 'staging'"),
        (["--stack", "dev"], "states no msk:workload.ingressMibps"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in out + err


def test_size_of_a_stack_reads_its_workload_and_judges_its_cluster(capsys):
    code, out, _ = run(capsys, "--stack", "prod", "--set", "workload={ingressMibps: 40}")
    assert code == 0
    assert "Sizing for 40 MiB/s in" in out
    assert "Configured in the stack: 3 × kafka.m7g.large, 1,000 GiB each" in out
    assert "it can't carry this workload" in out and "✗ storage capacity" in out
    code, out, _ = run(
        capsys, "--stack", "prod", "--set", "workload={ingressMibps: 40}", "--ingress-mibps", "1"
    )
    assert "Sizing for 1 MiB/s in" in out and "it carries this workload" in out


def test_a_stack_with_configuration_errors_exits_1(capsys):
    code, _, err = run(capsys, "--stack", "prod", "--set", "brokerCount=4", "--ingress-mibps", "1")
    assert code == 1 and "msk:brokerCount" in err


def prod_plan(workload: str) -> dict:
    return build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod", [f"workload={workload}"]))


def sizing_warnings(document: dict) -> list:
    return [w for w in document["warnings"] if w.startswith("msk:workload")]


def test_plan_warns_when_the_configured_cluster_cant_carry_the_workload():
    warnings = sizing_warnings(prod_plan("{ingressMibps: 40, retentionHours: 24}"))
    assert len(warnings) == 2
    # 24 h at 40 MiB/s fit in the 4,000 GiB prod's autoscaling may reach, but fill 844 GiB a
    # broker every 6 h while autoscaling grows a 1,000 GiB volume by 100 GiB in that time.
    assert "can't carry it: storage autoscaling pace" in warnings[0]
    assert "storage throughput" in warnings[0] and "storage capacity" not in warnings[0]
    load = sizing.workload(40, retention_hours=24)
    best = sizing.size(load).recommended
    assert f"is {best.option.label}, ${best.monthly:,.2f} a month" in warnings[1]


def test_plan_warns_when_a_cheaper_option_carries_the_workload():
    warnings = sizing_warnings(prod_plan("{ingressMibps: 2, retentionHours: 24}"))
    load = sizing.workload(2, retention_hours=24)
    configured = sizing.Option(sizing.STANDARD, "kafka.m7g.large", 3, 1000, None, 3)
    current = sizing.price(sizing.evaluate(configured, load), load)
    best = sizing.size(load).recommended
    saving = current.monthly - best.monthly
    assert saving > 0
    assert warnings == [
        f"msk:workload: {best.option.label} also carries it, for ${saving:,.2f} a month less "
        "than the configured cluster; see `mskctl size --stack prod`"
    ]


def test_plan_without_a_workload_has_no_sizing_warnings():
    document = build_plan(PROJECT_DIR, stack_config(PROJECT_DIR, "prod"))
    assert not sizing_warnings(document)


def test_plot_is_a_png(tmp_path, monkeypatch, capsys):
    from mskctl import sizing_plot

    monkeypatch.setattr(sizing_plot, "SWEEP_POINTS", 5)
    path = tmp_path / "cost.png"
    code, out, _ = run(capsys, "--ingress-mibps", "2", "--plot", str(path))
    assert code == 0 and f"written to {path}" in out
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = run(capsys, "--ingress-mibps", "2", "--plot", str(tmp_path / "no" / "x.png"))
    assert code == 2 and "can't write" in err


def test_plot_sweep_covers_the_workload_and_the_reference_range():
    load = sizing.workload(5000)
    values = sizing_plot_sweep(load)
    assert values[0] <= 0.1 and values[-1] >= 5000 * 3
    assert values == sorted(values)


def sizing_plot_sweep(load):
    from mskctl.sizing_plot import sweep

    return sweep(load, 10)


def test_readme_worked_example_is_what_the_tool_prints(capsys):
    section = readme_section()
    _, out, _ = run(capsys, *EXAMPLE)
    block = section.split("```\nRecommended:", 1)[1].split("```", 1)[0]
    for line in ("Recommended:" + block).strip().splitlines():
        assert line.strip() in out, line
    load = sizing.workload(20, consumer_groups=2, retention_hours=72, partitions=300)
    result = sizing.size(load)
    express, standard = result.alternatives[0], result.alternatives[1]
    lines = {line.item: line.monthly for line in express.cost.lines}
    for figure in (
        lines["Broker instances (express.m7g.large)"],
        lines["Data in"],
        lines["Storage (retained data)"],
        lines["Cross-AZ client traffic (EC2 data transfer)"],
        express.monthly,
        standard.monthly,
        standard.monthly - express.monthly,
        result.cheapest(sizing.SERVERLESS).monthly,
    ):
        assert f"${figure:,.2f}" in section, figure
    assert f"{standard.option.ebs_volume_gib:,} GiB each" in section
    assert f"{load.retained_gib:,.1f} GiB" in section


def test_readme_serverless_example_is_what_the_model_says():
    result = sizing.size(sizing.workload(0.5, peak_ingress_mibps=60, retention_hours=24))
    serverless, brokers = result.alternatives[0], result.alternatives[1]
    assert serverless.option.family == sizing.SERVERLESS
    assert f"costs ${serverless.monthly:,.2f} a month serverless" in readme_section()
    assert f"${brokers.monthly:,.2f} for the cheapest brokers" in readme_section()

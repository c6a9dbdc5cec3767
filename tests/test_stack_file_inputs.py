"""Stack-file oddities through `mskctl plan`: each ends as a careful user would want.

A stack file Pulumi would refuse is a usage error (exit 2) naming the file and the key; one it
would accept is planned with the values the CLI would hand the program, and what the offline
plan can't follow is a warning. Never a traceback. Most cases plan an echo program, which
exports the config map it was given, so each case can check exactly what a program receives;
a few plan the real one. Part of the set is drawn from a seeded generator (typos of ``msk:``
and namespaces nowhere near it), so every run tries the same cases.
"""

import json
import random
import shutil
from dataclasses import dataclass

import pytest

from mskctl.cli import main
from tests.conftest import PROJECT_DIR

ECHO_PROGRAM = (
    "import json, os\nimport pulumi\n"
    "pulumi.export('config', json.loads(os.environ['PULUMI_CONFIG']))\n"
)
PULUMI_YAML = "name: msk\nruntime: python\n"
FILE = "Pulumi.odd.yaml"
SALT = "encryptionsalt: v1:c2FsdA==:v1:abcd:efgh\n"


@dataclass(frozen=True)
class Case:
    name: str
    stack_file: str | bytes | None  # None: no stack file at all
    status: int
    says: tuple[str, ...] = ()  # in the usage error (status 2), or among the plan's warnings
    gets: tuple[tuple[str, str], ...] = ()  # (key, text) the program receives
    lacks: tuple[str, ...] = ()  # keys the program does not receive
    quiet: bool = False  # no warnings at all
    project: str = PULUMI_YAML
    stack: str = "odd"
    real_program: bool = False


def usage(name, stack_file, *says, **more) -> Case:
    return Case(name, stack_file, 2, says=(FILE, *says) if "stack" not in more else says, **more)


def planned(name, stack_file, gets=(), says=(), **more) -> Case:
    return Case(name, stack_file, 0, says=tuple(says), gets=tuple(gets), **more)


CASES = [
    # --- not a map of settings --------------------------------------------------------------
    usage("empty file", "", "is empty"),
    usage("only comments", "# nothing here yet\n", "is empty"),
    usage("a list at the top", "- config\n- msk:brokerCount\n", "not a map", "a list"),
    usage("text at the top", "config msk:brokerCount 3\n", "not a map", "text"),
    usage("a number at the top", "42\n", "not a map", "a number"),
    # --- config: missing, empty or not a map ----------------------------------------------------
    usage("no config section", SALT, "has no config: section"),
    usage("Config capitalised", "Config:\n  msk:brokerCount: 3\n", "found 'Config:'"),
    usage("config null", "config:\n", "config: is empty", "config: {}"),
    usage(
        "config all commented out",
        "config:\n  # msk:brokerCount: 3\n",
        "config: is empty",
    ),
    usage("config a list", "config:\n  - msk:brokerCount: 3\n", "must be a map", "a list"),
    usage("config text", "config: msk:brokerCount=3\n", "must be a map", "text"),
    planned("config an empty map", "config: {}\n", quiet=True),
    # --- bytes and YAML syntax --------------------------------------------------------------
    usage("tab indentation", "config:\n\tmsk:brokerCount: 3\n", "can't read", "'\\t'", "line 2"),
    usage("unclosed flow list", "config:\n  msk:subnetIds: [a, b\n", "can't read", "line"),
    usage("latin-1 bytes", b"config:\n  msk:tags: {team: caf\xe9}\n", "not UTF-8", "0xe9"),
    usage("a NUL byte", "config:\n  msk:brokerCount: 3\x00\n", "can't read"),
    usage("a python tag", "config:\n  msk:brokerCount: !!python/name:os.system\n", "can't read"),
    usage("a binary value", "config:\n  msk:brokerCount: !!binary aGk=\n", "msk:brokerCount"),
    usage("a set value", "config:\n  msk:subnetIds: !!set {a, b}\n", "msk:subnetIds"),
    usage("a list as a key", "config:\n  ? [a, b]\n  : 1\n", "can't read", "unhashable"),
    planned(
        "a UTF-8 byte-order mark",
        "\ufeffconfig:\n  msk:brokerCount: 3\n",
        gets=[("msk:brokerCount", "3")],
    ),
    planned(
        "UTF-16 with its byte-order mark",
        "config:\n  msk:brokerCount: 3\n".encode("utf-16"),
        gets=[("msk:brokerCount", "3")],
    ),
    planned(
        "anchors, aliases and merge keys",
        "config:\n  msk:tags: &t {team: data}\n  msk:alarms:\n    <<: {enabled: true}\n"
        "  aws:defaultTags: {tags: *t}\n",
        gets=[
            ("msk:alarms", '{"enabled": true}'),
            ("aws:defaultTags", '{"tags": {"team": "data"}}'),
        ],
    ),
    # --- a key given twice ------------------------------------------------------------------
    usage("config twice", "config: {}\nconfig:\n  msk:brokerCount: 3\n", "'config' is given twice"),
    usage(
        "a key twice",
        "config:\n  msk:brokerCount: 3\n  msk:brokerCount: 6\n",
        "'msk:brokerCount' is given twice (lines 2 and 3)",
    ),
    usage(
        "a nested key twice",
        "config:\n  msk:tags:\n    team: a\n    team: b\n",
        "'team' is given twice",
    ),
    usage(
        "bare and namespaced spellings of one key",
        "config:\n  brokerCount: 3\n  msk:brokerCount: 6\n",
        "brokerCount and msk:brokerCount are the same key msk:brokerCount",
    ),
    usage(
        "old and new spellings of one key",
        "config:\n  msk:config:brokerCount: 3\n  msk:brokerCount: 6\n",
        "are the same key msk:brokerCount",
    ),
    # --- keys -------------------------------------------------------------------------------
    usage("two colons", "config:\n  msk:auth:iam: true\n", "msk:auth:iam is not a config key"),
    usage("no namespace before the colon", "config:\n  ':brokerCount': 3\n", "has no namespace"),
    usage("no name after the colon", "config:\n  'msk:': 3\n", "has no name"),
    usage("a number as a key", "config:\n  3: brokers\n", "config key 3"),
    usage("a flag as a key", "config:\n  true: 3\n", "config key True"),
    usage("an empty key", "config:\n  '': 3\n", "a config key is empty"),
    planned(
        "the old ns:config:name spelling",
        "config:\n  msk:config:brokerCount: 3\n",
        gets=[("msk:brokerCount", "3")],
        lacks=["msk:config:brokerCount"],
    ),
    planned(
        "a bare key is the project's",
        "config:\n  brokerCount: 3\n",
        gets=[("msk:brokerCount", "3")],
        quiet=True,
    ),
    planned(
        "a bare msk key in a project of another name",
        "config:\n  brokerCount: 3\n",
        gets=[("orders:brokerCount", "3")],
        says=["it is the project's key orders:brokerCount", "write msk:brokerCount"],
        project="name: orders\nruntime: python\n",
    ),
    usage(
        "a bare key and the project's namespace",
        "config:\n  orders:greeting: hi\n  greeting: hello\n",
        "orders:greeting and greeting are the same key orders:greeting",
        project="name: orders\nruntime: python\n",
    ),
    planned(
        "a project named mks: its own namespace is no typo",
        "config:\n  mks:brokerCount: 3\n",
        gets=[("mks:brokerCount", "3")],
        quiet=True,
        project="name: mks\nruntime: python\n",
    ),
    planned(
        "provider and unrelated namespaces are not typos",
        "config:\n  aws:region: eu-west-1\n  pulumi:tags: {team: data}\n  kafka:acks: all\n"
        "  mskctl:x: 1\n",
        gets=[("aws:region", "eu-west-1"), ("kafka:acks", "all")],
        quiet=True,
    ),
    planned(
        "mks: is a typo",
        "config:\n  mks:brokerCount: 3\n",
        says=["mks:brokerCount in Pulumi.odd.yaml", "did you mean msk:brokerCount?"],
    ),
    planned(
        "MSK: is not msk:",
        "config:\n  MSK:x: 1\n",
        says=["the namespace 'MSK' is not msk", "did you mean msk:x?"],
    ),
    planned(
        "msk_brokerCount is a typo",
        "config:\n  msk_brokerCount: 3\n",
        says=["msk_brokerCount in Pulumi.odd.yaml looks like a typo of msk:brokerCount"],
        gets=[("msk:msk_brokerCount", "3")],
    ),
    Case(
        "msk_brokerCount with the real program: refused and explained",
        "config:\n  msk_brokerCount: 3\n",
        1,
        says=("msk_brokerCount in Pulumi.odd.yaml looks like a typo of msk:brokerCount",),
        real_program=True,
    ),
    planned(
        "a stack setting Pulumi does not read",
        "config: {}\nenviroment: [shared]\n",
        says=["'enviroment' is not a stack setting", "did you mean environment?"],
    ),
    # --- values -----------------------------------------------------------------------------
    usage("a null value", "config:\n  msk:kafkaVersion:\n", "msk:kafkaVersion has no value"),
    usage("a tilde null", "config:\n  msk:kafkaVersion: ~\n", "msk:kafkaVersion has no value"),
    planned(
        "a null inside an object stays JSON null",
        "config:\n  msk:logging: {retentionDays: null}\n",
        gets=[("msk:logging", '{"retentionDays": null}')],
    ),
    usage("infinity", "config:\n  msk:ebsVolumeGib: .inf\n", "msk:ebsVolumeGib", "finite"),
    usage(
        "NaN inside an object",
        "config:\n  msk:workload:\n    ingressMibps: .nan\n",
        "msk:workload.ingressMibps",
        "finite",
    ),
    usage(
        "infinity inside a list",
        "config:\n  msk:topics: [{name: a, partitions: -.inf}]\n",
        "msk:topics[0].partitions",
    ),
    planned("yes stays text", "config:\n  msk:protect: yes\n", gets=[("msk:protect", "yes")]),
    planned("on stays text", "config:\n  msk:protect: on\n", gets=[("msk:protect", "on")]),
    planned("True is a flag", "config:\n  msk:protect: True\n", gets=[("msk:protect", "true")]),
    planned("2.0 is 2", "config:\n  msk:brokerCount: 2.0\n", gets=[("msk:brokerCount", "2")]),
    planned(
        "1e3 is a number", "config:\n  msk:ebsVolumeGib: 1e3\n", gets=[("msk:ebsVolumeGib", "1000")]
    ),
    planned(
        "hex is a number", "config:\n  msk:ebsVolumeGib: 0x10\n", gets=[("msk:ebsVolumeGib", "16")]
    ),
    planned(
        "no base-60", "config:\n  msk:kafkaVersion: 1:30\n", gets=[("msk:kafkaVersion", "1:30")]
    ),
    planned("a date stays text", "config:\n  msk:x: 2024-01-31\n", gets=[("msk:x", "2024-01-31")]),
    planned("quoted digits", "config:\n  msk:brokerCount: '3'\n", gets=[("msk:brokerCount", "3")]),
    planned(
        "a block of text",
        "config:\n  msk:serverProperties: |\n    a=1\n    b=2\n",
        gets=[("msk:serverProperties", "a=1\nb=2\n")],
    ),
    planned(
        "whole floats inside objects",
        "config:\n  msk:workload: {ingressMibps: 10.0, retentionHours: 1.5}\n",
        gets=[("msk:workload", '{"ingressMibps": 10, "retentionHours": 1.5}')],
    ),
    # --- secure values ----------------------------------------------------------------------
    planned(
        "an encrypted value",
        "config:\n  msk:kmsKeyArn:\n    secure: AAABAKhZZW5jcnlwdGVk\n",
        says=["msk:kmsKeyArn is encrypted in Pulumi.odd.yaml"],
        lacks=[],
    ),
    usage("secure: a number", "config:\n  msk:kmsKeyArn:\n    secure: 123\n", "msk:kmsKeyArn"),
    usage("secure: empty", "config:\n  msk:kmsKeyArn:\n    secure: ''\n", "secure: is empty"),
    planned(
        "encrypted values inside an object",
        "config:\n  msk:scramUsers:\n    - name: app\n      password:\n        secure: AAABAKhZ\n",
        says=["msk:scramUsers in Pulumi.odd.yaml holds encrypted values inside it"],
    ),
    planned(
        "secure beside another field is an object, not a secret",
        "config:\n  msk:tags: {secure: x, team: data}\n",
        gets=[("msk:tags", '{"secure": "x", "team": "data"}')],
    ),
    # --- environment: (Pulumi ESC) ----------------------------------------------------------
    planned(
        "environments listed",
        "config: {}\nenvironment:\n  - shared/aws\n  - msk/prod-secrets\n",
        says=["imports the Pulumi ESC environments shared/aws, msk/prod-secrets"],
    ),
    planned(
        "one environment as text",
        "config: {}\nenvironment: shared/aws\n",
        says=["imports the Pulumi ESC environment shared/aws:"],
    ),
    planned(
        "an inline definition: literal values apply, the stack's win",
        "config:\n  msk:brokerCount: 6\n  msk:tags: {team: data}\nenvironment:\n  imports: [base]\n"
        "  values:\n    pulumiConfig:\n      msk:brokerCount: 3\n      msk:kafkaVersion: 3.9.x\n"
        "      msk:tags: {owner: ops, team: x}\n",
        gets=[
            ("msk:brokerCount", "6"),
            ("msk:kafkaVersion", "3.9.x"),
            ("msk:tags", '{"owner": "ops", "team": "data"}'),
        ],
        says=["imports the Pulumi ESC environment base"],
    ),
    planned(
        "an inline definition's expressions are ESC's",
        "config: {}\nenvironment:\n  values:\n    region: eu-west-1\n    pulumiConfig:\n"
        "      aws:region: ${region}\n      msk:kmsKeyArn:\n        fn::secret: abc\n",
        says=[
            "aws:region is computed by Pulumi.odd.yaml's environment",
            "msk:kmsKeyArn is computed",
        ],
        lacks=["aws:region", "msk:kmsKeyArn"],
    ),
    usage("environment a number", "config: {}\nenvironment: 3\n", "environment: must list"),
    usage("environment lists a map", "config: {}\nenvironment: [{a: 1, b: 2}]\n", "environment:"),
    # --- stack names ------------------------------------------------------------------------
    planned(
        "org/project/stack reads the last part's file",
        "config:\n  msk:brokerCount: 3\n",
        gets=[("msk:brokerCount", "3")],
        stack="acme/msk/odd",
    ),
    planned("org/stack", "config:\n  msk:brokerCount: 3\n", stack="acme/odd"),
    usage(
        "another project's stack",
        "config: {}\n",
        "acme/orders/odd",
        "'orders'",
        "'msk'",
        stack="acme/orders/odd",
    ),
    usage("four parts", "config: {}\n", "has 4 parts", stack="a/b/c/odd"),
    usage("an empty part", "config: {}\n", "an empty part", stack="acme//odd"),
    usage("a space in the name", "config: {}\n", "'o dd'", stack="o dd"),
    usage("no such stack", None, "no stack 'odd'", "Pulumi.odd.yaml does not exist"),
]


def _typo(rng: random.Random) -> str:
    """A namespace one slip away from msk (or msk in other clothes)."""
    slip = rng.choice(["swap", "drop", "double", "case", "separator"])
    if slip == "swap":
        i = rng.randrange(2)
        return "msk"[:i] + "msk"[i + 1] + "msk"[i] + "msk"[i + 2 :]
    if slip == "drop":
        i = rng.randrange(3)
        return "msk"[:i] + "msk"[i + 1 :]
    if slip == "double":
        i = rng.randrange(3)
        return "msk"[: i + 1] + "msk"[i] + "msk"[i + 1 :]
    if slip == "case":
        return "".join(c.upper() if rng.random() < 0.5 else c for c in "msk").replace("msk", "Msk")
    return "msk" + rng.choice(["_", "-", ".", " "])


def _far(rng: random.Random) -> str:
    """A namespace nowhere near msk (five letters or more: two edits at least)."""
    letters = "abcdefghijlnopqrtuvwxyz"  # no m, s, k
    return "".join(rng.choice(letters) for _ in range(rng.randint(5, 8)))


def _seeded(seed: int = 15, count: int = 8) -> list[Case]:
    rng = random.Random(seed)
    keys = ["brokerCount", "kafkaVersion", "instanceType", "clientCidrBlocks", "protect"]
    cases = []
    for n in range(count):
        key = rng.choice(keys)
        namespace = _typo(rng)
        cases.append(
            planned(
                f"seeded typo {n}: {namespace}:{key}",
                f"config:\n  '{namespace}:{key}': 3\n",
                says=[f"{namespace}:{key} in Pulumi.odd.yaml", f"msk:{key}"],
            )
        )
        far = _far(rng)
        cases.append(
            planned(
                f"seeded far namespace {n}: {far}:{key}",
                f"config:\n  {far}:{key}: 3\n",
                gets=[(f"{far}:{key}", "3")],
                quiet=True,
            )
        )
    return cases


ALL = CASES + _seeded()


def test_the_set_is_large_and_its_names_unique():
    assert len(ALL) >= 40
    assert len({case.name for case in ALL}) == len(ALL)


@pytest.fixture
def echo_project(tmp_path):
    (tmp_path / "__main__.py").write_text(ECHO_PROGRAM)
    return tmp_path


@pytest.mark.parametrize("case", ALL, ids=[case.name for case in ALL])
def test_stack_file_oddity_ends_carefully(capsys, echo_project, case):
    (echo_project / "Pulumi.yaml").write_text(case.project)
    if case.real_program:
        shutil.copy(PROJECT_DIR / "__main__.py", echo_project / "__main__.py")
    if case.stack_file is not None:
        data = case.stack_file
        (echo_project / FILE).write_bytes(data if isinstance(data, bytes) else data.encode())
    argv = ["plan", "--json", "--stack", case.stack, "--project-dir", str(echo_project)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == case.status, (out, err)
    if case.status == 2:
        assert out == "" and err.startswith("mskctl: ") and err.count("\n") == 1, err
        for text in case.says:
            assert text in err, err
        return
    document = json.loads(out)
    warnings = "\n".join(document["warnings"])
    for text in case.says:
        assert text in warnings, document["warnings"]
    if case.quiet:
        assert document["warnings"] == []
    if case.real_program:
        return
    received = document["outputs"]["config"]
    for key, text in case.gets:
        assert received.get(key) == text, received
    for key in case.lacks:
        assert key not in received, received
    assert "AAABAKhZ" not in out  # a ciphertext never reaches the program or the plan

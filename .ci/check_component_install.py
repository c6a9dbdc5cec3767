"""Run with the interpreter of a virtualenv holding only the component (`pip install
./components`, or the git URL): it must import and build the schema there, bring its catalog
with it, and have installed nothing beyond pulumi, pulumi-aws, pulumi-random, pulumi-kafka (the
Kafka ACLs' provider) and what they themselves need. Prints the versions it found, since CI
installs the newest in range."""

import re
import sys
from importlib import metadata
from pathlib import Path

COMPONENT = "msk-platform"
DIRECT = {"pulumi", "pulumi-aws", "pulumi-random", "pulumi-kafka"}
# Part of every virtualenv, not installed by anyone's requirements.
BASELINE = {"pip", "setuptools", "wheel"}
NEVER = {"mskctl", "pulumi-policy", "matplotlib"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(distribution: str) -> set[str]:
    names = set()
    for requirement in metadata.requires(distribution) or []:
        if "extra ==" in requirement:
            continue
        names.add(canonical(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0]))
    return names


def closure(roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += requirement_names(name)
    return seen


def main() -> int:
    problems = []
    try:
        metadata.version(COMPONENT)
    except metadata.PackageNotFoundError:
        print(f"component install: {COMPONENT} is not installed here", file=sys.stderr)
        return 1
    direct = requirement_names(COMPONENT)
    if direct != DIRECT:
        problems.append(f"{COMPONENT} requires {sorted(direct)}, not {sorted(DIRECT)}")
    installed = {canonical(d.metadata["Name"]) for d in metadata.distributions()} - BASELINE
    expected = closure({COMPONENT})
    if installed - expected:
        problems.append(f"installed beyond the component's needs: {sorted(installed - expected)}")
    if installed & NEVER:
        problems.append(f"tooling installed with the component: {sorted(installed & NEVER)}")

    import msk_platform
    from msk_platform import MskCluster, catalog
    from msk_platform.provider_schema import schema

    where = Path(msk_platform.__file__).resolve()
    if "site-packages" not in where.parts:
        problems.append(f"msk_platform imported from {where}, not the installed package")
    if not catalog.kafka_versions():
        problems.append("the catalog shipped empty")
    if "msk:index:MskCluster" not in schema()["resources"] or MskCluster is None:
        problems.append("the component's schema has no MskCluster")

    versions = {name: metadata.version(name) for name in sorted(DIRECT | {COMPONENT})}
    print("component install:", ", ".join(f"{n} {v}" for n, v in versions.items()))
    for problem in problems:
        print(f"component install: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

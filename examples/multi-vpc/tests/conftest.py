"""Runs the example program under Pulumi's own mocks, with the installed msk-platform and the
stack's config (Pulumi.dev.yaml), ``connectProducer`` as each test asks."""

import asyncio
import runpy
from pathlib import Path

import pulumi
import pytest
import yaml

EXAMPLE = Path(__file__).resolve().parent.parent
PROJECT = "orders-multi-vpc"
PLATFORM_ACCOUNT = "123456789012"


class Mocks(pulumi.runtime.Mocks):
    """Records every registration (with the provider it goes through) and answers as AWS
    would, in the platform account."""

    def __init__(self):
        self.resources = []

    def new_resource(self, args):
        self.resources.append(args)
        state = dict(args.inputs)
        if args.typ == "aws:msk/cluster:Cluster":
            name = args.inputs["clusterName"]
            state["arn"] = f"arn:aws:kafka:us-east-1:{PLATFORM_ACCOUNT}:cluster/{name}/u-1"
        state.setdefault("arn", f"arn:aws:mock:us-east-1:{PLATFORM_ACCOUNT}:{args.name}")
        state.setdefault("name", args.name)
        return f"{args.name}-id", state

    def call(self, args):
        return {}, []


def stack_config() -> dict:
    document = yaml.safe_load((EXAMPLE / "Pulumi.dev.yaml").read_text(encoding="utf-8"))
    return {key: str(value) for key, value in document["config"].items()}


@pytest.fixture
def deploy():
    """``deploy(connect)``: the resources the program registers, once it has run."""
    loops = []

    def run(connect: bool) -> list:
        loop = asyncio.new_event_loop()
        loops.append(loop)
        asyncio.set_event_loop(loop)
        mocks = Mocks()
        pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="dev", preview=False)
        config = stack_config()
        config[f"{PROJECT}:connectProducer"] = "true" if connect else "false"
        pulumi.runtime.set_all_config(config)

        @pulumi.runtime.test
        def program():
            runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__")

        program()
        return mocks.resources

    yield run
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.set_all_config({})
    for loop in loops:
        loop.close()
    asyncio.set_event_loop(None)

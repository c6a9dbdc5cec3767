"""Runs the example program under Pulumi's own mocks, with the installed msk-platform."""

import asyncio
import runpy
from pathlib import Path

import pulumi
import pytest

EXAMPLE = Path(__file__).resolve().parent.parent


class Mocks(pulumi.runtime.Mocks):
    def __init__(self):
        self.resources = []

    def new_resource(self, args):
        self.resources.append(args)
        state = dict(args.inputs)
        if args.typ == "aws:msk/cluster:Cluster":
            state["arn"] = (
                f"arn:aws:kafka:us-east-1:123456789012:cluster/{args.inputs['clusterName']}/u-1"
            )
            state["bootstrapBrokersSaslIam"] = "b-1.orders.kafka.us-east-1.amazonaws.com:9098"
        state.setdefault("arn", f"arn:aws:mock:us-east-1:123456789012:{args.name}")
        state.setdefault("name", args.name)
        return f"{args.name}-id", state

    def call(self, args):
        return {}, []


@pytest.fixture
def program():
    """The example's resources, once its program has run to completion."""
    asyncio.set_event_loop(asyncio.new_event_loop())
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="orders-platform", stack="dev", preview=False)

    @pulumi.runtime.test
    def run():
        runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__")

    run()
    yield mocks.resources
    pulumi.runtime.settings.reset_options()

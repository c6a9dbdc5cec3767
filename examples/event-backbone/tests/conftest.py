"""Runs the example program under Pulumi's own mocks, with the installed msk-platform and the
stack's config (Pulumi.dev.yaml), as ``pulumi up --stack dev`` would hand it over."""

import asyncio
import json
import runpy
from pathlib import Path

import pulumi
import pytest
import yaml

EXAMPLE = Path(__file__).resolve().parent.parent
PROJECT = "event-backbone"
ACCOUNT = "123456789012"


def generated_password(name: str) -> str:
    """What the mock's RandomPassword makes for ``name``: the tests look for it in outputs."""
    return f"generated-{name}-Q7v2"


class Mocks(pulumi.runtime.Mocks):
    """Records every registration and answers as AWS would: ARNs, bootstrap strings, and a
    recognisable value for each generated password."""

    def __init__(self):
        self.resources = []

    def new_resource(self, args):
        self.resources.append(args)
        state = dict(args.inputs)
        if args.typ == "aws:msk/cluster:Cluster":
            name = args.inputs["clusterName"]
            state["arn"] = f"arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/{name}/u-1"
            brokers = (
                "b-1.orders.kafka.us-east-1.amazonaws.com,b-2.orders.kafka.us-east-1.amazonaws.com"
            )
            state["bootstrapBrokersSaslIam"] = brokers.replace(",", ":9098,") + ":9098"
            state["bootstrapBrokersSaslScram"] = brokers.replace(",", ":9096,") + ":9096"
        if args.typ == "aws:glue/registry:Registry":
            state["arn"] = (
                f"arn:aws:glue:us-east-1:{ACCOUNT}:registry/{args.inputs['registryName']}"
            )
        if args.typ == "random:index/randomPassword:RandomPassword":
            state["result"] = generated_password(args.name)
        state.setdefault("arn", f"arn:aws:mock:us-east-1:{ACCOUNT}:{args.name}")
        state.setdefault("name", args.name)
        return f"{args.name}-id", state

    def call(self, args):
        return {}, []


def stack_config() -> dict:
    """Pulumi.dev.yaml's config as the engine passes it: text, objects and lists as JSON."""
    document = yaml.safe_load((EXAMPLE / "Pulumi.dev.yaml").read_text(encoding="utf-8"))
    return {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in document["config"].items()
    }


@pytest.fixture
def deploy():
    """``deploy()``: (the resources the program registers, its stack outputs resolved)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    exported = {}

    def run():
        mocks = Mocks()
        pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="dev", preview=False)
        pulumi.runtime.set_all_config(stack_config())
        outputs = {}
        real_export = pulumi.export

        @pulumi.runtime.test
        def program():
            pulumi.export = lambda name, value: outputs.__setitem__(name, value)
            try:
                runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__")
            finally:
                pulumi.export = real_export
            return pulumi.Output.all(**outputs).apply(exported.update)

        program()
        return mocks.resources, exported

    yield run
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.set_all_config({})
    loop.close()
    asyncio.set_event_loop(None)

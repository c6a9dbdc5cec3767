"""The draft a spec is built from: values read so far, defaults filled as rules run."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import catalog
from .keys import KEYS_BY_NAME, SERVERLESS
from .values import INVALID, Reader


@dataclass
class Draft:
    """The values read so far, with defaults filled in as rules run."""

    reader: Reader
    given: dict[str, Any]
    cluster_type: str
    today: date
    default_name: str
    resolved: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def value(self, name: str) -> Any:
        """The resolved value, else the given one, else the key's default (None if invalid)."""
        if name in self.resolved:
            value = self.resolved[name]
        elif name in self.given:
            value = self.given[name]
        else:
            key = KEYS_BY_NAME[name]
            value = key.default if self.cluster_type in key.applies_to else None
            if key.kind == "object" and value is not None:
                value = {**{f.snake: f.default for f in key.fields}, **value}
        return None if value is INVALID else value

    def ok(self, name: str) -> bool:
        """False when the value was given but already reported as invalid."""
        return self.given.get(name) is not INVALID

    def fail(self, name: str, message: str) -> None:
        self.reader.fail(KEYS_BY_NAME[name].config_key, message)

    @property
    def serverless(self) -> bool:
        return self.cluster_type == SERVERLESS

    @property
    def builds_network(self) -> bool:
        """Neither vpcId nor subnetIds given, nor serverless's vpcConfigs (each VPC its own)."""
        vpc_configs = self.serverless and "vpcConfigs" in self.given
        return "vpcId" not in self.given and "subnetIds" not in self.given and not vpc_configs

    @property
    def subnet_count(self) -> int | None:
        if self.builds_network:
            return self.value("azCount")
        subnets = self.value("subnetIds")
        return len(subnets) if isinstance(subnets, tuple) else None

    @property
    def instance(self) -> catalog.InstanceType | None:
        name = self.value("instanceType")
        return catalog.instance_types().get(name) if isinstance(name, str) else None

"""Tags for one child: the spec's merged tags plus a Name that says what the child is."""

from collections.abc import Mapping
from typing import Any

from ..spec import ClusterSpec


def tags_for(spec: ClusterSpec, name: str | None = None) -> Mapping[str, Any]:
    tags = dict(spec.tags)
    if name is not None:
        tags.setdefault("Name", name)
    return tags

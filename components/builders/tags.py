"""Tags for one child: the spec's merged tags plus a Name that says what the child is."""

from typing import Any, Mapping, Optional

from ..spec import ClusterSpec


def tags_for(spec: ClusterSpec, name: Optional[str] = None) -> Mapping[str, Any]:
    tags = dict(spec.tags)
    if name is not None:
        tags.setdefault("Name", name)
    return tags

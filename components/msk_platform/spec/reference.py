"""The config contract rendered from the key table, so no copy of it can drift: the README's
table of ``msk:`` keys and the typed args module (``msk_platform/args.py``). The component
schema other languages get is inferred from that module, so it carries the same text.

python -m msk_platform.spec.reference                      # print the README table
python -m msk_platform.spec.reference --write README.md    # refresh the README's block
python -m msk_platform.spec.reference --args components/msk_platform/args.py   # regenerate
"""

import argparse
import re
import sys
from pathlib import Path

from .keys import KEYS, KeyDef

BEGIN = (
    "<!-- BEGIN msk-keys (generated: python -m msk_platform.spec.reference --write README.md) -->"
)
END = "<!-- END msk-keys -->"

_KIND_NAMES = {
    "enum": None,
    "string": "string",
    "int": "integer",
    "number": "number",
    "bool": "bool",
    "list": "list",
    "map": "map",
    "object": "object",
    "objects": "list of objects",
}


def _type(key: KeyDef) -> str:
    if key.kind == "enum":
        return " \\| ".join(f"`{c}`" for c in key.choices)
    return _KIND_NAMES[key.kind] or key.kind


def field_path(key: KeyDef, part: KeyDef) -> str:
    """``auth.iam`` for an object's field, ``topics[].name`` for a list of objects'."""
    return f"{key.name}[].{part.name}" if key.kind == "objects" else f"{key.name}.{part.name}"


def keys_table() -> str:
    lines = [
        "| key | type | default | cluster type | notes |",
        "|---|---|---|---|---|",
    ]
    for key in KEYS:
        scope = key.applies_text()
        lines.append(
            f"| `msk:{key.name}` | {_type(key)} | {key.describe_default()} | {scope} | {key.doc} |"
        )
        lines += _field_rows(key, key.name + ("[]" if key.kind == "objects" else ""), scope)
    return "\n".join(lines)


def _field_rows(key: KeyDef, path: str, scope: str) -> list[str]:
    """A row per field of an object key, then its own fields' rows where it is an object."""
    rows = []
    for part in key.fields:
        where = f"{path}.{part.name}"
        rows.append(
            f"| `msk:{where}` | {_type(part)} | {part.describe_default()} | {scope} | {part.doc} |"
        )
        rows += _field_rows(part, where, scope)
    return rows


def replace_block(text: str) -> str:
    """``text`` with the generated block between the markers replaced by the current table."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError("the README has no generated keys block (markers missing)")
    return pattern.sub(lambda _: f"{BEGIN}\n{keys_table()}\n{END}", text)


# -- the typed args ----------------------------------------------------------------------

_SCALARS = {"enum": "str", "string": "str", "int": "int", "number": "float", "bool": "bool"}

ARGS_HEADER = '''"""The component's typed arguments: the ``msk:`` config keys in snake_case.

Generated from ``spec/keys.py`` (python -m msk_platform.spec.reference --args
components/msk_platform/args.py); a test fails when the two differ, so edit the key table,
never this file. Only keys that may come from another resource (ids, ARNs) are
``pulumi.Input``; the rest decide what gets built and must be plain values.
No `from __future__ import annotations`: Pulumi's analyzer reads these at run time.
"""

from collections.abc import Mapping, Sequence
from typing import TypedDict

import pulumi'''

_ROOT_DOC = "The ``msk:`` stack-config keys in snake_case; each field says its default."


def annotation(key: KeyDef) -> str:
    """The Python type of one key: what the spec accepts, no more (Outputs only where the key
    is deferrable)."""
    if key.kind in _SCALARS:
        scalar = _SCALARS[key.kind]
        return f"pulumi.Input[{scalar}]" if key.deferrable else scalar
    if key.kind == "list":
        if key.deferrable and key.items_only:  # the component iterates the list itself
            return "Sequence[pulumi.Input[str]]"
        if key.deferrable:
            return "pulumi.Input[Sequence[pulumi.Input[str]]]"
        return "Sequence[str]"
    if key.kind == "map":
        # Only tag values may be computed: properties and topic configs are written into text.
        return "Mapping[str, pulumi.Input[str]]" if key.deferrable else "Mapping[str, str]"
    if key.kind == "object":
        return key.args_type
    if key.kind == "objects":
        return f"Sequence[{key.args_type}]"
    raise ValueError(f"{key.name}: no annotation for kind {key.kind!r}")


def _typed_dict(name: str, doc: str, fields: list[tuple[KeyDef, frozenset]]) -> str:
    lines = [f"class {name}(TypedDict, total=False):", f'    """{doc}"""', ""]
    for part, scope in fields:
        lines.append(f"    {part.snake}: {annotation(part)}")
        lines.append(f'    """{part.description(scope)}"""')
    return "\n".join(lines)


def _object_blocks(key: KeyDef, scope: frozenset) -> list[str]:
    """The TypedDict of an object key (none for other kinds), after those of its object
    fields, which it names."""
    if not key.fields:
        return []
    if not key.args_type:
        raise ValueError(f"msk:{key.name}: an object key needs args_type")
    nested = [block for part in key.fields for block in _object_blocks(part, scope)]
    scoped = [(part, scope) for part in key.fields]
    return [*nested, _typed_dict(key.args_type, key.doc, scoped)]


def args_module() -> str:
    """The text of ``args.py``: one TypedDict per object key, then MskClusterArgs."""
    blocks = [ARGS_HEADER]
    for key in KEYS:
        blocks += _object_blocks(key, key.applies_to)
    blocks.append(_typed_dict("MskClusterArgs", _ROOT_DOC, [(key, key.applies_to) for key in KEYS]))
    return "\n\n\n".join(blocks) + "\n"


ARG_TYPE_NAMES = tuple(key.args_type for key in KEYS if key.args_type) + ("MskClusterArgs",)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="refresh the block in this markdown file")
    parser.add_argument("--args", type=Path, help="write the typed args module to this file")
    options = parser.parse_args(argv)
    if options.write is None and options.args is None:
        print(keys_table())
        return 0
    if options.write is not None:
        options.write.write_text(
            replace_block(options.write.read_text(encoding="utf-8")), encoding="utf-8"
        )
    if options.args is not None:
        options.args.write_text(args_module(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README's table of ``msk:`` keys, generated from the key table so the two never drift.

python -m msk_platform.spec.reference            # print the table
python -m msk_platform.spec.reference --write README.md   # refresh it in place
"""

import argparse
import re
import sys
from pathlib import Path

from .keys import KEYS, PROVISIONED, SERVERLESS

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


def _type(key) -> str:
    if key.kind == "enum":
        return " \\| ".join(f"`{c}`" for c in key.choices)
    return _KIND_NAMES[key.kind]


def _applies(key) -> str:
    if key.applies_to == {PROVISIONED, SERVERLESS}:
        return "both"
    return " ".join(sorted(key.applies_to))


def keys_table() -> str:
    lines = [
        "| key | type | default | cluster type | notes |",
        "|---|---|---|---|---|",
    ]
    for key in KEYS:
        default = key.describe_default()
        if key.default_doc is None and default != "—":
            default = f"`{default}`"
        lines.append(
            f"| `msk:{key.name}` | {_type(key)} | {default} | {_applies(key)} | {key.doc} |"
        )
        for part in key.fields:
            if part.default_doc is not None:
                part_default = part.default_doc
            elif part.default in (None, ()):
                part_default = "—"
            else:
                part_default = f"`{part.describe_default()}`"
            path = (
                f"{key.name}[].{part.name}" if key.kind == "objects" else f"{key.name}.{part.name}"
            )
            lines.append(
                f"| `msk:{path}` | {_type(part)} | {part_default} | {_applies(key)} | {part.doc} |"
            )
    return "\n".join(lines)


def replace_block(text: str) -> str:
    """``text`` with the generated block between the markers replaced by the current table."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError("the README has no generated keys block (markers missing)")
    return pattern.sub(lambda _: f"{BEGIN}\n{keys_table()}\n{END}", text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="refresh the block in this markdown file")
    options = parser.parse_args(argv)
    if options.write is None:
        print(keys_table())
        return 0
    options.write.write_text(
        replace_block(options.write.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``mskctl plan --format terraform-plan``: the plan as a Terraform plan JSON, for scanners."""

import json
import sys
from pathlib import Path

from ..exit_status import CONFIG_ERRORS, OK
from ..policy_check import has_mandatory
from ..render import render_plan
from ..terraform_plan import left_out, terraform_plan

FORMATS = ("terraform-plan",)


def add_export_options(parser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="write the stack's AWS resources as a Terraform plan (`terraform show -json` "
        "layout) for checkov or trivy, instead of the plan",
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="with --format: write to FILE, not stdout"
    )


def export(args, document: dict) -> int:
    """Write the export; the exit status follows the plan's (errors, mandatory policy)."""
    if document["errors"]:
        print(render_plan(document), file=sys.stderr)
        return CONFIG_ERRORS
    plan = terraform_plan(document)
    text = json.dumps(plan, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        count = len(plan["planned_values"]["root_module"]["resources"])
        print(
            f"wrote {count} resources of {document['project']}/{document['stack']} to {args.output}"
        )
    for address in left_out(document):
        print(f"mskctl: not exported (no Terraform type known): {address}", file=sys.stderr)
    for violation in document["policy"]:
        print(
            f"mskctl: policy {violation['policy']} ({violation['level']}) on "
            f"{violation['resource']}: {violation['message']}",
            file=sys.stderr,
        )
    return CONFIG_ERRORS if has_mandatory(document["policy"]) else OK

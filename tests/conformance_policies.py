"""Lint every IAM and KMS policy document a plan contains with parliament.

A policy document is any string input, at any nesting level, that is a JSON object with a
``Statement``: KMS key policies, role policies from grants, and any topic, secret or cluster
policy a resource carries. Each statement is linted on its own as well as the document whole,
so a finding is tied to the statement (``Sid``) it is about; a finding only the whole document
shows (a duplicate Sid, say) has no Sid.

Findings are then either explained in ``tests/data/parliament_allowlist.json`` (one entry per
finding, with its reason and source) or reported. Parliament is written for identity policies;
the checks that don't apply to resource policies (a statement with a ``Principal``) are listed
there too, each with the AWS rule that makes it not apply.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from parliament import analyze_policy_string

ALLOWLIST_FILE = Path(__file__).parent / "data" / "parliament_allowlist.json"
IDENTITY = "identity"
RESOURCE = "resource"


@dataclass(frozen=True)
class PolicyDocument:
    resource_type: str
    resource_name: str
    input_path: str  # e.g. "policy", or "statements[0].policy"
    text: str

    @property
    def statements(self) -> list[dict]:
        statements = json.loads(self.text)["Statement"]
        return statements if isinstance(statements, list) else [statements]

    @property
    def kind(self) -> str:
        """A resource policy names who it lets in (``Principal``); an identity policy does not."""
        if any("Principal" in s or "NotPrincipal" in s for s in self.statements):
            return RESOURCE
        return IDENTITY


@dataclass(frozen=True)
class Finding:
    document: PolicyDocument
    sid: str | None
    issue: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.document.resource_type}::{self.document.resource_name}"
        sid = f" statement {self.sid!r}" if self.sid else ""
        return f"{where} input {self.document.input_path}{sid}: {self.issue} {self.detail}"


def _documents_in(value, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _documents_in(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _documents_in(item, f"{path}[{index}]")
    elif isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return
        if isinstance(parsed, dict) and "Statement" in parsed:
            yield path, value


def policy_documents(resources) -> list[PolicyDocument]:
    """Every policy document in the inputs of a run's resources (``RecordedResource`` items)."""
    return [
        PolicyDocument(resource.type, resource.name, path, text)
        for resource in resources
        for path, text in _documents_in(resource.inputs, "")
    ]


def _lint(text: str) -> list[tuple[str, str]]:
    policy = analyze_policy_string(text, include_community_auditors=True)
    return [(finding.issue, _detail(finding.detail)) for finding in policy.findings]


def _detail(detail) -> str:
    return detail if isinstance(detail, str) else json.dumps(detail, sort_keys=True, default=str)


def lint_document(document: PolicyDocument) -> list[Finding]:
    """Parliament's findings (community auditors included) on one document, each tied to its
    statement's Sid where it is about one statement."""
    version = json.loads(document.text).get("Version", "2012-10-17")
    found: list[Finding] = []
    per_statement_issues = set()
    for statement in document.statements:
        alone = json.dumps({"Version": version, "Statement": [statement]})
        for issue, detail in _lint(alone):
            per_statement_issues.add(issue)
            found.append(Finding(document, statement.get("Sid"), issue, detail))
    for issue, detail in _lint(document.text):
        if issue not in per_statement_issues:
            found.append(Finding(document, None, issue, detail))
    return found


def load_allowlist(path: Path = ALLOWLIST_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def explanation(finding: Finding, allowlist: dict) -> dict | None:
    """The allow-list entry that explains ``finding``, or None."""
    for rule in allowlist["notApplicable"]:
        if rule["issue"] == finding.issue and rule["policyKind"] == finding.document.kind:
            return rule
    for entry in allowlist["findings"]:
        if (
            entry["resourceType"] == finding.document.resource_type
            and entry["input"] == finding.document.input_path
            and entry["sid"] == finding.sid
            and entry["issue"] == finding.issue
            and entry.get("detailContains", "") in finding.detail
        ):
            return entry
    return None

"""``--set key=value``: try a change without editing the stack file."""

from dataclasses import replace

import yaml

from msk_platform.spec.keys import NAMESPACE

from .stack_files import StackConfig, engine_text, key_warnings


class OverrideError(ValueError):
    """A malformed ``--set``: a usage error."""


def parse_override(text: str) -> tuple[str, str | None]:
    """'brokerCount=6' -> ('msk:brokerCount', '6'): a bare key is in the namespace the program
    reads (``msk:``), not the project's, so a project renamed in Pulumi.yaml still gets it. A
    key that names its namespace ('aws:region=eu-west-1') is kept as given. Values are read as
    YAML, so lists and objects work ('clientCidrBlocks=[10.0.0.0/8]'); an empty value unsets
    the key."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise OverrideError(f"--set {text!r}: use key=value, e.g. --set brokerCount=6")
    full = key if ":" in key else f"{NAMESPACE}:{key}"
    if not value.strip():
        return full, None
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError as error:
        raise OverrideError(f"--set {text!r}: the value is not valid YAML ({error})") from error
    return full, engine_text(parsed)


def apply_overrides(config: StackConfig, overrides: list[str]) -> StackConfig:
    """The config with each ``--set`` applied (the last one of a key wins); a key whose
    namespace looks like a typo of ``msk:`` adds a warning, as in a stack file."""
    values = dict(config.values)
    secure = list(config.secure_keys)
    given = []
    for text in overrides or []:
        key, value = parse_override(text)
        given.append((text.partition("=")[0].strip(), key))
        values.pop(key, None)
        if key in secure:
            secure.remove(key)
        if value is not None:
            values[key] = value
    warnings = config.warnings + key_warnings(given, config.project, "--set")
    return replace(
        config, values=values, secure_keys=secure, warnings=list(dict.fromkeys(warnings))
    )

"""Reading values out of a plan's resource inputs by dotted path."""

MISSING = object()  # an input the resource does not set (unlike None: set, but unknown)


def dig(inputs: dict, path: str):
    """The value at ``path`` ("a.b.c"), or MISSING where the path stops."""
    value = inputs
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value

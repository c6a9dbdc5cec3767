"""The one error type a bad configuration raises, carrying every problem at once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one config key: which key, and what to do about it."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class MskConfigError(ValueError):
    """Raised before any resource is registered when the configuration breaks a rule.

    ``problems`` lists every problem found, so a user fixes them all in one pass.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the MSK configuration:"
        super().__init__("\n".join([heading] + [f"  - {p}" for p in self.problems]))

"""Shared fixtures: run the real program under Pulumi's mocks with a given config."""

from collections.abc import Callable
from pathlib import Path

import pytest

from msk_platform import ClusterSpec
from mskctl.mock_runtime import ProgramRun, run_program
from mskctl.stack_files import engine_text, load_stack_config

PROJECT_DIR = Path(__file__).resolve().parent.parent


def build_spec(**args) -> ClusterSpec:
    """A spec from snake_case args, for a fixed project/stack name."""
    return ClusterSpec.from_args(args, project="msk", stack="test")


@pytest.fixture
def run_config() -> Callable[..., ProgramRun]:
    """Run __main__.py with ``msk:`` keys given as Python values (camelCase names)."""

    def run(
        preview: bool = False,
        stack: str = "test",
        secret: tuple = (),
        raise_errors: bool = True,
        **keys,
    ) -> ProgramRun:
        """``secret`` names keys to mark secret; ``raise_errors=False`` returns the error."""
        config = {"aws:region": "us-east-1"}
        config.update({f"msk:{name}": engine_text(value) for name, value in keys.items()})
        return run_program(
            PROJECT_DIR,
            project="msk",
            stack=stack,
            config=config,
            preview=preview,
            secret_keys=tuple(f"msk:{name}" for name in secret),
            raise_errors=raise_errors,
        )

    return run


@pytest.fixture
def run_stack() -> Callable[..., ProgramRun]:
    """Run __main__.py with a stack file's own config."""

    def run(stack: str, preview: bool = False) -> ProgramRun:
        config = load_stack_config(PROJECT_DIR, stack)
        return run_program(
            PROJECT_DIR, project=config.project, stack=stack, config=config.values, preview=preview
        )

    return run


@pytest.fixture
def run_inline(tmp_path) -> Callable[..., ProgramRun]:
    """Run a program of one's own (``source`` is its ``__main__.py``), as an embedder would:
    project ``app``, no stack config."""

    def run(source: str, stack: str = "t", preview: bool = False, raise_errors: bool = False):
        (tmp_path / "Pulumi.yaml").write_text("name: app\nruntime: python\n")
        (tmp_path / "__main__.py").write_text(source)
        return run_program(
            tmp_path,
            project="app",
            stack=stack,
            config={},
            preview=preview,
            raise_errors=raise_errors,
        )

    return run


def problems_by_key(**args) -> dict:
    """{msk: key: message} of the MskConfigError these args raise (the test fails if none)."""
    from msk_platform import MskConfigError

    with pytest.raises(MskConfigError) as caught:
        build_spec(**args)
    return {p.key: p.message for p in caught.value.problems}

"""Load only the EC2 resource modules a program touches, for the offline tools' start-up.

``pulumi_aws.ec2`` imports all of its ~300 resource modules when first touched, about half of
an offline plan's wall time, while the program needs four. Before ``pulumi_aws`` is imported,
this puts a partial ``pulumi_aws.ec2`` package in place that loads a class's own module on
first use (``SecurityGroup`` -> ``security_group.py``) and falls back to the full package for
any name it can't find that way, so programs behave exactly as with the full import.

Used by ``mskctl`` only; ``pulumi up`` imports the provider SDK the ordinary way.
"""

import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path

PACKAGE = "pulumi_aws.ec2"


class _PartialPackage(types.ModuleType):
    """A package whose members load on first access, one module at a time."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        submodule = sys.modules.get(f"{self.__name__}.{name}")
        if submodule is not None:  # `from . import outputs` while outputs is loading
            return submodule
        # A resource or function lives in the module named after it; argument and output
        # types live in the shared type modules, which every resource module loads anyway.
        own_module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        for candidate in (own_module, "_inputs", "outputs", "_enums"):
            try:
                module = importlib.import_module(f"{self.__name__}.{candidate}")
            except ImportError:
                continue
            if hasattr(module, name):
                value = getattr(module, name)
                setattr(self, name, value)
                return value
        return getattr(_load_fully(self), name)


def _load_fully(module: types.ModuleType) -> types.ModuleType:
    """Run the real package ``__init__`` in place: every member, every registration."""
    module.__class__ = types.ModuleType
    module.__spec__.loader.exec_module(module)
    return module


def install() -> bool:
    """Put the partial package in place; False when it is too late (already imported) or the
    SDK is laid out differently than expected."""
    if PACKAGE in sys.modules or "pulumi_aws" in sys.modules:
        return False
    root = importlib.util.find_spec("pulumi_aws")
    if root is None or not root.origin:
        return False
    folder = Path(root.origin).parent / "ec2"
    init = folder / "__init__.py"
    if not init.exists():
        return False
    spec = importlib.util.spec_from_file_location(
        PACKAGE, init, submodule_search_locations=[str(folder)]
    )
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _PartialPackage
    sys.modules[PACKAGE] = module
    return True

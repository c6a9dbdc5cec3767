"""Load only the resource modules a program touches, for the offline tools' start-up.

A ``pulumi_aws`` service package imports every one of its resource modules when first
touched: ``ec2`` some 300 (about half a second), ``cloudwatch`` and ``iam`` many more than the
program uses. Before ``pulumi_aws`` is imported, this puts partial packages in their place
that load a class's own module on first use (``SecurityGroup`` -> ``security_group.py``) and
fall back to the full package for any name they can't find that way, so programs behave
exactly as with the full import.

Used by ``mskctl`` only; ``pulumi up`` imports the provider SDK the ordinary way.
"""

import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path

# The service packages whose full import costs the most of those the component uses.
PACKAGES = ("pulumi_aws.ec2", "pulumi_aws.cloudwatch", "pulumi_aws.iam")


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
    # install() made the module from a file spec, which always has a source loader.
    spec = module.__spec__
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(module)
    return module


def install() -> bool:
    """Put the partial packages in place; False when it is too late (already imported) or the
    SDK is laid out differently than expected."""
    if "pulumi_aws" in sys.modules or any(name in sys.modules for name in PACKAGES):
        return False
    root = importlib.util.find_spec("pulumi_aws")
    if root is None or not root.origin:
        return False
    for name in PACKAGES:
        folder = Path(root.origin).parent / name.split(".")[-1]
        init = folder / "__init__.py"
        if not init.exists():
            continue
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(folder)]
        )
        assert spec is not None  # a `.py` path always gets the source file loader
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _PartialPackage
        sys.modules[name] = module
    return True

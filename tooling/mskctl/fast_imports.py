"""Load only the resource modules a program touches, for the offline tools' start-up.

``import pulumi_aws`` finds the spec of each of its some 240 service packages (a search of
the file system each), and a service package imports every one of its resource modules when
first touched: ``ec2`` some 300 (about half a second), ``kms`` and ``msk`` a score each where
a program uses two or three. Before ``pulumi_aws`` is imported, this puts a partial package in
the place of every service package: found without a search, it loads a class's own module on
first use (``SecurityGroup`` -> ``security_group.py``) and falls back to the full package for
any name it can't find that way, so programs behave exactly as with the full import (the
provider registers its resource modules in ``pulumi_aws/__init__.py``, not in the service
packages, so nothing registered is skipped).

``import pulumi`` also loads three parts of the SDK an offline run never uses: the Automation
API (``mskctl``'s deploy verbs use it, and load it then), dynamic providers (with ``dill``),
and the OpenTelemetry set-up, which does nothing unless the engine passed a ``TRACEPARENT``.
Each is put in place deferred: loaded in full on its first use.

Used by ``mskctl`` only; ``pulumi up`` imports the SDKs the ordinary way.
"""

import importlib
import importlib.util
import os
import re
import sys
import types

PROVIDER = "pulumi_aws"
# Modules of the Pulumi SDK (as files under its folder) deferred until first used.
DEFERRED = {
    "pulumi.automation": "automation/__init__.py",
    "pulumi.dynamic": "dynamic/__init__.py",
}
# Deferred too when no trace was asked for: its import only sets tracing up for a TRACEPARENT.
TRACING = ("pulumi.runtime._instrumentation", "runtime/_instrumentation.py")


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


class _DeferredModule(types.ModuleType):
    """A module that runs its own code on the first access to a name it doesn't have yet."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_load_fully(self), name)


def _load_fully(module: types.ModuleType) -> types.ModuleType:
    """Run the real package ``__init__`` in place: every member, every registration."""
    module.__class__ = types.ModuleType
    # install() made the module from a file spec, which always has a source loader.
    spec = module.__spec__
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(module)
    return module


def service_packages(provider_folder: str) -> list[str]:
    """The names of the provider's service packages: its folders that hold an ``__init__.py``
    (``ec2``, ``kms``, ``config`` …; not ``__pycache__``)."""
    with os.scandir(provider_folder) as entries:
        return sorted(
            entry.name
            for entry in entries
            if entry.is_dir()
            and entry.name.isidentifier()
            and not entry.name.startswith("_")
            and os.path.isfile(os.path.join(entry.path, "__init__.py"))
        )


def install() -> bool:
    """Put the deferred modules (unless ``pulumi`` is imported already) and the partial
    packages in place; False when it is too late for the partial packages (the provider SDK
    already imported) or the provider SDK is laid out differently than expected."""
    _defer_unused_sdk_parts()
    if any(name == PROVIDER or name.startswith(f"{PROVIDER}.") for name in sys.modules):
        return False
    provider = importlib.util.find_spec(PROVIDER)
    if provider is None or not provider.origin:
        return False
    provider_folder = os.path.dirname(provider.origin)
    for service in service_packages(provider_folder):
        init = os.path.join(provider_folder, service, "__init__.py")
        _put_in_place(f"{PROVIDER}.{service}", init, _PartialPackage)
    return True


def _defer_unused_sdk_parts() -> None:
    if "pulumi" in sys.modules:
        return
    sdk = importlib.util.find_spec("pulumi")
    if sdk is None or not sdk.origin:
        return
    deferred = dict(DEFERRED)
    if not os.environ.get("TRACEPARENT"):
        deferred[TRACING[0]] = TRACING[1]
    for name, file in deferred.items():
        path = os.path.join(os.path.dirname(sdk.origin), file)
        if os.path.isfile(path):
            _put_in_place(name, path, _DeferredModule)


def _put_in_place(name: str, path: str, kind: type[types.ModuleType]) -> None:
    """A module of the file at ``path`` (a package's when it is an ``__init__.py``) in
    ``sys.modules``, its code not run yet: ``kind`` runs it when needed."""
    folder = os.path.dirname(path)
    is_package = os.path.basename(path) == "__init__.py"
    spec = importlib.util.spec_from_file_location(
        name, path, submodule_search_locations=[folder] if is_package else None
    )
    assert spec is not None  # a `.py` path always gets the source file loader
    module = importlib.util.module_from_spec(spec)
    module.__class__ = kind
    sys.modules[name] = module

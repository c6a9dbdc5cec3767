"""Load only the parts of the SDKs a program touches, for the offline tools' start-up.

Three kinds of laziness, each indistinguishable to a program:

- Service packages. ``import pulumi_aws`` finds the spec of each of its some 240 service
  packages (a search of the file system each), and a service package imports every one of its
  resource modules when first touched: ``ec2`` some 300 (about half a second), ``kms`` and
  ``msk`` a score each where a program uses two or three. Before ``pulumi_aws`` is imported,
  this puts a partial package in the place of every service package: found without a search,
  it loads a class's own module on first use (``SecurityGroup`` -> ``security_group.py``) and
  falls back to the full package for any name it can't find that way (the provider registers
  its resource modules in ``pulumi_aws/__init__.py``, not in the service packages, so nothing
  registered is skipped).
- Type modules. A service package's ``_inputs.py``, ``outputs.py`` and ``_enums.py`` define
  every argument, output and enum type of the service (``ec2/_inputs.py``: 706 classes, 50 ms,
  where a security group needs four), and each resource module loads them with ``from ._inputs
  import *``. These modules are generated to one layout (``TypeModule``): imports, ``__all__``,
  then one top-level class per name, each behind its decorators. Loaded lazily, a type module
  runs its imports, then each class on first use, after every class its code names (the types
  it refers to by forward-reference strings, which Pulumi resolves in a copy of the module's
  namespace, so that copy is always complete). A ``from ... import *`` of it binds, in a
  resource module of the same package, the names that module's code mentions, and all of them
  anywhere else. Each class's statement is compiled once and kept (``cache_folder()``), so
  later runs neither read nor compile the 1 MB sources. A file whose layout differs from the
  one expected is loaded whole, the ordinary way.
- SDK parts an offline run never uses. ``import pulumi`` loads the Automation API (``mskctl``'s
  deploy verbs use it, and load it then), dynamic providers (with ``dill``), the OpenTelemetry
  set-up (which does nothing unless the engine passed a ``TRACEPARENT``) and gRPC (the
  engine's transport; with the mock monitor only ``except grpc.RpcError`` clauses name it, and
  they evaluate it only when an exception reaches them). Each is put in place deferred: loaded
  in full on its first use.

Used by ``mskctl`` only; ``pulumi up`` imports the SDKs the ordinary way.
``tests/test_fast_imports.py`` checks the installed SDKs against each of these assumptions and
fails, naming the file, when a release no longer fits them.
"""

import atexit
import importlib
import importlib.machinery
import importlib.util
import marshal
import os
import re
import sys
import threading
import types
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

PROVIDER = "pulumi_aws"
# A service package's generated type modules, loaded class by class.
TYPE_MODULES = ("_inputs", "outputs", "_enums")
# Modules of the Pulumi SDK (as files under its folder) deferred until first used.
DEFERRED = {
    "pulumi.automation": "automation/__init__.py",
    "pulumi.dynamic": "dynamic/__init__.py",
}
# Deferred too when no trace was asked for: its import only sets tracing up for a TRACEPARENT.
TRACING = ("pulumi.runtime._instrumentation", "runtime/_instrumentation.py")
# gRPC and its asyncio API (which gRPC's own __init__ imports last), as files of the package.
GRPC = {"grpc": "__init__.py", "grpc.aio": "aio/__init__.py"}

_LOADING = threading.RLock()  # one thread at a time runs a deferred module's real code


class _PartialPackage(types.ModuleType):
    """A package whose members load on first access, one module at a time."""

    def __getattr__(self, name: str):
        if name.startswith("__") or _being_loaded(self):
            raise AttributeError(name)
        submodule = sys.modules.get(f"{self.__name__}.{name}")
        if submodule is not None:  # `from . import outputs` while outputs is loading
            return submodule
        # A resource or function lives in the module named after it; argument and output
        # types live in the shared type modules, which every resource module loads anyway.
        own_module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        for candidate in (own_module, *TYPE_MODULES):
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
        if _being_loaded(self):  # its own code, or an import it makes, asking meanwhile
            raise AttributeError(name)
        return getattr(_load_fully(self), name)


def _being_loaded(module: types.ModuleType) -> bool:
    return module.__dict__.get("__mskctl_loading__") == threading.get_ident()


def _load_fully(module: types.ModuleType) -> types.ModuleType:
    """Run the real module's code in place: every member, every registration; its parent
    package's first when that is deferred too, in the order an ordinary import runs them."""
    with _LOADING:
        if type(module) not in (_PartialPackage, _DeferredModule):
            return module  # another thread loaded it meanwhile
        parent = sys.modules.get(module.__name__.rpartition(".")[0])
        if isinstance(parent, _DeferredModule):
            _load_fully(parent)
        # install() made the module from a file spec, which always has a source loader.
        spec = module.__spec__
        assert spec is not None and spec.loader is not None
        module.__dict__["__mskctl_loading__"] = threading.get_ident()
        try:
            spec.loader.exec_module(module)
        finally:
            del module.__dict__["__mskctl_loading__"]
        if type(module) in (_PartialPackage, _DeferredModule):  # its own code may have set one
            module.__class__ = types.ModuleType
        return module


# --- the type modules -----------------------------------------------------------------------------

# `from ._enums import *` among a type module's imports: the names are bound as used instead.
_STAR_IMPORT = re.compile(r"^from \.(\w+) import \*$", re.MULTILINE)
# A top-level class, behind its decorators (the layout allows nothing else after `__all__`).
_CLASS_HEADER = re.compile(r"\n(?:@[^\n]*\n)*class (\w+)")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class TypeModule:
    """A type module as it was generated: the imports and ``__all__`` before the first class
    (``head``), then one top-level class per name, its decorators with it (``chunks``), the
    classes exactly the names of ``__all__``. ``read`` gives None for a file of another layout.

    Each class's statement is compiled on first use and kept, with the names its code
    mentions, in a cache file per type module (``cache_folder()``; written at exit, as Python
    writes bytecode, unless ``PYTHONDONTWRITEBYTECODE`` says not to), so later runs neither
    read nor compile the source: the file is valid for that source's size and modification
    time, that Python's bytecode, this module's own file and ``CACHE_FORMAT``."""

    def __init__(
        self,
        path: str,
        key: tuple,
        head: types.CodeType,
        star_sources: list[str],
        class_names: frozenset[str],
        compiled: dict[str, tuple[types.CodeType, tuple[str, ...]]],
    ):
        self.path = path
        self.key = key  # what the cache file must match: see _source_key
        self.head = head  # the imports and __all__, the star imports left out (lines kept)
        self.star_sources = star_sources  # X of each `from .X import *` left out
        self.class_names = class_names
        self.compiled = compiled  # name -> (code, the names it mentions)
        self._chunks: dict[str, tuple[str, int]] | None = None  # name -> (source, first line)
        self._imports = ""
        self._changed = False

    @classmethod
    def load(cls, path: str) -> "TypeModule | None":
        """From the cache when it matches the source, else from the source."""
        key = _source_key(path)
        return _read_cache(path, key) or cls.read(path, key)

    @classmethod
    def read(cls, path: str, key: tuple | None = None) -> "TypeModule | None":
        split = _split(path)
        if split is None:
            return None
        head, chunks = split
        module = cls(
            path,
            key or _source_key(path),
            compile(_STAR_IMPORT.sub("", head), path, "exec"),
            _STAR_IMPORT.findall(head),
            frozenset(chunks),
            {},
        )
        module._chunks = chunks
        module._imports = _imports_line(head)
        module._mark_changed()
        return module

    def code_of(self, name: str) -> tuple[types.CodeType, tuple[str, ...]]:
        """The code of the statement that makes class ``name``, and the names it mentions."""
        known = self.compiled.get(name)
        if known is not None:
            return known
        if self._chunks is None:
            split = _split(self.path)
            if split is None or set(split[1]) != self.class_names:
                raise ImportError(f"{self.path} changed while in use")
            self._chunks = split[1]
            self._imports = _imports_line(split[0])
        source, first_line = self._chunks[name]
        # The head's imports on the line before, never run: the compiler then emits for their
        # names the code it emits in the whole file (LOAD_ATTR, not LOAD_METHOD, on a module).
        code = compile(f"{self._imports}\n{source}", self.path, "exec")
        code = _shifted(code, first_line - 2)
        compiled = (code, tuple(sorted(_names_in(code) - {name})))
        self.compiled[name] = compiled
        self._mark_changed()
        return compiled

    def _mark_changed(self) -> None:
        if not self._changed:
            self._changed = True
            _CHANGED.append(self)


def _split(path: str) -> tuple[str, dict[str, tuple[str, int]]] | None:
    """The file's head and its classes' statements, or None when it is not of that layout."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    headers = list(_CLASS_HEADER.finditer(text))
    if not headers:
        return None
    first = headers[0].start() + 1
    head = text[:first]
    if "\n@" in head or "\nclass " in head or not re.search(r"^__all__ = \[", head, re.M):
        return None
    chunks: dict[str, tuple[str, int]] = {}
    line = head.count("\n") + 1
    ends = [h.start() + 1 for h in headers[1:]] + [len(text)]
    start = first
    for header, end in zip(headers, ends, strict=True):
        chunk = text[start:end]
        if header.group(1) in chunks:
            return None  # one class per name, or the module is not of this layout
        chunks[header.group(1)] = (chunk, line)
        line += chunk.count("\n")
        start = end
    return head, chunks


def _imports_line(head: str) -> str:
    """The head's import statements (the star imports left out) as one line that never runs."""
    statements = [
        line.strip()
        for line in head.splitlines()
        if line.lstrip().startswith(("import ", "from ")) and not _STAR_IMPORT.match(line)
    ]
    return f"if 0: {'; '.join(statements)}" if statements else ""


# --- the cache of compiled classes ----------------------------------------------------------------

CACHE_FORMAT = 2  # raise when what a cache file holds, or how a module is split, changes
_CHANGED: list[TypeModule] = []  # modules with classes compiled in this run, to be saved


def cache_folder() -> str | None:
    """Where compiled classes are kept: ``MSKCTL_CACHE_DIR`` (empty: nowhere), else
    ``$XDG_CACHE_HOME/mskctl`` (by default ``~/.cache/mskctl``)."""
    explicit = os.environ.get("MSKCTL_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mskctl")


def _source_key(path: str) -> tuple:
    """What a cache file must have been written for: this format, this Python's bytecode, this
    very module (an edited fast_imports.py may split or compile otherwise), and the source."""
    status, own = os.stat(path), os.stat(__file__)
    return (
        CACHE_FORMAT,
        importlib.util.MAGIC_NUMBER,
        (own.st_size, own.st_mtime_ns),
        path,
        status.st_size,
        status.st_mtime_ns,
    )


def _cache_file(path: str) -> str | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = f"{zlib.crc32(path.encode()):08x}"  # the file's own path is in the key too
    name = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(folder, f"{name}-{digest}.{sys.implementation.cache_tag}.marshal")


def _read_cache(path: str, key: tuple) -> TypeModule | None:
    cache = _cache_file(path)
    if cache is None:
        return None
    try:
        with open(cache, "rb") as file:
            saved = marshal.loads(file.read())
        saved_key, head, star_sources, class_names, compiled = saved
    except (OSError, EOFError, ValueError, TypeError):
        return None  # none yet, or not one this version wrote: compiled again
    if saved_key != key:
        return None
    return TypeModule(path, key, head, star_sources, frozenset(class_names), compiled)


def save_compiled() -> None:
    """Write the cache files of the modules that compiled classes in this run (at exit)."""
    changed = list(_CHANGED)
    _CHANGED.clear()
    if sys.dont_write_bytecode:
        return
    for module in changed:
        cache = _cache_file(module.path)
        if cache is None:
            return
        saved = (
            module.key,
            module.head,
            module.star_sources,
            sorted(module.class_names),
            module.compiled,
        )
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            temporary = f"{cache}.{os.getpid()}.tmp"
            with open(temporary, "wb") as file:
                file.write(marshal.dumps(saved))
            os.replace(temporary, cache)  # another process's reader sees the old or the new
        except OSError:
            return  # a folder that can't be written: compiled again next time


class _TypeModuleFinder:
    """Finds ``pulumi_aws.<service>._inputs`` (``outputs``, ``_enums``) for the loader below."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None):
        package, _, leaf = fullname.rpartition(".")
        if leaf not in TYPE_MODULES or package.count(".") != 1 or not path:
            return None
        if not package.startswith(f"{PROVIDER}."):
            return None
        file = os.path.join(list(path)[0], f"{leaf}.py")
        if not os.path.isfile(file):
            return None
        loader: Any = _TypeModuleLoader()  # the two methods an import calls (no load_module)
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


class _TypeModuleLoader:
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _LazyTypeModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        assert isinstance(module, _LazyTypeModule)
        source = TypeModule.load(module.__file__ or "")
        if source is None:
            _load_ordinarily(module)
        else:
            module._begin(source)


def _load_ordinarily(module: types.ModuleType) -> None:
    """The whole module, from its bytecode, as an ordinary import runs it."""
    module.__class__ = types.ModuleType
    loader = importlib.machinery.SourceFileLoader(module.__name__, module.__file__ or "")
    loader.exec_module(module)


class _LazyTypeModule(types.ModuleType):
    """A type module whose classes are made on first use (see the module's docstring). What
    it knows of its source is kept outside its namespace (``_STATES``), which stays the
    ordinary module's: its imports, then each class made so far."""

    def _begin(self, source: TypeModule) -> None:
        exec(source.head, self.__dict__)  # noqa: S102 - the module's own imports and __all__
        names = self.__dict__.pop("__all__", None)
        if not isinstance(names, list) or set(names) != source.class_names:
            _load_ordinarily(self)  # its classes are not exactly its __all__: another layout
            return
        package = self.__name__.rpartition(".")[0]
        stars = []
        for leaf in source.star_sources:
            module = importlib.import_module(f"{package}.{leaf}")
            stars.append((module, frozenset(_exported(module))))
        _STATES[self.__name__] = _TypeModuleState(source, names, stars)

    @property
    def __all__(self) -> list[str]:
        """What ``from <this> import *`` binds: in a resource module of the same package, the
        names its code mentions; anywhere else, all of them (as the ordinary module)."""
        wanted = _STATES[self.__name__].names
        importer = sys._getframe(1)
        if _is_sibling_module(importer.f_globals, self.__name__):
            mentioned = _names_in(importer.f_code)
            wanted = [n for n in wanted if n in mentioned]
        for name in wanted:
            self._define(name)
        return list(wanted)

    def __getattr__(self, name: str):
        if name.startswith("__") or self.__name__ not in _STATES or not self._define(name):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        return self.__dict__[name]

    def __dir__(self) -> list[str]:
        return sorted(set(self.__dict__) | set(_STATES[self.__name__].names))

    def _define(self, name: str, visiting: set[str] | None = None) -> bool:
        """Make ``name`` after every name its code mentions; False when the module has no
        such name (not in ``__all__`` nor in a module it star-imports)."""
        if name in self.__dict__:
            return True
        state = _STATES[self.__name__]
        with _LOADING:
            visiting = set() if visiting is None else visiting
            if name in self.__dict__ or name in visiting:
                return True
            visiting.add(name)
            if name not in state.source.class_names:
                for module, exported in state.stars:
                    if name in exported:
                        self.__dict__[name] = getattr(module, name)
                        return True
                return False
            code, mentions = state.source.code_of(name)
            for mentioned in mentions:
                if state.has(mentioned):
                    self._define(mentioned, visiting)
            exec(code, self.__dict__)  # noqa: S102 - the class's own statement, as generated
            if name not in self.__dict__:
                raise ImportError(f"{state.source.path}: the statement of {name} did not make it")
            return True


@dataclass
class _TypeModuleState:
    source: TypeModule
    names: list[str]  # __all__, in its order
    stars: list[tuple[types.ModuleType, frozenset[str]]]  # each star-imported module, its names

    def has(self, name: str) -> bool:
        return name in self.source.class_names or any(name in names for _, names in self.stars)


_STATES: dict[str, _TypeModuleState] = {}  # by module name


def _exported(module: types.ModuleType) -> list[str]:
    if isinstance(module, _LazyTypeModule) and module.__name__ in _STATES:
        return _STATES[module.__name__].names
    names = getattr(module, "__all__", None)
    return list(names) if names is not None else [n for n in vars(module) if n[:1] != "_"]


def _is_sibling_module(importer: dict[str, Any], name: str) -> bool:
    """Whether the importing module is a plain module (not the package's ``__init__``, which
    re-exports every name) of the type module's own package."""
    package = name.rpartition(".")[0]
    importer_name = importer.get("__name__", "")
    return importer_name.rpartition(".")[0] == package and "__path__" not in importer


def _shifted(code: types.CodeType, lines: int) -> types.CodeType:
    consts = tuple(
        _shifted(c, lines) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_consts=consts)


def _names_in(code: types.CodeType) -> set[str]:
    """Every name the code (and the code nested in it) loads, and every identifier in its
    one-line strings (forward references such as ``'Sequence[FooArgs]'``; docstrings, which
    span lines, left out)."""
    found: set[str] = set()
    for each in _code_objects(code):
        found.update(each.co_names)
        for const in each.co_consts:
            if isinstance(const, str) and "\n" not in const:
                if const.isidentifier():
                    found.add(const)
                else:
                    found.update(_IDENTIFIER.findall(const))
    return found


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


# --- putting it in place --------------------------------------------------------------------------


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
    if not any(isinstance(finder, _TypeModuleFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TypeModuleFinder())
        atexit.register(save_compiled)
    return True


def _defer_unused_sdk_parts() -> None:
    if "pulumi" in sys.modules:
        return
    sdk = importlib.util.find_spec("pulumi")
    if sdk is None or not sdk.origin:
        return
    deferred = {
        name: os.path.join(os.path.dirname(sdk.origin), file) for name, file in DEFERRED.items()
    }
    if not os.environ.get("TRACEPARENT"):
        deferred[TRACING[0]] = os.path.join(os.path.dirname(sdk.origin), TRACING[1])
    grpc = importlib.util.find_spec("grpc") if "grpc" not in sys.modules else None
    if grpc is not None and grpc.origin:
        deferred |= {n: os.path.join(os.path.dirname(grpc.origin), f) for n, f in GRPC.items()}
    for name, path in deferred.items():
        if os.path.isfile(path):
            _put_in_place(name, path, _DeferredModule)
    if "grpc" in deferred and "grpc.aio" in sys.modules:
        # `from grpc import aio` (the SDK's callbacks module) finds it without loading gRPC.
        sys.modules["grpc"].__dict__["aio"] = sys.modules["grpc.aio"]


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

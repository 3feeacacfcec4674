"""The sample as shipped in the package: built once by the project, loaded in a blink.

Building the sample draws and calibrates thousands of records (a few seconds); the package
ships the result instead, in ``slcp/data/south_london.pickle.gz``, and
:func:`slcp.sample.south_london` loads it (decision 0210). The file is a gzip stream of two
pickles:

1. a header: the format number and, for every record class the programme holds, its
   qualified name and its fields' names in order;
2. the programme itself, with equal immutable values stored once (a date, a rate, a
   ``DateRange`` shared by many records is one object), which makes the file and the load
   about a third smaller.

:func:`load_shipped` returns ``None`` when the file is missing or its header no longer
matches the record classes (a field added, removed or renamed since the file was written);
the caller then builds the sample afresh. :func:`shared_bytes` and :func:`read_shared` write
and read the same form for any value of records, for other shipped samples (the SEN2 sample
return in :mod:`slcp.io.sen2_sample`). ``tests/sample/test_south_london.py`` fails until
the file is rewritten, which is done by running::

    python -m slcp.sample._regenerate

The file is package data written by this module from the fixed-seed generator, never user
input: it is read only from the package's own directory.

May import: :mod:`slcp.domain` and the standard library (the sample layer sits below
:mod:`slcp.io`, so it keeps its own format rather than the JSON document's).
"""

from __future__ import annotations

import copyreg
import enum
import gc
import gzip
import importlib
import io
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any, Final

import attrs

from slcp.domain import Programme

#: Version of the shipped file's layout (not of the programme it holds): 2 since records
#: are stored with their values as tuples (:class:`_TupleState`).
FORMAT: Final = 2
#: The file's name inside the package's ``data`` directory.
FILE_NAME: Final = "south_london.pickle.gz"

_Fields = dict[str, tuple[str, ...]]


def _fields_of(cls: type[Any]) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


def _qualified(cls: type[Any]) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _header_matches(header: object) -> bool:
    """True when ``header`` was written for the record classes as they are now."""
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return False
    fields = header.get("fields")
    if not isinstance(fields, dict):
        return False
    for name, expected in fields.items():
        module_name, _, qualname = name.partition(":")
        try:
            cls: Any = importlib.import_module(module_name)
            for part in qualname.split("."):
                cls = getattr(cls, part)
        except (ImportError, AttributeError):
            return False
        if not (isinstance(cls, type) and attrs.has(cls)) or _fields_of(cls) != expected:
            return False
    return True


def package_bytes(package: str, *path: str) -> bytes:
    """The bytes of a data file shipped inside ``package`` (e.g. ``"slcp"``, ``"data"``,
    ``FILE_NAME``).

    Read straight from the package's directory when it is one (an ordinary install or a
    source checkout); otherwise through :mod:`importlib.resources` (a zipped install), which
    is imported only then: it brings ``tempfile``, ``shutil`` and ``zipfile`` with it.

    Raises:
        OSError: the file is missing or unreadable.
    """
    module = sys.modules.get(package) or importlib.import_module(package)
    origin = getattr(module, "__file__", None)
    if origin is not None:
        candidate = Path(origin).parent.joinpath(*path)
        if candidate.is_file():
            return candidate.read_bytes()
    from importlib import resources  # only for a package that is not a directory

    return resources.files(package).joinpath(*path).read_bytes()


def _open() -> io.BytesIO | None:
    try:
        raw = package_bytes("slcp", "data", FILE_NAME)
        return io.BytesIO(gzip.decompress(raw))
    except (OSError, EOFError, zlib.error):  # missing, unreadable or damaged
        return None


def shipped_header() -> dict[str, Any] | None:
    """The shipped file's header (``format`` and ``fields``), or ``None`` without a file."""
    stream = _open()
    if stream is None:
        return None
    try:
        header = pickle.load(stream)
    except Exception:  # not a header this module wrote
        return None
    return header if isinstance(header, dict) else None


def load_shipped() -> Programme | None:
    """The shipped programme, or ``None`` when the file is missing or out of date.

    Out of date means written for other record classes (the header says which fields each
    had) or naming a class or enumeration member that no longer exists (unpickling fails).
    """
    stream = _open()
    if stream is None:
        return None
    programme = read_shared(stream)
    return programme if isinstance(programme, Programme) else None


def read_shared(stream: io.BytesIO) -> object:
    """The value in ``stream`` (the decompressed bytes :func:`shared_bytes` wrote), or
    ``None`` when it was written for other record classes or is damaged.

    The cyclic garbage collector is paused while the records are unpickled: they hold no
    cycles, and a collection every few thousand allocations would otherwise rescan all the
    records made so far (it makes the load about 40% slower).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        if not _header_matches(pickle.load(stream)):
            return None
        value: object = pickle.load(stream)
    except Exception:  # written for other definitions: the caller builds the value instead
        return None
    finally:
        if paused:
            gc.enable()
    return value


class _Sharing:
    """Rebuilds a value so that equal immutable parts are one object (records, tuples, dates)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[type[Any], object], object] = {}
        self.fields: _Fields = {}

    def share(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind in (bool, int) or isinstance(value, enum.Enum):
            return value
        if attrs.has(kind):
            names = [a.name for a in attrs.fields(kind)]
            self.fields.setdefault(_qualified(kind), _fields_of(kind))
            copy = object.__new__(kind)
            for name in names:
                # a copy of a frozen record with equal field values: nothing to re-validate
                object.__setattr__(copy, name, self.share(getattr(value, name)))
            value = copy
        elif kind is tuple:
            value = tuple(self.share(item) for item in value)
        elif kind is frozenset:
            value = frozenset(self.share(item) for item in value)
        key = (kind, value)
        return self.seen.setdefault(key, value)


def shipped_bytes(programme: Programme) -> bytes:
    """The shipped file's bytes for ``programme`` (deterministic: no timestamp, fixed order)."""
    return shared_bytes(programme)


def shared_bytes(value: object) -> bytes:
    """``value`` (a record of attrs records, tuples and immutable values) as the shipped
    files store it: a gzip stream of the header and the value with equal parts stored once.
    Deterministic: no timestamp, fixed order. :func:`read_shared` reads it back."""
    sharing = _Sharing()
    shared = sharing.share(value)
    if shared != value:  # pragma: no cover - a defect in _Sharing, never in the data
        raise RuntimeError("sharing equal values changed the value")
    out = io.BytesIO()
    header = {"format": FORMAT, "fields": dict(sorted(sharing.fields.items()))}
    pickle.dump(header, out, protocol=5)
    _TupleState(out, protocol=5).dump(shared)
    return gzip.compress(out.getvalue(), compresslevel=9, mtime=0)


#: ``copyreg.__newobj__``, which pickle writes as its NEWOBJ opcode (``cls.__new__(cls)``).
_NEWOBJ: Final = getattr(copyreg, "__newobj__")  # noqa: B009 - not in the type stubs


class _TupleState(pickle.Pickler):
    """Pickles each slotted attrs record with its fields' values as a tuple, in field order.

    attrs's own state is a dict per record (every field's name again for each of the
    programme's ~100,000 records); its ``__setstate__`` also takes the tuple, which it
    assigns in field order without a look-up per field. The file is about 40% smaller
    unpacked and loads about a quarter faster. The header records each class's fields in
    order, so a file written for another order is refused (:func:`_header_matches`).
    """

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is not type and attrs.has(kind) and "__slots__" in kind.__dict__:
            state = tuple(getattr(obj, name) for name in _fields_of(kind))
            return (_NEWOBJ, (kind,), state)
        return NotImplemented


def shipped_path() -> Path:
    """Where the shipped file lives in a source checkout (``src/slcp/data/``)."""
    return Path(__file__).resolve().parent.parent / "data" / FILE_NAME

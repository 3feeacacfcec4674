"""Registered places near each borough, read from a CSV table: the supply side of
:func:`slcp.demand.assess_sufficiency`.

One row per provider (or home) and placement group; column names in any case::

    la,placement_group,places,provider,source
    E09000008,residential,6,SC123456,Ofsted register March 2024

``la`` is a GSS code (``E06``, ``E08``, ``E09`` or ``E10`` and six digits) or the DfE code of
a South London borough; ``placement_group`` is ``fostering``, ``residential`` or ``other``;
``places`` a whole number, zero or more. ``provider`` and ``source`` may be blank. Every
problem is a :class:`~slcp.findings.Finding` naming the file, row and column; a row with an
error is not used. Decision record 1110.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from slcp.demand import PlacementGroup, RegisteredPlaces
from slcp.domain import SOUTH_LONDON_BOROUGHS, GssCode
from slcp.errors import LoadError
from slcp.findings import Finding, Severity
from slcp.io._ssda903_table import read_table

__all__ = [
    "REGISTERED_PLACES_COLUMNS",
    "RegisteredPlacesRead",
    "load_registered_places",
    "read_registered_places",
]

#: The table's columns, in order (any order is accepted).
REGISTERED_PLACES_COLUMNS: tuple[str, ...] = (
    "LA",
    "PLACEMENT_GROUP",
    "PLACES",
    "PROVIDER",
    "SOURCE",
)
_REQUIRED = frozenset({"LA", "PLACEMENT_GROUP", "PLACES"})
_OPTIONAL = (" column PROVIDER", " column SOURCE")
_GSS = re.compile(r"E(06|08|09|10)[0-9]{6}")
_GROUPS = {g.value: g for g in PlacementGroup}


@attrs.frozen(kw_only=True)
class RegisteredPlacesRead:
    """What was read from a registered places table.

    Attributes:
        places: one record per usable row, in file order.
        findings: every problem found, in file order.
    """

    places: tuple[RegisteredPlaces, ...]
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        """True when a row (or the file) could not be used."""
        return any(f.severity is Severity.ERROR for f in self.findings)


def _la(text: str) -> GssCode | None:
    code = text.strip().upper()
    for b in SOUTH_LONDON_BOROUGHS:
        if code in (b.gss_code, b.dfe_code):
            return b.gss_code
    return GssCode(code) if _GSS.fullmatch(code) else None


def read_registered_places(data: bytes, *, name: str = "places.csv") -> RegisteredPlacesRead:
    """Read a registered places table from its bytes. Never raises.

    >>> r = read_registered_places(b"la,placement_group,places\\n306,residential,6\\n"
    ...                            b"E09000022,homes,2\\n")
    >>> [(p.area, p.group.value, p.places) for p in r.places]
    [('E09000008', 'residential', 6)]
    >>> [str(f) for f in r.findings]
    ["error unknown-placement-group [places.csv row 3]: placement_group 'homes' is not
      fostering, residential or other; row not used @ places.csv row 3 column
      PLACEMENT_GROUP"]
    """
    findings: list[Finding] = []
    out: list[RegisteredPlaces] = []
    for row in read_table(
        data, name=name, columns=REGISTERED_PLACES_COLUMNS, required=_REQUIRED, findings=findings
    ):
        where = f"{name} row {row.number}"
        v = row.values
        problems: list[tuple[str, str, str]] = []
        area = _la(v["LA"])
        if area is None:
            problems.append(
                (
                    "invalid-la",
                    f"la {v['LA'][:12]!r} is not a GSS code (e.g. E09000008) or a South London "
                    "DfE code (e.g. 306)",
                    "LA",
                )
            )
        group = _GROUPS.get(v["PLACEMENT_GROUP"].strip().lower())
        if group is None:
            problems.append(
                (
                    "unknown-placement-group",
                    f"placement_group {v['PLACEMENT_GROUP'][:20]!r} is not fostering, "
                    "residential or other",
                    "PLACEMENT_GROUP",
                )
            )
        places = v["PLACES"].strip()
        if not re.fullmatch(r"[0-9]{1,9}", places):
            problems.append(
                (
                    "invalid-places",
                    f"places {places[:12]!r} is not a whole number, zero or more",
                    "PLACES",
                )
            )
        for code, message, column in problems:
            findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code=code,
                    message=f"{message}; row not used",
                    subject_id=where,
                    location=f"{where} column {column}",
                )
            )
        if problems or area is None or group is None:
            continue
        out.append(
            RegisteredPlaces(
                area=area,
                group=group,
                places=int(places),
                provider=v["PROVIDER"] or None,
                source=v["SOURCE"],
            )
        )
    # PROVIDER and SOURCE are optional: a table without them is complete
    kept = tuple(
        f for f in findings if not (f.code == "missing-column" and f.location.endswith(_OPTIONAL))
    )
    return RegisteredPlacesRead(places=tuple(out), findings=kept)


def load_registered_places(path: str | Path) -> RegisteredPlacesRead:
    """Read a registered places CSV file; findings name it by its base name.

    Raises:
        LoadError: the file cannot be opened or read at all.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError([f"{e.strerror or 'cannot read the file'} @ {p}"], source=str(p)) from None
    return read_registered_places(data, name=p.name)

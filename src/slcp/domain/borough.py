"""Local authorities: boroughs with their ONS (GSS) and DfE codes, and the South London registry."""

from __future__ import annotations

import re
from typing import NewType

import attrs

from slcp.errors import InvalidValueError, UnknownReferenceError

__all__ = [
    "SOUTH_LONDON_BOROUGHS",
    "Borough",
    "DfeLaCode",
    "GssCode",
    "borough_by_gss",
    "borough_by_name",
]

#: ONS Government Statistical Service code of an English local authority, e.g. ``"E09000008"``.
GssCode = NewType("GssCode", str)
#: DfE three-digit local-authority code, e.g. ``"306"`` (a string: keep leading zeros).
DfeLaCode = NewType("DfeLaCode", str)

# GSS entity codes for English authorities with children's services: E06 unitary authorities,
# E08 metropolitan districts, E09 London boroughs, E10 counties (ONS Register of Geographic Codes).
_GSS = re.compile(r"^E(06|08|09|10)\d{6}$")
_DFE = re.compile(r"^\d{3}$")


def _gss(value: str) -> GssCode:
    if not isinstance(value, str) or not _GSS.fullmatch(value):
        raise InvalidValueError(
            "not an English local-authority GSS code",
            field="gss_code",
            value=value,
            expected="E06, E08, E09 or E10 followed by six digits, e.g. 'E09000008'",
        )
    return GssCode(value)


def _dfe(value: str) -> DfeLaCode:
    if not isinstance(value, str) or not _DFE.fullmatch(value):
        raise InvalidValueError(
            "not a DfE local-authority code",
            field="dfe_code",
            value=value,
            expected="three digits as a string, e.g. '306'",
        )
    return DfeLaCode(value)


@attrs.frozen(kw_only=True)
class Borough:
    """An English local authority that places children.

    Attributes:
        name: its common name, e.g. ``"Croydon"``.
        gss_code: ONS GSS code (``E06``/``E08``/``E09``/``E10`` + 6 digits); slcp's key for it.
        dfe_code: DfeLA code, three digits.

    >>> Borough(name="Croydon", gss_code=GssCode("E09000008"), dfe_code=DfeLaCode("306"))
    Borough(name='Croydon', gss_code='E09000008', dfe_code='306')
    >>> Borough(name="X", gss_code=GssCode("E07000001"), dfe_code=DfeLaCode("1"))
    Traceback (most recent call last):
    ...
    slcp.errors.InvalidValueError: not an English local-authority GSS code...
    """

    name: str = attrs.field()
    gss_code: GssCode = attrs.field(converter=_gss)
    dfe_code: DfeLaCode = attrs.field(converter=_dfe)

    @name.validator
    def _check_name(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError("a borough needs a name", field="name", value=value)


def _b(name: str, gss: str, dfe: str) -> Borough:
    return Borough(name=name, gss_code=GssCode(gss), dfe_code=DfeLaCode(dfe))


#: The twelve South London boroughs of the programme, alphabetical (REFERENCE §2).
SOUTH_LONDON_BOROUGHS: tuple[Borough, ...] = (
    _b("Bexley", "E09000004", "303"),
    _b("Bromley", "E09000006", "305"),
    _b("Croydon", "E09000008", "306"),
    _b("Greenwich", "E09000011", "203"),
    _b("Kingston upon Thames", "E09000021", "314"),
    _b("Lambeth", "E09000022", "208"),
    _b("Lewisham", "E09000023", "209"),
    _b("Merton", "E09000024", "315"),
    _b("Richmond upon Thames", "E09000027", "318"),
    _b("Southwark", "E09000028", "210"),
    _b("Sutton", "E09000029", "319"),
    _b("Wandsworth", "E09000032", "212"),
)


def borough_by_name(name: str) -> Borough:
    """The South London borough with this name (case-insensitive; "Kingston" and "Richmond" too).

    >>> borough_by_name("croydon").gss_code
    'E09000008'
    >>> borough_by_name("Kingston").dfe_code
    '314'
    """
    wanted = name.strip().lower()
    for b in SOUTH_LONDON_BOROUGHS:
        if b.name.lower() == wanted or b.name.lower().split(" upon ")[0] == wanted:
            return b
    raise UnknownReferenceError(
        "no South London borough of that name",
        field="name",
        value=name,
        expected=", ".join(b.name for b in SOUTH_LONDON_BOROUGHS),
    )


def borough_by_gss(code: str) -> Borough:
    """The South London borough with this GSS code."""
    for b in SOUTH_LONDON_BOROUGHS:
        if b.gss_code == code:
            return b
    raise UnknownReferenceError(
        "no South London borough with that GSS code", field="gss_code", value=code
    )

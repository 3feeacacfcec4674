"""A programme built from Placements Data Standard referral files, as far as the data allows.

The standard records referrals and the placement agreed for each, with its total weekly cost,
location, provider URN and type (``docs/placements-data-standard.md``). It does not record
the placing borough, the placement's first day, the provider's name or how the placement was
bought, so :func:`read_pds_programme` takes the borough as an argument and makes these
assumptions, each reported as a finding so nobody mistakes them for data:

* **First day**: the referral's ``placementDate`` (the day the placement was entered); a
  placed referral without one cannot be placed and gives a ``not-placed`` warning.
* **Provider**: one provider per ``providerURN``, with id ``URN-<urn>``; its name is not in
  the standard, so it is named after the URN. A URN that is not an Ofsted or DfE URN is kept
  in the id only, with a warning.
* **Route**: ``spot`` (the standard does not say whether a framework or DPS was used).
* **Fee**: the whole ``totalWeeklyCost`` (whole pounds, ex-VAT) is the core weekly fee,
  from the first day onward; its source cites the file and the ``costDate``.
* Referrals with no placement yet give an ``INFO`` finding and no record.

Every placement is a LAC placement of the given borough. Children are recorded by their
pseudonymous ``childId`` only.

>>> header = ("childId,communicationNeeds,specificCommunicationRequirements,homeAdaptation,"
...           "culturalNeeds,livingCompanions,pets,fosterCareSuitability,"
...           "residentialCareSuitability,supportedAccommodationSuitability,riskSelfHarm,"
...           "riskSexualExploitation,riskCriminalExploitation,riskDrugAlcohol,"
...           "riskEatingDisorder,riskMissing,riskToOthersPhysical,riskToOthersSexual,"
...           "riskToOthersFire,riskToOthersAnimals,riskToOthersCriminal,totalWeeklyCost,"
...           "placementLocation,preferabilityLocation,educationContinuity,providerURN,"
...           "siblingsPlacedTogether,placementType,referralDate,placementDate")
>>> row = ("0042,N,None,No,Not required,No preference,Yes - can,Preferred,Unsuitable,"
...        "Unsuitable" + ",No known risk" * 11 + ",850,SE15,Yes,Yes,SC654321,0,Foster,"
...        "2025-07-21,2025-07-28")
>>> read = read_pds_programme([(header + "\\n" + row + "\\n").encode()], borough="Southwark")
>>> (placement,) = read.programme.placements
>>> placement.provider, placement.service.value, str(placement.period)
('URN-SC654321', 'independent_fostering', '[2025-07-28, open)')
>>> str(placement.fee_on(placement.period.start).core)
'£850.00'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from slcp.domain.borough import Borough, borough_by_gss, borough_by_name
from slcp.domain.child import Child
from slcp.domain.codes import RouteKind
from slcp.domain.placement import Placement, PlacementId
from slcp.domain.programme import Programme
from slcp.domain.provider import Provider, ProviderId
from slcp.domain.purchasing import PurchaseRoute
from slcp.errors import LoadError, SlcpError
from slcp.findings import Finding, Severity
from slcp.io._csv_engine import CsvSource
from slcp.io.pds import placement_from_referral, read_referrals
from slcp.io.programme_tables import ProgrammeRead
from slcp.timeline import Source, SourceKind

__all__ = ["DEFAULT_PDS_PROGRAMME_NAME", "find_borough", "read_pds_programme"]

#: The name given to a programme built from Placements Data Standard files unless one is given.
DEFAULT_PDS_PROGRAMME_NAME = "Placements Data Standard import"


def find_borough(text: str) -> Borough:
    """A South London borough by GSS code (``E09000008``) or name (``Croydon``).

    Raises:
        LoadError: no South London borough has that code or name.

    >>> find_borough("E09000028").name, find_borough("croydon").gss_code
    ('Southwark', 'E09000008')
    """
    try:
        if text.strip().upper().startswith("E"):
            return borough_by_gss(text.strip().upper())
        return borough_by_name(text)
    except SlcpError:
        raise LoadError(
            [f"no South London borough has the GSS code or name {text!r} @ --borough"],
            source="--borough",
        ) from None


def _finding(severity: Severity, code: str, message: str, subject: str, where: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, subject_id=subject, location=where
    )


def read_pds_programme(
    sources: Sequence[CsvSource],
    *,
    borough: str,
    name: str = DEFAULT_PDS_PROGRAMME_NAME,
) -> ProgrammeRead:
    """Build a programme from one or more Placements Data Standard referral files.

    Args:
        sources: each file as a path or bytes (bytes are named ``referrals.csv``).
        borough: the placing borough, a South London GSS code or name; it is the host.
        name: the programme's name.

    Returns:
        The programme (placements numbered ``PDS-1``, ``PDS-2``... in file and row order)
        and every finding: the files' own (each naming file, row and column), the
        assumptions made (``INFO``) and what could not be placed (``WARNING``), each naming
        the file and the child.

    Raises:
        LoadError: ``borough`` is unknown, or a file is not UTF-8 CSV text.
    """
    placing = find_borough(borough)
    findings: list[Finding] = []
    providers: dict[str, Provider] = {}
    children: dict[str, Child] = {}
    placements: list[Placement] = []
    for source in sources:
        file_name = Path(source).name if isinstance(source, str | os.PathLike) else "referrals.csv"
        read = read_referrals(source)
        findings += read.findings
        for referral in read.records:
            child = referral.child
            placed = referral.placement
            if placed is None:
                findings.append(
                    _finding(
                        Severity.INFO,
                        "not-placed",
                        "the referral has no placement yet; no placement was built",
                        child,
                        file_name,
                    )
                )
                continue
            first_day = referral.placement_recorded_on
            if first_day is None:
                findings.append(
                    _finding(
                        Severity.WARNING,
                        "not-placed",
                        "the placement has no placementDate, so its first day is unknown; "
                        "it was not placed",
                        child,
                        f"{file_name} column placementDate",
                    )
                )
                continue
            urn = placed.provider_urn
            provider_id = ProviderId(f"URN-{urn}")
            if provider_id not in providers:
                try:
                    provider = Provider(id=provider_id, name=f"Provider with URN {urn}", urn=urn)
                except SlcpError:
                    provider = Provider(id=provider_id, name=f"Provider with URN {urn}")
                    findings.append(
                        _finding(
                            Severity.WARNING,
                            "invalid-urn",
                            f"providerURN {urn!r} is not an Ofsted or DfE URN; the provider "
                            "was recorded without one",
                            child,
                            f"{file_name} column providerURN",
                        )
                    )
                providers[provider_id] = provider
            number = len(placements) + 1
            try:
                placement = placement_from_referral(
                    referral,
                    placement_id=PlacementId(f"PDS-{number}"),
                    borough=placing.gss_code,
                    provider=provider_id,
                    first_day=first_day,
                    route=PurchaseRoute(kind=RouteKind.SPOT),
                    source=Source(
                        kind=SourceKind.DATA_RETURN,
                        citation=f"Placements Data Standard {file_name}, child {child}: "
                        "totalWeeklyCost",
                        dated=referral.cost_recorded_on,
                    ),
                )
            except SlcpError as exc:
                findings.append(
                    _finding(
                        Severity.WARNING,
                        "not-placed",
                        f"the placement could not be built ({exc.message}); it was not placed",
                        child,
                        file_name,
                    )
                )
                continue
            placements.append(placement)
            children.setdefault(child, Child(ref=child))
    if placements:
        findings.append(
            _finding(
                Severity.INFO,
                "assumed",
                "the Placements Data Standard does not record the first day, the provider's "
                "name or how a placement was bought: first days are each referral's "
                "placementDate, providers are named after their URN, and every placement is "
                f"recorded as a spot purchase by {placing.name}",
                "programme",
                ", ".join(
                    Path(s).name if isinstance(s, str | os.PathLike) else "referrals.csv"
                    for s in sources
                ),
            )
        )
    programme = Programme(
        name=name,
        host=placing.gss_code,
        boroughs=(placing,),
        providers=tuple(providers.values()),
        children=tuple(children.values()),
        placements=tuple(placements),
    )
    return ProgrammeRead(programme=programme, findings=tuple(findings))

"""validate(): one case per finding code, each breaking the clean programme in one way.

The clean programme (``builders.clean_programme``) validates with no findings at all; each
case below changes one thing and expects exactly the findings that change should cause.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from slcp.domain import (
    Admission,
    AdmissionStatus,
    BlockContract,
    Child,
    ChildRef,
    Contribution,
    DynamicPurchasingSystem,
    FeeComponents,
    FrameworkAgreement,
    GssCode,
    IcaId,
    LotId,
    Membership,
    Placement,
    PlacementId,
    Programme,
    Provider,
    ProviderId,
    PurchaseRoute,
    RouteKind,
    ServiceKind,
    UpliftId,
    UpliftRequest,
    VehicleId,
    Workstream,
    validate,
)
from slcp.findings import Severity, has_errors
from slcp.money import Money, Rate
from slcp.periods import DateRange, FinancialYear
from slcp.timeline import TimelineEntry
from tests.domain.builders import (
    BEXLEY,
    CROYDON,
    LAMBETH,
    SOURCE,
    agreement,
    clean_programme,
    fees,
    placement,
)
from tests.strategies import programmes

D = dt.date
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
DOCS = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "validation.md"

#: Every code validate() emits, with its severity: the contract the docs table documents.
CODES: dict[str, Severity] = {
    "block-provider-mismatch": ERR,
    "contribution-outside-membership": WARN,
    "duplicate-agreement": ERR,
    "duplicate-borough": ERR,
    "duplicate-child": ERR,
    "duplicate-concern": ERR,
    "duplicate-contribution": ERR,
    "duplicate-lot": ERR,
    "duplicate-placement": ERR,
    "duplicate-provider": ERR,
    "duplicate-saving": ERR,
    "duplicate-uplift-round": ERR,
    "duplicate-vehicle": ERR,
    "episode-unknown-child": WARN,
    "fee-above-price-band": WARN,
    "ica-agreed-after-placement": ERR,
    "ica-agreed-before-placement": WARN,
    "ica-measurement-outside-placement": ERR,
    "ica-target-outside-placement": WARN,
    "lot-not-in-vehicle": ERR,
    "lot-service-mismatch": WARN,
    "not-a-member": ERR,
    "not-admitted": ERR,
    "outside-vehicle-term": ERR,
    "overlapping-memberships": ERR,
    "overlapping-placements": ERR,
    "repeated-uplift-round": ERR,
    "review-outside-placement": WARN,
    "route-kind-mismatch": ERR,
    "route-lot-missing": WARN,
    "route-without-provider": ERR,
    "spot-while-lot-available": INFO,
    "unknown-borough": ERR,
    "unknown-child": ERR,
    "unknown-host": ERR,
    "unknown-lot": ERR,
    "unknown-placement": ERR,
    "unknown-provider": ERR,
    "unknown-vehicle": ERR,
    "vehicle-workstream-mismatch": ERR,
}

Change = Callable[[Programme], Programme]


def _found(programme: Programme) -> list[tuple[str, str]]:
    return [(f.code, f.subject_id) for f in validate(programme)]


def _with_placement(pid: str, **changes: Any) -> Change:
    def change(p: Programme) -> Programme:
        return p.with_placements(
            attrs.evolve(pl, **changes) if pl.id == pid else pl for pl in p.placements
        )

    return change


def _add_placement(new: Placement) -> Change:
    return lambda p: p.with_placements((*p.placements, new))


def _with(**changes: Any) -> Change:
    return lambda p: attrs.evolve(p, **changes)


def _moved(pid: str, start: dt.date, end: dt.date | None) -> Change:
    """PL moved to ``[start, end)``, its fee history moved with it."""

    def change(p: Programme) -> Programme:
        return _with_placement(
            pid, period=DateRange(start=start, end=end), fees=fees(start, 400_000)
        )(p)

    return change


def _provider(pid: str, **changes: Any) -> Change:
    def change(p: Programme) -> Programme:
        return attrs.evolve(
            p,
            providers=tuple(attrs.evolve(x, **changes) if x.id == pid else x for x in p.providers),
        )

    return change


def _ica(**kwargs: dt.date | tuple[dt.date, ...]) -> Change:
    return _with(agreements=(agreement(**kwargs),))  # type: ignore[arg-type]


def _framework(p: Programme) -> FrameworkAgreement:
    v = p.vehicles[0]
    assert isinstance(v, FrameworkAgreement)
    return v


def _dps(p: Programme) -> DynamicPurchasingSystem:
    v = p.vehicles[1]
    assert isinstance(v, DynamicPurchasingSystem)
    return v


def _block(p: Programme) -> BlockContract:
    v = p.vehicles[2]
    assert isinstance(v, BlockContract)
    return v


_CLEAN = clean_programme()
_LAC = Workstream.LAC
_F1 = PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/1"))


# (case id, change, expected [(code, subject)])
CASES: list[tuple[str, Change, list[tuple[str, str]]]] = [
    # -- duplicates --
    (
        "duplicate-borough",
        lambda p: attrs.evolve(p, boroughs=(*p.boroughs, p.boroughs[0])),
        [("duplicate-borough", CROYDON)],
    ),
    (
        "duplicate-vehicle",
        lambda p: attrs.evolve(
            p, vehicles=(*p.vehicles, attrs.evolve(p.vehicles[2], name="again"))
        ),
        [("duplicate-vehicle", "B")],
    ),
    (
        "duplicate-lot",
        lambda p: attrs.evolve(
            p,
            vehicles=(
                p.vehicles[0],
                attrs.evolve(_dps(p), lots=(*_dps(p).lots, _framework(p).lots[2])),
                p.vehicles[2],
            ),
        ),
        [("duplicate-lot", "F/3")],
    ),
    (
        "duplicate-provider",
        lambda p: attrs.evolve(
            p, providers=(*p.providers, Provider(id=ProviderId("PRV-3"), name="Other"))
        ),
        [("duplicate-provider", "PRV-3")],
    ),
    (
        "duplicate-child",
        lambda p: attrs.evolve(p, children=(*p.children, Child(ref=ChildRef("C2")))),
        [("duplicate-child", "C2")],
    ),
    (
        "duplicate-placement",
        # a second PL-4, for a child with no other LAC placement, so nothing else is wrong
        lambda p: p.with_placements(
            (*p.placements, attrs.evolve(p.placement("PL-4"), child=ChildRef("C2")))
        ),
        [("duplicate-placement", "PL-4")],
    ),
    (
        "duplicate-agreement",
        lambda p: attrs.evolve(p, agreements=(*p.agreements, *p.agreements)),
        [("duplicate-agreement", "ICA-1")],
    ),
    (
        "duplicate-uplift-round",
        lambda p: attrs.evolve(
            p,
            uplift_rounds=(
                *p.uplift_rounds,
                attrs.evolve(p.uplift_rounds[0], financial_year=FinancialYear(2021)),
            ),
        ),
        [("duplicate-uplift-round", "LAC-2020/21")],
    ),
    (
        "duplicate-saving",
        lambda p: attrs.evolve(p, savings=(*p.savings, *p.savings)),
        [("duplicate-saving", "S1")],
    ),
    (
        "duplicate-concern",
        lambda p: attrs.evolve(p, concerns=(*p.concerns, *p.concerns)),
        [("duplicate-concern", "Q1")],
    ),
    (
        "duplicate-contribution",
        lambda p: attrs.evolve(
            p,
            contributions=(
                *p.contributions,
                attrs.evolve(p.contributions[0], amount=Money(1)),
            ),
        ),
        [("duplicate-contribution", f"{CROYDON} lac 2019/20")],
    ),
    # -- the partnership --
    (
        "unknown-host",
        _with(host=GssCode("E09000001")),
        [("unknown-host", "E09000001")],
    ),
    (
        "unknown-borough in a membership",
        lambda p: p.with_memberships(
            (
                *p.memberships,
                Membership(
                    borough=GssCode("E09000001"),
                    workstream=_LAC,
                    period=DateRange.open_from(D(2019, 1, 1)),
                ),
            )
        ),
        [("unknown-borough", "E09000001")],
    ),
    (
        "unknown-borough in a contribution (and so no membership)",
        lambda p: attrs.evolve(
            p,
            contributions=(
                Contribution(
                    borough=GssCode("E09000001"),
                    workstream=_LAC,
                    financial_year=FinancialYear(2019),
                    amount=Money(3_000_000),
                ),
            ),
        ),
        [
            ("unknown-borough", "E09000001 lac 2019/20"),
            ("contribution-outside-membership", "E09000001 lac 2019/20"),
        ],
    ),
    (
        "unknown-borough in a budget",
        lambda p: attrs.evolve(
            p, budgets=(attrs.evolve(p.budgets[0], borough=GssCode("E09000001")),)
        ),
        [("unknown-borough", "E09000001 lac 2019/20")],
    ),
    (
        "unknown-borough in a saving",
        lambda p: attrs.evolve(
            p, savings=(attrs.evolve(p.savings[0], borough=GssCode("E09000001")),)
        ),
        [("unknown-borough", "S1")],
    ),
    (
        "unknown-borough raising a concern",
        lambda p: attrs.evolve(
            p, concerns=(attrs.evolve(p.concerns[0], raised_by=GssCode("E09000001")),)
        ),
        [("unknown-borough", "Q1")],
    ),
    (
        "unknown-borough in an episode",
        lambda p: attrs.evolve(
            p, episodes=(attrs.evolve(p.episodes[0], borough=GssCode("E09000001")),)
        ),
        [("unknown-borough", "C1")],
    ),
    (
        "unknown-borough placing (membership not checked for it)",
        _with_placement("PL-4", borough=GssCode("E09000001")),
        [("unknown-borough", "PL-4")],
    ),
    (
        "overlapping-memberships",
        lambda p: p.with_memberships(
            (
                *p.memberships,
                Membership(
                    borough=LAMBETH,
                    workstream=_LAC,
                    period=DateRange(start=D(2021, 3, 31), end=D(2022, 4, 1)),
                ),
            )
        ),
        [("overlapping-memberships", LAMBETH)],
    ),
    (
        "touching memberships do not overlap",
        lambda p: p.with_memberships(
            (
                *p.memberships,
                Membership(
                    borough=LAMBETH,
                    workstream=_LAC,
                    period=DateRange(start=D(2021, 4, 1), end=D(2022, 4, 1)),
                ),
            )
        ),
        [],
    ),
    (
        "contribution-outside-membership",
        # Lambeth left LAC on 1 April 2021: nothing of 2021/22 was a membership day
        lambda p: attrs.evolve(
            p,
            contributions=(
                *p.contributions,
                attrs.evolve(p.contributions[1], financial_year=FinancialYear(2021)),
            ),
        ),
        [("contribution-outside-membership", f"{LAMBETH} lac 2021/22")],
    ),
    # -- providers and vehicles --
    (
        "unknown-provider holding a block contract",
        lambda p: attrs.evolve(
            p,
            vehicles=(*p.vehicles[:2], attrs.evolve(_block(p), provider="PRV-9")),
        ),
        # PL-3 names PRV-3, which no longer holds B
        [("unknown-provider", "B"), ("block-provider-mismatch", "PL-3")],
    ),
    (
        "unknown-vehicle in an admission",
        _provider(
            "PRV-3",
            admissions=(
                Admission(
                    vehicle=VehicleId("X"),
                    lot=None,
                    status=AdmissionStatus.ADMITTED,
                    effective=D(2020, 1, 1),
                ),
            ),
        ),
        [("unknown-vehicle", "PRV-3")],
    ),
    (
        "unknown-lot in an admission",
        _provider(
            "PRV-3",
            admissions=(
                Admission(
                    vehicle=VehicleId("F"),
                    lot=LotId("F/9"),
                    status=AdmissionStatus.ADMITTED,
                    effective=D(2020, 3, 1),
                ),
            ),
        ),
        [("unknown-lot", "PRV-3")],
    ),
    (
        "lot-not-in-vehicle in an admission",
        _provider(
            "PRV-3",
            admissions=(
                Admission(
                    vehicle=VehicleId("D"),
                    lot=LotId("F/1"),
                    status=AdmissionStatus.ADMITTED,
                    effective=D(2020, 3, 1),
                ),
            ),
        ),
        [("lot-not-in-vehicle", "PRV-3")],
    ),
    (
        "unknown-provider in an uplift request",
        lambda p: attrs.evolve(
            p,
            uplift_rounds=(
                attrs.evolve(
                    p.uplift_rounds[0],
                    requests=(
                        UpliftRequest(provider=ProviderId("PRV-9"), requested=Rate.of("0.02")),
                    ),
                ),
            ),
        ),
        [("unknown-provider", "LAC-2020/21")],
    ),
    (
        "repeated-uplift-round",
        lambda p: attrs.evolve(
            p,
            uplift_rounds=(
                *p.uplift_rounds,
                attrs.evolve(p.uplift_rounds[0], id=UpliftId("LAC-2020/21-bis")),
            ),
        ),
        [("repeated-uplift-round", "LAC-2020/21-bis")],
    ),
    (
        "unknown-provider in a concern",
        lambda p: attrs.evolve(
            p, concerns=(attrs.evolve(p.concerns[0], provider=ProviderId("PRV-9")),)
        ),
        [("unknown-provider", "Q1")],
    ),
    (
        "episode-unknown-child (once per child)",
        lambda p: attrs.evolve(
            p,
            episodes=(
                *p.episodes,
                attrs.evolve(p.episodes[0], child=ChildRef("C9")),
                attrs.evolve(
                    p.episodes[0],
                    child=ChildRef("C9"),
                    period=DateRange.open_from(D(2021, 4, 1)),
                ),
            ),
        ),
        [("episode-unknown-child", "C9")],
    ),
    # -- placements: references --
    (
        "unknown-child",
        _with_placement("PL-2", child=ChildRef("C9")),
        [("unknown-child", "PL-2")],
    ),
    (
        "unknown-provider placed with (admission not checked)",
        _with_placement("PL-1", provider=ProviderId("PRV-9")),
        [("unknown-provider", "PL-1")],
    ),
    (
        "unknown-vehicle called off",
        _with_placement(
            "PL-1", route=PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("X"))
        ),
        [("unknown-vehicle", "PL-1")],
    ),
    (
        "unknown-lot called off",
        _with_placement(
            "PL-1",
            route=PurchaseRoute(
                kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/9")
            ),
        ),
        # PRV-1 is admitted to F/1 only, so not to F/9 either
        [("unknown-lot", "PL-1"), ("not-admitted", "PL-1")],
    ),
    (
        "lot-not-in-vehicle called off",
        _with_placement(
            "PL-2",
            route=PurchaseRoute(
                kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("D"), lot=LotId("F/1")
            ),
        ),
        # PRV-2's admission covers every lot of D, so it is "admitted" to the named lot
        [("lot-not-in-vehicle", "PL-2")],
    ),
    (
        "route-kind-mismatch",
        _with_placement(
            "PL-1",
            route=PurchaseRoute(
                kind=RouteKind.DPS_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/1")
            ),
        ),
        [("route-kind-mismatch", "PL-1")],
    ),
    (
        "vehicle-workstream-mismatch is reported as route problems",
        # a SEND placement called off the LAC framework's residential lot
        _with_placement(
            "PL-2",
            route=PurchaseRoute(
                kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/1")
            ),
        ),
        [
            ("vehicle-workstream-mismatch", "PL-2"),
            # PL-2 starts 2019-09-01, before F's term [2020-03-01, 2024-03-01)
            ("outside-vehicle-term", "PL-2"),
            ("lot-service-mismatch", "PL-2"),
            ("not-admitted", "PL-2"),
        ],
    ),
    (
        "outside-vehicle-term after the initial term",
        # 2024-03-01 is the first day after 4 years; no extension has been taken
        _add_placement(
            placement(
                "PL-6",
                "C4",
                CROYDON,
                _LAC,
                "PRV-1",
                ServiceKind.CHILDRENS_HOME,
                DateRange.open_from(D(2024, 3, 1)),
                _F1,
            )
        ),
        [("outside-vehicle-term", "PL-6")],
    ),
    (
        "last day of the initial term is inside it",
        _add_placement(
            placement(
                "PL-6",
                "C4",
                CROYDON,
                _LAC,
                "PRV-1",
                ServiceKind.CHILDRENS_HOME,
                DateRange.open_from(D(2024, 2, 29)),
                _F1,
            )
        ),
        [],
    ),
    (
        "an extension taken moves the term's end",
        lambda p: _add_placement(
            placement(
                "PL-6",
                "C4",
                CROYDON,
                _LAC,
                "PRV-1",
                ServiceKind.CHILDRENS_HOME,
                DateRange.open_from(D(2024, 3, 1)),
                _F1,
            )
        )(
            attrs.evolve(
                p, vehicles=(attrs.evolve(_framework(p), extensions_taken=1), *p.vehicles[1:])
            )
        ),
        [],
    ),
    (
        "outside-vehicle-term of a block contract",
        _moved("PL-3", D(2019, 3, 31), D(2020, 6, 1)),
        [("outside-vehicle-term", "PL-3")],
    ),
    (
        "route-lot-missing",
        _with_placement(
            "PL-1", route=PurchaseRoute(kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"))
        ),
        [("route-lot-missing", "PL-1")],
    ),
    (
        "lot-service-mismatch",
        _with_placement(
            "PL-5",
            route=PurchaseRoute(
                kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/3")
            ),
        ),
        # PRV-4 is admitted to F/2, not F/3
        [("lot-service-mismatch", "PL-5"), ("not-admitted", "PL-5")],
    ),
    (
        "route-without-provider",
        _with_placement("PL-1", provider=None),
        [("route-without-provider", "PL-1")],
    ),
    (
        "block-provider-mismatch",
        _with_placement("PL-3", provider=ProviderId("PRV-1")),
        [("block-provider-mismatch", "PL-3")],
    ),
    (
        "not-admitted: applied but not yet admitted",
        # PRV-4 applied to F/2 on 2020-03-01 and was admitted on 2020-06-01
        _add_placement(
            placement(
                "PL-6",
                "C4",
                CROYDON,
                _LAC,
                "PRV-4",
                ServiceKind.INDEPENDENT_FOSTERING,
                DateRange(start=D(2020, 5, 31), end=D(2020, 7, 1)),
                PurchaseRoute(
                    kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/2")
                ),
            )
        ),
        [("not-admitted", "PL-6")],
    ),
    (
        "admitted on the day of admission",
        _add_placement(
            placement(
                "PL-6",
                "C4",
                CROYDON,
                _LAC,
                "PRV-4",
                ServiceKind.INDEPENDENT_FOSTERING,
                DateRange(start=D(2020, 6, 1), end=D(2020, 7, 1)),
                PurchaseRoute(
                    kind=RouteKind.FRAMEWORK_CALL_OFF, vehicle=VehicleId("F"), lot=LotId("F/2")
                ),
            )
        ),
        [],
    ),
    (
        "not-admitted: suspended before the call-off",
        _provider(
            "PRV-1",
            admissions=(
                Admission(
                    vehicle=VehicleId("F"),
                    lot=LotId("F/1"),
                    status=AdmissionStatus.ADMITTED,
                    effective=D(2020, 3, 1),
                ),
                Admission(
                    vehicle=VehicleId("F"),
                    lot=LotId("F/1"),
                    status=AdmissionStatus.SUSPENDED,
                    effective=D(2020, 4, 1),
                ),
            ),
        ),
        [("not-admitted", "PL-1")],
    ),
    (
        "not-a-member: Lambeth placed after leaving LAC",
        _moved("PL-4", D(2021, 4, 1), None),
        # from 2021-04-01 the LAC framework covers IFA and PRV-4 is admitted: a spot purchase
        # then is worth noting too
        [("not-a-member", "PL-4"), ("spot-while-lot-available", "PL-4")],
    ),
    (
        "not-a-member of the other workstream",
        # Bexley belongs to LAC only
        _with_placement("PL-2", borough=BEXLEY),
        [("not-a-member", "PL-2")],
    ),
    (
        "overlapping-placements",
        _moved("PL-5", D(2021, 3, 31), None),
        [("overlapping-placements", "PL-5")],
    ),
    (
        "overlapping placements in different workstreams are allowed",
        _with_placement("PL-2", child=ChildRef("C1")),
        [],
    ),
    (
        "fee-above-price-band",
        # F/1's band is £3,000-£6,000 a week; a change to £6,000.01 from 2020-10-01
        _with_placement(
            "PL-1",
            fees=fees(D(2020, 4, 1)).with_entry(
                TimelineEntry(
                    effective=D(2020, 10, 1),
                    value=FeeComponents(core=Money(600_001)),
                    source=SOURCE,
                )
            ),
        ),
        [("fee-above-price-band", "PL-1")],
    ),
    (
        "a fee on the band's top is within it",
        _with_placement("PL-1", fees=fees(D(2020, 4, 1), 600_000)),
        [],
    ),
    (
        "spot-while-lot-available",
        _with_placement("PL-1", route=PurchaseRoute(kind=RouteKind.SPOT)),
        [("spot-while-lot-available", "PL-1")],
    ),
    # -- ICAs --
    (
        "unknown-placement",
        _with(agreements=(agreement("PL-9"),)),
        [("unknown-placement", "ICA-1")],
    ),
    (
        "ica-agreed-before-placement",
        _ica(agreed_on=D(2020, 3, 31)),
        [("ica-agreed-before-placement", "ICA-1")],
    ),
    (
        "ica-agreed-after-placement (on its end day)",
        _ica(agreed_on=D(2021, 4, 1)),
        [("ica-agreed-after-placement", "ICA-1")],
    ),
    (
        "ica-target-outside-placement",
        _ica(target_date=D(2021, 4, 1)),
        [("ica-target-outside-placement", "ICA-1")],
    ),
    (
        "ica-measurement-outside-placement",
        _ica(measured_on=D(2020, 3, 31)),
        [("ica-measurement-outside-placement", "ICA-1")],
    ),
    (
        "measured on the placement's last day is inside it",
        _ica(measured_on=D(2021, 3, 31)),
        [],
    ),
    (
        "review-outside-placement",
        _ica(reviews_held=(D(2020, 10, 1), D(2021, 4, 1))),
        [("review-outside-placement", "ICA-1")],
    ),
]


def test_the_clean_programme_has_no_findings() -> None:
    assert validate(_CLEAN) == ()


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_gives_exactly_its_findings(
    change: Change, expected: list[tuple[str, str]]
) -> None:
    assert sorted(_found(change(_CLEAN))) == sorted(expected)


def test_every_code_has_a_case() -> None:
    covered = {code for _, _, expected in CASES for code, _ in expected}
    assert covered == set(CODES)


def test_severities_match_the_contract() -> None:
    seen: dict[str, Severity] = {}
    for _, change, _ in CASES:
        for f in validate(change(_CLEAN)):
            seen[f.code] = f.severity
    assert seen == CODES


def test_the_docs_table_documents_every_code_with_its_severity() -> None:
    rows = re.findall(r"^\|\s*`([a-z-]+)`\s*\|\s*(error|warning|info)\s*\|", DOCS.read_text(), re.M)
    assert {code: Severity(sev) for code, sev in rows} == CODES
    assert len(rows) == len(CODES)


def test_every_problem_is_reported_at_once() -> None:
    broken = _with(host=GssCode("E09000001"))(
        _with_placement("PL-2", child=ChildRef("C9"))(
            _with(agreements=(agreement("PL-9"),))(_CLEAN)
        )
    )
    assert sorted(code for code, _ in _found(broken)) == [
        "unknown-child",
        "unknown-host",
        "unknown-placement",
    ]
    assert has_errors(validate(broken))
    # grouped by check: the partnership, then placements, then ICAs
    assert [code for code, _ in _found(broken)] == [
        "unknown-host",
        "unknown-child",
        "unknown-placement",
    ]


def test_findings_carry_message_and_location() -> None:
    (finding,) = validate(_with_placement("PL-2", child=ChildRef("C9"))(_CLEAN))
    assert finding.location == "$.placements[1].child"
    assert "'C9'" in finding.message
    assert str(finding).startswith("error unknown-child [PL-2]: ")


def test_overlaps_are_found_among_many_placements_of_one_child() -> None:
    # ten consecutive monthly placements, then one spanning months 3-5: it overlaps
    def monthly(k: int, start: dt.date, end: dt.date) -> Placement:
        return placement(
            f"M{k}",
            "C3",
            BEXLEY,
            _LAC,
            "PRV-3",
            ServiceKind.CHILDRENS_HOME,
            DateRange(start=start, end=end),
            PurchaseRoute(kind=RouteKind.BLOCK_CONTRACT, vehicle=VehicleId("B")),
        )

    starts = [D(2020, 7 + k, 1) if k < 6 else D(2021, k - 5, 1) for k in range(11)]
    chain = [monthly(k, starts[k], starts[k + 1]) for k in range(10)]
    long = monthly(99, D(2020, 9, 15), D(2020, 11, 15))
    found = _found(_CLEAN.with_placements((*_CLEAN.placements, *chain, long)))
    # M99 starts inside M2 ([2020-09-01, 2020-10-01)); M3 and M4 start inside M99
    assert sorted(found) == [
        ("overlapping-placements", "M3"),
        ("overlapping-placements", "M4"),
        ("overlapping-placements", "M99"),
    ]


def test_a_zero_day_placement_overlaps_nothing() -> None:
    empty = placement(
        "PL-6",
        "C1",
        CROYDON,
        _LAC,
        "PRV-1",
        ServiceKind.CHILDRENS_HOME,
        DateRange(start=D(2020, 5, 1), end=D(2020, 5, 1)),
        _F1,
    )
    assert _found(_add_placement(empty)(_CLEAN)) == []


@settings(max_examples=25)
@given(programmes(with_agreements=True))
def test_generated_programmes_validate_cleanly(programme: Programme) -> None:
    assert validate(programme) == ()


def test_unused_builders_are_still_valid_records() -> None:
    # the fixture's records are themselves valid values, holding what builders.py wrote
    pl1 = _CLEAN.placement("PL-1")
    assert (pl1.id, pl1.child, pl1.borough, pl1.provider) == ("PL-1", "C1", CROYDON, "PRV-1")
    assert pl1.period == DateRange(start=D(2020, 4, 1), end=D(2021, 4, 1))
    assert _CLEAN.placement(PlacementId("PL-5")).period.is_open_ended
    assert IcaId("ICA-1") == _CLEAN.agreements[0].id
    assert _CLEAN.borough(CROYDON).name == "Croydon"
    episode = _CLEAN.episodes[0]
    assert (episode.child, episode.borough, episode.place) == ("C1", CROYDON, "K2")

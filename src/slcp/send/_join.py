"""The SEN2 return joined to commissioning: the return's independent and non-maintained
special school placements matched to a programme's SEND placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction

import attrs

from slcp.domain import ChildRef, GssCode, Placement, PlacementId, Programme, RouteKind, Workstream
from slcp.findings import Finding, Severity
from slcp.money import Money, round_decimal, round_pence
from slcp.send._measures import _in_force
from slcp.send._records import ESTABLISHMENT_TYPES, Sen2Return, SenPlacement, SettingCategory

__all__ = [
    "CommissioningJoin",
    "CostPerPlan",
    "PlacementMatch",
    "establishment_types_of",
    "join_to_programme",
]

_BOUGHT = frozenset({RouteKind.DPS_CALL_OFF, RouteKind.FRAMEWORK_CALL_OFF})


def establishment_types_of(programme: Programme) -> dict[str, int]:
    """URN -> GIAS establishment type of every provider in the programme that has both."""
    return {
        p.urn: p.gias_establishment_type
        for p in programme.providers
        if p.urn is not None and p.gias_establishment_type is not None
    }


@attrs.frozen(kw_only=True)
class PlacementMatch:
    """A placement found in both the return and the programme.

    Attributes:
        child: the pseudonymous child.
        urn: the establishment both name.
        setting: the establishment's setting category.
        placement: the programme's placement id.
        entry_date: the return's entry date (the programme's start may differ: a finding).
    """

    child: ChildRef
    urn: str
    setting: SettingCategory
    placement: PlacementId
    entry_date: dt.date | None


@attrs.frozen(kw_only=True)
class CostPerPlan:
    """The weekly cost of the matched placements in one setting, on census day.

    Attributes:
        setting: the setting category.
        plans: matched placements (one per plan) in the setting.
        weekly_total: the sum of their weekly fees on census day, uplift rounds applied (pence
            per week; each fee already a whole penny).
        weekly_per_plan_exact: ``weekly_total / plans`` exactly (pence).
    """

    setting: SettingCategory
    plans: int
    weekly_total: Money
    weekly_per_plan_exact: Fraction

    @property
    def weekly_per_plan(self) -> Money:
        """The mean weekly fee per plan, rounded half up to the penny."""
        return Money(round_pence(self.weekly_per_plan_exact))


@attrs.frozen(kw_only=True)
class CommissioningJoin:
    """The return's commissioned placements (GIAS 8, 10, 32) against the programme's.

    Attributes:
        census_date: the day both sides are taken on.
        borough: the programme borough compared (``None``: every borough).
        matched: placements in both (same child, same URN).
        findings: ``placement-not-in-programme``, ``placement-not-in-return``,
            ``urn-differs`` (the child is on both sides at different schools) and
            ``entry-date-differs`` (same school, a different start).
        return_places: the return's commissioned placements in force on census day.
        bought_through_programme: matched placements bought by a DPS or framework call-off.
        cost_per_plan: weekly cost per plan by setting, over the matched placements.
    """

    census_date: dt.date
    borough: GssCode | None
    matched: tuple[PlacementMatch, ...]
    findings: tuple[Finding, ...]
    return_places: int
    bought_through_programme: int
    cost_per_plan: tuple[CostPerPlan, ...]

    @property
    def share_bought(self) -> Fraction | None:
        """Exact percentage ``100 × bought_through_programme ÷ return_places``; ``None`` with
        no places."""
        if self.return_places == 0:
            return None
        return Fraction(100 * self.bought_through_programme, self.return_places)

    @property
    def share_bought_text(self) -> str | None:
        """:attr:`share_bought` rounded half up to one decimal place, for display."""
        exact = self.share_bought
        return None if exact is None else str(round_decimal(exact, 1))


def _finding(code: str, message: str, subject: str, location: str = "") -> Finding:
    return Finding(
        severity=Severity.WARNING,
        code=code,
        message=message,
        subject_id=subject,
        location=location,
    )


def join_to_programme(
    ret: Sen2Return,
    programme: Programme,
    *,
    establishment_types: Mapping[str, int] | None = None,
    borough: GssCode | None = None,
) -> CommissioningJoin:
    """Match the return's independent and non-maintained special placements in force on
    census day to the programme's SEND placements in force that day.

    Both sides are the placements at establishments of GIAS type 8, 10 or 32. A pair
    matches on the pseudonymous child and the URN; a matched pair whose dates differ is
    reported. Every placement on one side only is a finding.

    Args:
        ret: the return (children pseudonymised with the key the programme's references
            were made with).
        programme: the programme.
        establishment_types: URN -> GIAS type; by default the programme's providers'.
        borough: the programme borough to compare; by default the return's authority (every
            borough when the return's authority is unknown).
    """
    day = ret.census_date
    types = dict(establishment_types_of(programme))
    if establishment_types is not None:
        types.update(establishment_types)
    borough = borough if borough is not None else ret.la

    def commissioned(urn: str | None) -> SettingCategory | None:
        gias = types.get(urn) if urn is not None else None
        category = ESTABLISHMENT_TYPES.get(gias) if gias is not None else None
        return (
            category if category is not None and category.is_independent_or_non_maintained else None
        )

    returned: dict[ChildRef, list[tuple[SenPlacement, SettingCategory]]] = {}
    for r in _in_force(ret):
        for p in r.placements:
            category = commissioned(p.urn)
            if category is not None and p.is_in_force_on(day):
                returned.setdefault(p.child, []).append((p, category))
    providers = {p.id: p for p in programme.providers}
    bought: dict[ChildRef, list[Placement]] = {}
    send = Workstream.SEND
    for pl in programme.placements:
        if pl.workstream is not send or not pl.period.contains(day):
            continue
        if borough is not None and pl.borough != borough:
            continue
        provider = providers.get(pl.provider) if pl.provider is not None else None
        if provider is None or commissioned(provider.urn) is None:
            continue
        bought.setdefault(pl.child, []).append(pl)

    findings: list[Finding] = []
    matched: list[PlacementMatch] = []
    by_setting: dict[SettingCategory, list[int]] = {}
    n_bought = 0
    priced: list[tuple[SettingCategory, Placement]] = []  # matched, fees looked up together
    for child in sorted(set(returned) | set(bought)):
        theirs = list(returned.get(child, []))
        ours = list(bought.get(child, []))
        for sp, category in list(theirs):
            same = [x for x in ours if x.provider and providers[x.provider].urn == sp.urn]
            if not same:
                continue
            pl = same[0]
            theirs.remove((sp, category))
            ours.remove(pl)
            entry = sp.period.start if sp.period is not None else None
            matched.append(
                PlacementMatch(
                    child=child,
                    urn=sp.urn or "",
                    setting=category,
                    placement=pl.id,
                    entry_date=entry,
                )
            )
            if entry != pl.period.start:
                findings.append(
                    _finding(
                        "entry-date-differs",
                        f"the return's entry date {entry:%d/%m/%Y} is not placement {pl.id}'s "
                        f"start {pl.period.start:%d/%m/%Y} (URN {sp.urn})"
                        if entry
                        else f"placement {pl.id} at URN {sp.urn}: the return has no entry date",
                        child,
                        sp.location,
                    )
                )
            if pl.route.kind in _BOUGHT:
                n_bought += 1
            priced.append((category, pl))
        while theirs and ours:
            (sp, _), pl = theirs.pop(0), ours.pop(0)
            urn = providers[pl.provider].urn if pl.provider else None
            findings.append(
                _finding(
                    "urn-differs",
                    f"the return places the child at URN {sp.urn}; the programme's placement "
                    f"{pl.id} is at URN {urn}",
                    child,
                    sp.location,
                )
            )
        for sp, _ in theirs:
            findings.append(
                _finding(
                    "placement-not-in-programme",
                    f"the return's placement at URN {sp.urn} (an independent or non-maintained "
                    "special school) has no programme placement in force on census day",
                    child,
                    sp.location,
                )
            )
        for pl in ours:
            findings.append(
                _finding(
                    "placement-not-in-return",
                    f"programme placement {pl.id} is in force on census day but the return has "
                    "no such placement for the child",
                    pl.id,
                )
            )
    # numpy is imported only when fees are looked up, never by `import slcp`
    from slcp.pricing.columnar import weekly_fees_on_programme

    fees = weekly_fees_on_programme(programme, day, placements=[pl for _, pl in priced])
    for category, pl in priced:
        by_setting.setdefault(category, []).append(fees[pl.id].pence)
    costs = tuple(
        CostPerPlan(
            setting=s,
            plans=len(fees),
            weekly_total=Money(sum(fees)),
            weekly_per_plan_exact=Fraction(sum(fees), len(fees)),
        )
        for s, fees in sorted(by_setting.items(), key=lambda kv: kv[0].value)
    )
    return CommissioningJoin(
        census_date=day,
        borough=borough,
        matched=tuple(matched),
        findings=tuple(findings),
        return_places=sum(len(v) for v in returned.values()),
        bought_through_programme=n_bought,
        cost_per_plan=costs,
    )

"""The partnership: a programme, its member boroughs over time, and everything it records.

:class:`Programme` is the whole document slcp loads, validates and reports on. Its
cross-references (placement → provider, borough, lot; ICA → placement) are checked all at
once by :func:`slcp.domain.validation.validate`, not on construction, so one run can report
every problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property

import attrs

from slcp.domain.agreement import IndividualChildAgreement
from slcp.domain.borough import Borough, GssCode
from slcp.domain.child import Child
from slcp.domain.codes import Workstream
from slcp.domain.episode import CareEpisode
from slcp.domain.finance import Budget, Contribution, SavingRecord
from slcp.domain.intelligence import ProviderConcern
from slcp.domain.placement import Placement
from slcp.domain.provider import Provider
from slcp.domain.purchasing import Lot, PurchasingVehicle
from slcp.domain.uplift import FeeUpliftRound
from slcp.errors import UnknownReferenceError
from slcp.periods import DateRange, FinancialYear

__all__ = ["Membership", "Programme"]


@attrs.frozen(kw_only=True)
class Membership:
    """A borough's membership of one workstream for a period.

    Attributes:
        borough: GSS code.
        workstream: the workstream joined.
        period: ``[joined, left)``; open-ended while still a member.
    """

    borough: GssCode
    workstream: Workstream
    period: DateRange


@attrs.frozen(kw_only=True, repr=False)
class Programme:
    """A commissioning partnership and all it records.

    Attributes:
        name: e.g. ``"South London Commissioning Programme"``.
        host: GSS code of the host (lead) borough.
        boroughs: every borough referred to, members or not.
        memberships: who belonged to which workstream, when.
        contributions: annual contributions per borough, workstream and financial year.
        vehicles: frameworks, DPSs and block contracts.
        providers: providers.
        children: pseudonymised children.
        placements: placements.
        agreements: Individual Child Agreements.
        uplift_rounds: annual fee increase rounds.
        budgets: borough budgets.
        savings: savings entered with their evidence.
        concerns: provider intelligence shared across boroughs.
        episodes: SSDA903 episodes of care, for stability measures.
    """

    name: str
    host: GssCode
    boroughs: tuple[Borough, ...] = attrs.field()
    memberships: tuple[Membership, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    vehicles: tuple[PurchasingVehicle, ...] = ()
    providers: tuple[Provider, ...] = ()
    children: tuple[Child, ...] = ()
    placements: tuple[Placement, ...] = ()
    agreements: tuple[IndividualChildAgreement, ...] = ()
    uplift_rounds: tuple[FeeUpliftRound, ...] = ()
    budgets: tuple[Budget, ...] = ()
    savings: tuple[SavingRecord, ...] = ()
    concerns: tuple[ProviderConcern, ...] = ()
    episodes: tuple[CareEpisode, ...] = ()

    # -- look-ups (indexes are built once per instance; the record itself never changes) --

    @cached_property
    def _boroughs(self) -> dict[str, Borough]:
        return {b.gss_code: b for b in self.boroughs}

    @cached_property
    def _providers(self) -> dict[str, Provider]:
        return {p.id: p for p in self.providers}

    def __repr__(self) -> str:
        # a programme holds tens of thousands of records: name it and count them, so a
        # notebook cell or a traceback shows a line, not megabytes
        counts = ", ".join(
            f"{len(getattr(self, name))} {name}"
            for name in ("boroughs", "providers", "placements", "agreements", "episodes")
        )
        return f"<Programme {self.name!r} hosted by {self.host}: {counts}>"

    @cached_property
    def _vehicles(self) -> dict[str, PurchasingVehicle]:
        return {v.id: v for v in self.vehicles}

    @cached_property
    def _placements(self) -> dict[str, Placement]:
        return {p.id: p for p in self.placements}

    @cached_property
    def _children(self) -> dict[str, Child]:
        return {c.ref: c for c in self.children}

    @cached_property
    def _contributions_by(
        self,
    ) -> dict[tuple[str, Workstream, FinancialYear], tuple[Contribution, ...]]:
        found: dict[tuple[str, Workstream, FinancialYear], list[Contribution]] = {}
        for c in self.contributions:
            found.setdefault((c.borough, c.workstream, c.financial_year), []).append(c)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _by_provider(self) -> dict[str, tuple[Placement, ...]]:
        found: dict[str, list[Placement]] = {}
        for p in self.placements:
            if p.provider is not None:
                found.setdefault(p.provider, []).append(p)
        return {k: tuple(v) for k, v in found.items()}

    def borough(self, gss_code: str) -> Borough:
        """The borough with this GSS code.

        Raises:
            UnknownReferenceError: no such borough in the programme.
        """
        try:
            return self._boroughs[gss_code]
        except KeyError:
            raise UnknownReferenceError(
                "no such borough in the programme", field="borough", value=gss_code
            ) from None

    def provider(self, provider_id: str) -> Provider:
        """The provider with this id (raises ``UnknownReferenceError``)."""
        try:
            return self._providers[provider_id]
        except KeyError:
            raise UnknownReferenceError(
                "no such provider", field="provider", value=provider_id
            ) from None

    def vehicle(self, vehicle_id: str) -> PurchasingVehicle:
        """The framework, DPS or block contract with this id (raises ``UnknownReferenceError``)."""
        try:
            return self._vehicles[vehicle_id]
        except KeyError:
            raise UnknownReferenceError(
                "no such purchasing vehicle", field="vehicle", value=vehicle_id
            ) from None

    def placement(self, placement_id: str) -> Placement:
        """The placement with this id (raises ``UnknownReferenceError``)."""
        try:
            return self._placements[placement_id]
        except KeyError:
            raise UnknownReferenceError(
                "no such placement", field="placement", value=placement_id
            ) from None

    def child(self, ref: str) -> Child:
        """The child with this reference (raises ``UnknownReferenceError``)."""
        try:
            return self._children[ref]
        except KeyError:
            raise UnknownReferenceError("no such child", field="child", value=ref) from None

    def has_borough(self, gss_code: str) -> bool:
        """True when the programme knows this borough."""
        return gss_code in self._boroughs

    def has_provider(self, provider_id: str) -> bool:
        """True when the programme knows this provider."""
        return provider_id in self._providers

    def has_vehicle(self, vehicle_id: str) -> bool:
        """True when the programme knows this vehicle."""
        return vehicle_id in self._vehicles

    def has_placement(self, placement_id: str) -> bool:
        """True when the programme knows this placement."""
        return placement_id in self._placements

    @cached_property
    def _lots(self) -> dict[str, tuple[PurchasingVehicle, Lot]]:
        found: dict[str, tuple[PurchasingVehicle, Lot]] = {}
        for v in self.vehicles:
            for lot in getattr(v, "lots", ()):
                found.setdefault(lot.id, (v, lot))  # the first wins, as validation reports
        return found

    def lot(self, lot_id: str) -> tuple[PurchasingVehicle, Lot] | None:
        """The vehicle and lot with this lot id (the first, if repeated), or ``None``."""
        return self._lots.get(lot_id)

    # -- membership --

    def is_member(self, borough: str, workstream: Workstream, day: dt.date) -> bool:
        """True when ``borough`` belonged to ``workstream`` on ``day``."""
        return any(
            m.borough == borough and m.workstream is workstream and day in m.period
            for m in self.memberships
        )

    def members_on(self, workstream: Workstream, day: dt.date) -> tuple[GssCode, ...]:
        """GSS codes of the workstream's members on ``day``, sorted."""
        return tuple(
            sorted(
                {
                    m.borough
                    for m in self.memberships
                    if m.workstream is workstream and day in m.period
                }
            )
        )

    def membership_days(self, borough: str, workstream: Workstream, year: FinancialYear) -> int:
        """Days of ``year`` the borough belonged to the workstream (0 to 365/366)."""
        days = 0
        for m in self.memberships:
            if m.borough == borough and m.workstream is workstream:
                part = m.period.intersection(year.range)
                if part is not None:
                    days += part.days
        return days

    def workstreams_of(self, borough: str, day: dt.date) -> tuple[Workstream, ...]:
        """The workstreams ``borough`` belonged to on ``day``, in enum order."""
        return tuple(w for w in Workstream if self.is_member(borough, w, day))

    # -- selections --

    def placements_in(self, period: DateRange) -> tuple[Placement, ...]:
        """Placements running on at least one day of ``period``."""
        return tuple(p for p in self.placements if p.period.overlaps(period))

    def placements_of(self, provider_id: str) -> tuple[Placement, ...]:
        """The placements with this provider, in programme order (none for an unknown id).

        The placements are grouped by provider once per programme, so asking for every
        provider's reads each placement once.
        """
        return self._by_provider.get(provider_id, ())

    def contributions_for(
        self, borough: str, workstream: Workstream, year: FinancialYear
    ) -> tuple[Contribution, ...]:
        """The contributions recorded for ``borough``, ``workstream`` and ``year``, in
        programme order (grouped once per programme, so asking for each borough, workstream
        and year reads each contribution once)."""
        return self._contributions_by.get((borough, workstream, year), ())

    def agreements_for(self, placement_id: str) -> tuple[IndividualChildAgreement, ...]:
        """ICAs belonging to a placement."""
        return tuple(a for a in self.agreements if a.placement == placement_id)

    # -- changes --

    def with_placements(self, placements: Iterable[Placement]) -> Programme:
        """The programme with its placements replaced."""
        return attrs.evolve(self, placements=tuple(placements))

    def with_memberships(self, memberships: Iterable[Membership]) -> Programme:
        """The programme with its memberships replaced."""
        return attrs.evolve(self, memberships=tuple(memberships))

    def with_uplift_rounds(self, rounds: Iterable[FeeUpliftRound]) -> Programme:
        """The programme with its fee-uplift rounds replaced."""
        return attrs.evolve(self, uplift_rounds=tuple(rounds))

    def with_savings(self, savings: Iterable[SavingRecord]) -> Programme:
        """The programme with its entered savings replaced."""
        return attrs.evolve(self, savings=tuple(savings))

    def with_episodes(self, episodes: Iterable[CareEpisode]) -> Programme:
        """The programme with its SSDA903 episodes replaced."""
        return attrs.evolve(self, episodes=tuple(episodes))

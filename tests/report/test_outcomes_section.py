"""The report's outcomes section on a hand-built programme."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from slcp.domain import (
    Direction,
    EndingReason,
    FeeComponents,
    IcaId,
    IndividualChildAgreement,
    Measurement,
    Outcome,
    OutcomeDomain,
    OutcomeId,
    PlacementId,
    Programme,
    ReviewSchedule,
)
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.report import ReportOptions
from tests.outcomes.builders import LOT1, placement, programme, provider
from tests.report._sections import section as build_section

D = dt.date
OPTIONS = ReportOptions(financial_year=FinancialYear(2020))

# PRV-A: the four placements of tests/outcomes/test_scorecard.py, scoring 700/9 on the
# default framework without ICAs. PRV-B: admitted to lot 1, no placements -> no score.
PLACEMENTS = (
    placement(
        "P1", D(2019, 6, 1), D(2020, 9, 1), ending=EndingReason.UNPLANNED_BREAKDOWN, miles="12"
    ),
    placement("P2", D(2020, 5, 1), D(2021, 1, 15), ending=EndingReason.PLANNED_MOVE, miles="25"),
    placement("P3", D(2020, 7, 1), miles="8"),
    placement("P4", D(2018, 1, 1), D(2020, 12, 1), ending=EndingReason.PLANNED_END, miles="20"),
)

# One ICA on P3: agreed 2020-07-01, reviews due 2021-01-01 (held 2021-01-05: on time) and
# 2021-07-01 (after the year). As of 2021-03-31: attendance 60 -> 90 by 2021-07-01, measured
# 80 on 2021-03-01: progress 20/30 = 0.667 < elapsed 273/365 = 0.748 -> off track.
# Incidents 8 -> 2, measured 2 on 2021-02-01 -> achieved.
ICA = IndividualChildAgreement(
    id=IcaId("ICA-P3"),
    placement=PlacementId("P3"),
    agreed_on=D(2020, 7, 1),
    agreed_fee=FeeComponents(core=Money(400_000)),
    outcomes=(
        Outcome(
            id=OutcomeId("attendance"),
            domain=OutcomeDomain.EDUCATION,
            description="attends school",
            measure="attendance %",
            baseline=Decimal(60),
            target=Decimal(90),
            target_date=D(2021, 7, 1),
            direction=Direction.HIGHER_IS_BETTER,
            measurements=(Measurement(on=D(2021, 3, 1), value=Decimal(80)),),
        ),
        Outcome(
            id=OutcomeId("incidents"),
            domain=OutcomeDomain.SAFETY,
            description="fewer incidents",
            measure="incidents a month",
            baseline=Decimal(8),
            target=Decimal(2),
            target_date=D(2021, 7, 1),
            direction=Direction.LOWER_IS_BETTER,
            measurements=(Measurement(on=D(2021, 2, 1), value=Decimal(2)),),
        ),
    ),
    reviews=ReviewSchedule(origin=D(2020, 7, 1)),
    reviews_held=(D(2021, 1, 5),),
)


def _programme() -> Programme:
    return programme(
        PLACEMENTS, providers=(provider("PRV-A"), provider("PRV-B")), agreements=(ICA,)
    )


def test_nothing_to_say_without_providers_icas_or_episodes() -> None:
    empty = programme((), providers=())
    assert build_section("outcomes", empty, OPTIONS) is None


def test_providers_scores_ranks_and_rag() -> None:
    section = build_section("outcomes", _programme(), OPTIONS)
    assert section is not None
    out = section.data["outcomes"]
    assert isinstance(out, dict)
    providers = out["providers"]
    assert isinstance(providers, list)
    a, b = providers
    assert isinstance(a, dict)
    assert isinstance(b, dict)
    # PRV-A with the ICA: ica-outcomes-on-track 1/2 (achieved + off track) -> red (0 pts, w 2);
    # ica-reviews-on-time 1/1 -> green (100, w 1). Scored weights 9 + 2 + 1 = 12, points
    # 700 + 0 + 100 = 800 -> 800/12 = 200/3 = 66.67 -> "66.7"
    assert a["id"] == "PRV-A"
    assert a["lot"] == LOT1
    assert a["score"] == "66.7"
    assert a["score_exact"] == "200/3"
    assert a["rank_in_lot"] == 1
    rag = a["rag"]
    assert isinstance(rag, dict)
    assert rag["ica-outcomes-on-track"] == "red"
    assert rag["ica-reviews-on-time"] == "green"
    assert rag["education-continuity"] == "not_scored"
    assert b["id"] == "PRV-B"
    assert (b["score"], b["rank_in_lot"], b["lot"]) == (None, None, LOT1)
    assert all(v == "not_scored" for v in b["rag"].values())  # type: ignore[union-attr]


def test_icas_counted_by_status() -> None:
    section = build_section("outcomes", _programme(), OPTIONS)
    assert section is not None
    out = section.data["outcomes"]
    assert isinstance(out, dict)
    assert out["icas"] == {
        "agreements": 1,
        "outcomes": {"achieved": 1, "on_track": 0, "off_track": 1, "not_yet_measured": 0},
        "reviews": {"on_time": 1, "late": 0, "missed": 0, "pending": 0},
    }


def test_json_ready_and_text_rendered() -> None:
    section = build_section("outcomes", _programme(), OPTIONS)
    assert section is not None
    json.dumps(section.data)  # no Fractions, dates or enums left in
    text = "\n".join(section.text)
    # providers by name, not id, one line a lot: the only scored one is its lot's best
    # (and, alone, has no separate lowest)
    assert "  Residential (1)             Provider PRV-A      66.7\n" in text
    assert "PRV-B" not in text  # unscored: counted, not listed
    assert "1 provider(s) had no KPI data in the year (not scored)" in text
    assert "ICAs with a placement in the year: 1;" in text


def test_medians_are_exact_strings() -> None:
    section = build_section("outcomes", _programme(), OPTIONS)
    assert section is not None
    out = section.data["outcomes"]
    assert isinstance(out, dict)
    medians = out["medians"]
    assert isinstance(medians, dict)
    # only PRV-A has values: the medians are its values
    assert medians["partnership"]["within-20-miles"] == "3/4"  # type: ignore[index,call-overload]
    assert medians["lots"][LOT1]["score"] == "200/3"  # type: ignore[index,call-overload]


def test_stability_is_included_from_the_stability_block() -> None:
    # no SSDA903 episodes: the cohorts are empty (counts 0, no percentage), never a made-up 0%
    section = build_section("outcomes", _programme(), OPTIONS)
    assert section is not None
    out = section.data["outcomes"]
    assert isinstance(out, dict)
    stability = out["stability"]
    assert isinstance(stability, dict)
    assert stability["year_ending"] == "2021-03-31"
    programme_wide = stability["programme"]
    assert isinstance(programme_wide, dict)
    short_term = programme_wide["short_term"]
    assert isinstance(short_term, dict)
    assert (short_term["denominator"], short_term["percent"]) == (0, None)
    assert "  3+ placements in the year: no children in the cohort (10%)" in section.text

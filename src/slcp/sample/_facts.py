"""Fixed facts of the sample: dates, memberships, districts, calibration targets and sources.

Every figure taken from a seed report names it; every figure the seeds do not give is marked
as a calibration assumption and written up in ``docs/sample.md`` and decision records
0200-0209.
"""

from __future__ import annotations

import datetime as dt

from slcp.domain import GssCode
from slcp.money import Money
from slcp.periods import FinancialYear
from slcp.timeline import Source, SourceKind

__all__ = [
    "BEXLEY",
    "BROMLEY",
    "CALIBRATION_YEAR",
    "CROYDON",
    "CROYDON_IFA_TARGET",
    "CROYDON_RESIDENTIAL_2019_20_OVERSPEND",
    "CROYDON_RESIDENTIAL_AVERAGE_WEEKLY",
    "CROYDON_RESIDENTIAL_BUDGETS",
    "CROYDON_RESIDENTIAL_RISEN_BY",
    "CROYDON_RESIDENTIAL_RUNNING_ON_1_APRIL_2018",
    "CROYDON_RESIDENTIAL_RUNNING_ON_31_MARCH_2019",
    "CROYDON_RESIDENTIAL_STARTED_IN_2019_20",
    "CROYDON_SEND_2017_18_TARGET",
    "DPS_START",
    "FRAMEWORK_REOPENINGS",
    "FRAMEWORK_START",
    "GREENWICH",
    "HOME_DISTRICTS",
    "HORIZON",
    "IFA_TARGET",
    "KINGSTON",
    "LAC_CONTRIBUTION",
    "LAC_JOINED",
    "LAMBETH",
    "LEWISHAM",
    "MERTON",
    "RESIDENTIAL_TARGET",
    "RICHMOND",
    "SEED_000",
    "SEED_001",
    "SEED_004",
    "SEND_CONTRIBUTION",
    "SEND_JOINED",
    "SEND_TARGET",
    "SOUTHWARK",
    "SUTTON",
    "WANDSWORTH",
    "assumption",
    "lac_spend_year",
]

BEXLEY = GssCode("E09000004")
BROMLEY = GssCode("E09000006")
CROYDON = GssCode("E09000008")
GREENWICH = GssCode("E09000011")
KINGSTON = GssCode("E09000021")
LAMBETH = GssCode("E09000022")
LEWISHAM = GssCode("E09000023")
MERTON = GssCode("E09000024")
RICHMOND = GssCode("E09000027")
SOUTHWARK = GssCode("E09000028")
SUTTON = GssCode("E09000029")
WANDSWORTH = GssCode("E09000032")

SEED_000 = Source(
    kind=SourceKind.REPORT,
    citation="Croydon Council news, LGC Awards shortlisting (seed 000), December 2015",
    dated=dt.date(2015, 12, 14),
)
SEED_001 = Source(
    kind=SourceKind.REPORT,
    citation="CYP Now, 'South London councils improve SEND commissioning' (seed 001)",
)
SEED_004 = Source(
    kind=SourceKind.REPORT,
    citation="SLCP update to Croydon Corporate Parenting Panel, 3 July 2019 (seed 004)",
    dated=dt.date(2019, 7, 3),
)


def assumption(citation: str) -> Source:
    """A source for a figure the seeds do not give: a documented sample assumption."""
    return Source(kind=SourceKind.ASSUMPTION, citation=f"sample assumption: {citation}")


#: First day with no data: the sample runs to the end of 2021/22.
HORIZON = dt.date(2022, 4, 1)
#: The year the SEND spend target is calibrated in.
CALIBRATION_YEAR = FinancialYear(2019)
#: The SEND DPS opened in June 2016 (seed 004 §3.2.4; seed 001).
DPS_START = dt.date(2016, 6, 1)
#: The LAC framework went live in March 2020 (seed 004 §6.3; contract award 6 March 2020).
FRAMEWORK_START = dt.date(2020, 3, 9)
#: Annual re-openings to admit new providers (seed 004 §5.2 "re-open periodically").
FRAMEWORK_REOPENINGS = (
    dt.date(2021, 4, 1),
    dt.date(2022, 4, 1),
    dt.date(2023, 4, 1),
    dt.date(2024, 4, 1),
)

#: SEND workstream joining dates (decision 0201): Croydon and its three neighbours founded it
#: on 6 January 2014; three boroughs joined in January 2015 and three more in September 2015,
#: giving the ten of seed 004 §3.1.2 within "two years" (seed 000, December 2015).
SEND_JOINED: dict[GssCode, dt.date] = {
    CROYDON: dt.date(2014, 1, 6),
    BROMLEY: dt.date(2014, 1, 6),
    MERTON: dt.date(2014, 1, 6),
    SUTTON: dt.date(2014, 1, 6),
    BEXLEY: dt.date(2015, 1, 5),
    GREENWICH: dt.date(2015, 1, 5),
    LEWISHAM: dt.date(2015, 1, 5),
    KINGSTON: dt.date(2015, 9, 1),
    RICHMOND: dt.date(2015, 9, 1),
    WANDSWORTH: dt.date(2015, 9, 1),
}

#: LAC workstream joining dates (decision 0202): six founders in December 2016 (seed 004
#: §3.2.5, with Southwark in place of Sutton), Sutton and Lambeth later (§3.2.7).
LAC_JOINED: dict[GssCode, dt.date] = {
    CROYDON: dt.date(2016, 12, 1),
    BEXLEY: dt.date(2016, 12, 1),
    GREENWICH: dt.date(2016, 12, 1),
    LEWISHAM: dt.date(2016, 12, 1),
    MERTON: dt.date(2016, 12, 1),
    SOUTHWARK: dt.date(2016, 12, 1),
    SUTTON: dt.date(2017, 10, 1),
    LAMBETH: dt.date(2018, 4, 1),
}


#: LAC partner contribution, per borough per financial year (seed 004 §3.2.5).
LAC_CONTRIBUTION = Money.from_pounds("30000")
#: SEND partner contribution per borough per financial year: no seed gives it. An assumption
#: within the £2,000-£10,000 a year the seeds' savings and returns imply (decision 0203); the
#: docs show the return over that range.
SEND_CONTRIBUTION = Money.from_pounds("3200")

#: SEND spend target: seed 004's "approximate annual spend" (3 July 2019) and seed 001's
#: "current collective spend", neither dated further; taken as 2019/20, the year under way
#: (decision 0204).
SEND_TARGET = Money.from_pounds("75000000")  # seed 004 "Financial impact"; seed 001
#: Children's homes and IFAs: seed 004 §5.1.1's estimated annual spend, whose note says
#: "LB Croydon annual spend figures are for 2018-19. All other boroughs are 2017-18". Each
#: borough is calibrated in its own year (:func:`lac_spend_year`).
RESIDENTIAL_TARGET = Money.from_pounds("50264202")  # seed 004 §5.1.1
IFA_TARGET = Money.from_pounds("39517659")  # seed 004 §5.1.1
#: Croydon's "just over £12 million per annum" on IFAs (seed 004), in 2018/19 like the other
#: Croydon figures of §5.1.1.
CROYDON_IFA_TARGET = Money.from_pounds("12100000")
CROYDON_SEND_2017_18_TARGET = Money.from_pounds("13900000")  # seed 004, 2017-18
#: Croydon's LAC residential base budgets (seed 004): 2018/19 and 2019/20.
CROYDON_RESIDENTIAL_BUDGETS = {
    FinancialYear(2018): Money.from_pounds("2196000"),
    FinancialYear(2019): Money.from_pounds("3258000"),
}
#: Seed 004: "If the level of placements remain at this level in 2019-20, there will be an
#: overspend of approximately £5.5 million": the 2019/20 calibration target is the budget plus
#: this, spent on the 40 placements running all year.
CROYDON_RESIDENTIAL_2019_20_OVERSPEND = Money.from_pounds("5500000")
#: Seed 004: the 2019/20 budget "will fund approximately 16 residential placements at an
#: average cost of £4k per week": a budget assumption, not a calibration target (the £5.5m
#: overspend implies an average nearer £4,200 a week; docs/sample.md lists the miss).
CROYDON_RESIDENTIAL_AVERAGE_WEEKLY = Money.from_pounds("4000")
#: Seed 004: "At the end of 2018/19 ... There were 37 children in residential placements".
CROYDON_RESIDENTIAL_RUNNING_ON_31_MARCH_2019 = 37
#: Seed 004: "The current number of residential placements has risen to 40" (3 July 2019).
CROYDON_RESIDENTIAL_STARTED_IN_2019_20 = 3
CROYDON_RESIDENTIAL_RISEN_BY = dt.date(2019, 7, 3)
#: Croydon's children's-home placements running on 1 April 2018: not in the seeds (sample
#: assumption, decision 0209), chosen so the 2018/19 overspend lands near seed 004's £4.62m
#: with the numbers rising to 37 through the year ("due to the increasing numbers of
#: children in high cost residential placements").
CROYDON_RESIDENTIAL_RUNNING_ON_1_APRIL_2018 = 19


def lac_spend_year(borough: GssCode) -> FinancialYear:
    """The year a borough's LAC spend is calibrated in (seed 004 §5.1.1's note).

    Croydon: 2018/19. Every other borough: 2017/18, except that a borough not a member for the
    whole of 2017/18 (Sutton from October 2017, Lambeth from April 2018) is taken in 2018/19,
    its first full year: the sample records placements only from joining (decision 0205).
    """
    if borough == CROYDON:
        return FinancialYear(2018)
    if LAC_JOINED[borough] > FinancialYear(2017).range.start:
        return FinancialYear(2018)
    return FinancialYear(2017)


#: Postcode districts where each borough's children live (outward codes only).
HOME_DISTRICTS: dict[GssCode, tuple[str, ...]] = {
    BEXLEY: ("DA5", "DA6", "DA7", "DA8", "DA14", "DA15", "DA16", "SE2"),
    BROMLEY: ("BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7", "SE20"),
    CROYDON: ("CR0", "CR2", "CR5", "CR7", "CR8", "SE19", "SE25", "SW16"),
    GREENWICH: ("SE3", "SE7", "SE9", "SE10", "SE18", "SE28"),
    KINGSTON: ("KT1", "KT2", "KT3", "KT5", "KT6", "KT9"),
    LAMBETH: ("SE11", "SE24", "SE27", "SW2", "SW4", "SW8", "SW9"),
    LEWISHAM: ("SE4", "SE6", "SE8", "SE12", "SE13", "SE14", "SE23", "SE26"),
    MERTON: ("CR4", "SM4", "SW19", "SW20"),
    RICHMOND: ("TW1", "TW2", "TW9", "TW10", "TW11", "TW12", "SW13", "SW14"),
    SOUTHWARK: ("SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"),
    SUTTON: ("SM1", "SM2", "SM3", "SM5", "SM6"),
    WANDSWORTH: ("SW11", "SW12", "SW15", "SW17", "SW18"),
}

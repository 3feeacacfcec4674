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
    "CROYDON_RESIDENTIAL_ACTIVE_ON_1_APRIL_2019",
    "CROYDON_RESIDENTIAL_AVERAGE_WEEKLY",
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
#: The year the spend targets are calibrated in.
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
#: SEND partner contribution per borough per financial year: not in the seeds; calibrated so
#: the average gross return on it lands near seed 000's "1,768%" (decision 0203).
SEND_CONTRIBUTION = Money.from_pounds("3200")

#: 2019/20 spend targets, contractual fees pro rata by day (decision 0204).
SEND_TARGET = Money.from_pounds("75000000")  # seed 004 "Financial impact"; seed 001
RESIDENTIAL_TARGET = Money.from_pounds("50264202")  # seed 004 §5.1.1
IFA_TARGET = Money.from_pounds("39517659")  # seed 004 §5.1.1
CROYDON_IFA_TARGET = Money.from_pounds("12100000")  # seed 004: "just over £12 million"
CROYDON_SEND_2017_18_TARGET = Money.from_pounds("13900000")  # seed 004, 2017-18
CROYDON_RESIDENTIAL_AVERAGE_WEEKLY = Money.from_pounds("4000")  # seed 004: "average £4k"
CROYDON_RESIDENTIAL_ACTIVE_ON_1_APRIL_2019 = 37  # seed 004: 37 children at end of 2018/19
CROYDON_RESIDENTIAL_STARTED_IN_2019_20 = 3  # seed 004: "has risen to 40"

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

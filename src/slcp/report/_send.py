"""The report's SEND-return section: a SEN2 return's measures, joined to the programme.

Built once by :func:`build_send_section` from a :class:`SendInput` (the return, as
:mod:`slcp.io.sen2` read it, and what the report says of it); :func:`send_data` and
:func:`send_tables` give its JSON contract and its tidy tables, and the renderers read the
section record only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from slcp.domain import Programme
from slcp.findings import count_by_code
from slcp.periods import FinancialYear
from slcp.send import (
    EnglandTimeliness,
    Sen2Return,
    SendSummary,
    england_timeliness_for,
    summarise_send,
)

__all__ = ["SendInput", "SendSection", "build_send_section"]


@attrs.frozen(kw_only=True)
class SendInput:
    """A SEN2 return to report on beside the programme.

    Attributes:
        ret: the return, read with the partnership's key (:func:`slcp.io.sen2.load_sen2`).
        name: what the report calls it (the file's name, or the sample's).
        synthetic: True for the shipped synthetic return (the report says so).
        establishment_types: URN -> GIAS establishment type, for schools the programme does
            not hold (e.g. from a GIAS extract); the programme's own providers' types are
            used as well.
    """

    ret: Sen2Return
    name: str
    synthetic: bool = False
    establishment_types: Mapping[str, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class SendSection:
    """The SEND-return section: each figure computed once.

    Attributes:
        name: the return's name, as :attr:`SendInput.name`.
        synthetic: True for the synthetic sample return.
        census_date: the return's census day (the day plans and placements are counted).
        in_report_year: whether the census day falls in the report's financial year (the
            section is shown either way, and says so when it does not).
        summary: every measure of the return (plans in force by need, age and setting; new
            plans; 20-week timeliness; placements by setting) and its join to the
            programme's commissioned placements.
        england: England's 20-week figure for the return's calendar year, or ``None`` when
            slcp holds none.
        mismatches: the join's findings (placements in one side only, a different school or
            entry date); 0 without a join.
        findings_by_code: the return's reading findings, counted by code.
    """

    name: str
    synthetic: bool
    census_date: dt.date
    in_report_year: bool
    summary: SendSummary
    england: EnglandTimeliness | None
    mismatches: int
    findings_by_code: Mapping[str, int]


def build_send_section(programme: Programme, send: SendInput, year: FinancialYear) -> SendSection:
    """Measure ``send.ret`` once and join it to ``programme``'s SEND placements.

    The join compares the return's independent and non-maintained special school placements
    in force on census day with the programme's of the return's borough
    (:func:`slcp.send.join_to_programme`); cost per plan uses the programme's fees on census
    day, uplift rounds applied.
    """
    ret = send.ret
    summary = summarise_send(ret, establishment_types=send.establishment_types, programme=programme)
    joined = summary.commissioning
    return SendSection(
        name=send.name,
        synthetic=send.synthetic,
        census_date=ret.census_date,
        in_report_year=year.range.contains(ret.census_date),
        summary=summary,
        england=england_timeliness_for(ret.calendar_year.start.year),
        mismatches=0 if joined is None else len(joined.findings),
        findings_by_code=count_by_code(ret.findings),
    )

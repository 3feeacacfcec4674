"""A whole programme as a folder of CSV tables, or as an Excel workbook with one sheet per table.

Every field of :class:`~slcp.domain.Programme` has a table (see ``docs/io-csv.md``); a folder
holds one file per table, named as in :data:`PROGRAMME_FILES`. Only ``programme.csv`` (the
programme's name and host borough) is required: a table that is absent holds no records.
Writing always writes every table, empty ones as a header row, so the folder doubles as a
template.

Reading reports every finding from every table at once, each naming file (or workbook and
sheet), row and column; :func:`load_programme_tables` and :func:`load_programme_workbook`
raise one :class:`~slcp.errors.LoadError` listing every error. Loading checks each table
and the links between a table and the tables it details (a fee row's placement, an outcome's
ICA); whether placements name known providers and boroughs is checked by
:func:`slcp.domain.validate`, as for a JSON document.

Round trips are exact: ``load_programme_tables`` of what :func:`write_programme_tables`
wrote equals the programme. Text cells are kept from running as spreadsheet formulas by the
rule in :mod:`slcp.io.spreadsheet_safety`, undone on reading.

>>> import tempfile
>>> from slcp.domain import Programme, borough_by_name
>>> croydon = borough_by_name("Croydon")
>>> programme = Programme(name="=Partnership", host=croydon.gss_code, boroughs=(croydon,))
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = write_programme_tables(programme, folder)
...     text = (Path(folder) / "programme.csv").read_text(encoding="utf-8")
...     again = load_programme_tables(folder)
>>> print(text, end="")
name,host_gss
'=Partnership,E09000008
>>> again == programme
True
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import attrs

from slcp.demand import RegisteredPlaces
from slcp.domain.borough import GssCode
from slcp.domain.programme import Programme
from slcp.errors import LoadError
from slcp.findings import Finding, Severity
from slcp.io import csv_tables as t
from slcp.io._csv_engine import CsvSource, TableRead
from slcp.io.atomic import write_atomic
from slcp.market import MarketBook

__all__ = [
    "PROGRAMME_FILES",
    "ProgrammeRead",
    "load_programme_tables",
    "load_programme_workbook",
    "programme_table_texts",
    "read_market_tables",
    "read_programme_tables",
    "read_programme_workbook",
    "write_programme_tables",
]

T = TypeVar("T")

#: The market's optional files (:mod:`slcp.io.market_tables`), read beside the programme's.
_MARKET_FILES = ("provider_groups.csv", "vacancies.csv", "registered_places.csv")

#: The files of a programme folder, in the order they are written and read. The same names
#: without ``.csv`` are the sheet names of a workbook.
PROGRAMME_FILES: tuple[str, ...] = (
    "programme.csv",
    "boroughs.csv",
    "memberships.csv",
    "contributions.csv",
    "vehicles.csv",
    "lots.csv",
    "providers.csv",
    "provider_ratings.csv",
    "provider_admissions.csv",
    "children.csv",
    "placements.csv",
    "placement_fees.csv",
    "agreements.csv",
    "agreement_outcomes.csv",
    "agreement_measurements.csv",
    "agreement_reviews.csv",
    "uplift_rounds.csv",
    "uplift_bands.csv",
    "uplift_requests.csv",
    "budgets.csv",
    "savings.csv",
    "concerns.csv",
    "episodes.csv",
)


@attrs.frozen(kw_only=True)
class ProgrammeRead:
    """What reading a folder or workbook gives: the programme and every finding at once.

    Attributes:
        programme: the programme built from every usable row, or ``None`` when
            ``programme.csv`` is missing or unusable. Rows with errors are left out, so a
            programme read with errors is incomplete: use it only to inspect.
        findings: every finding from every table, in :data:`PROGRAMME_FILES` order, each
            located as ``"<file> row <n> column <name>"``.
        market: the provider groups and vacancies of the optional ``provider_groups.csv``
            and ``vacancies.csv`` (:mod:`slcp.io.market_tables`), or ``None`` when the folder
            has neither.
        registered_places: the rows of the optional ``registered_places.csv``, or ``None``
            when the folder has none.
    """

    programme: Programme | None
    findings: tuple[Finding, ...]
    market: MarketBook | None = None
    registered_places: tuple[RegisteredPlaces, ...] | None = None

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def error_messages(self) -> tuple[str, ...]:
        """Each error as ``"<message> @ <location>"``."""
        return tuple(
            f"{f.message} @ {f.location}" if f.location else f.message
            for f in self.findings
            if f.severity is Severity.ERROR
        )

    def programme_or_raise(self, *, source: str | None = None) -> Programme:
        """The programme, or :class:`~slcp.errors.LoadError` listing every error.

        Raises:
            LoadError: any finding is an error (warnings do not raise).
        """
        if self.has_errors or self.programme is None:
            raise LoadError(self.error_messages(), source=source)
        return self.programme


def programme_table_texts(programme: Programme) -> dict[str, str]:
    """Every table of ``programme`` as CSV text, by file name in :data:`PROGRAMME_FILES` order."""
    p = programme
    texts = {
        "programme.csv": t.write_programme_row(p.name, p.host),
        "boroughs.csv": t.write_boroughs(p.boroughs),
        "memberships.csv": t.write_memberships(p.memberships),
        "contributions.csv": t.write_contributions(p.contributions),
        "vehicles.csv": t.write_vehicles(p.vehicles),
        "lots.csv": t.write_lots(p.vehicles),
        "providers.csv": t.write_providers(p.providers),
        "provider_ratings.csv": t.write_provider_ratings(p.providers),
        "provider_admissions.csv": t.write_provider_admissions(p.providers),
        "children.csv": t.write_children(p.children),
        "placements.csv": t.write_placements(p.placements),
        "placement_fees.csv": t.write_placement_fees(p.placements),
        "agreements.csv": t.write_agreements(p.agreements),
        "agreement_outcomes.csv": t.write_agreement_outcomes(p.agreements),
        "agreement_measurements.csv": t.write_agreement_measurements(p.agreements),
        "agreement_reviews.csv": t.write_agreement_reviews(p.agreements),
        "uplift_rounds.csv": t.write_uplift_rounds(p.uplift_rounds),
        "uplift_bands.csv": t.write_uplift_bands(p.uplift_rounds),
        "uplift_requests.csv": t.write_uplift_requests(p.uplift_rounds),
        "budgets.csv": t.write_budgets(p.budgets),
        "savings.csv": t.write_savings(p.savings),
        "concerns.csv": t.write_concerns(p.concerns),
        "episodes.csv": t.write_episodes(p.episodes),
    }
    return {name: texts[name] for name in PROGRAMME_FILES}


def write_programme_tables(
    programme: Programme, directory: str | os.PathLike[str]
) -> tuple[Path, ...]:
    """Write every table of ``programme`` into ``directory`` (created if missing).

    Files are UTF-8 with ``\\n`` line endings; every table is written, empty ones as their
    header, and a file of the same name is replaced.

    Returns:
        The paths written, in :data:`PROGRAMME_FILES` order.
    """
    folder = Path(directory)
    texts = programme_table_texts(programme)  # before touching the folder: all or nothing
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in texts.items():
        path = folder / name
        write_atomic(path, text)
        written.append(path)
    return tuple(written)


@functools.cache
def _empty(name: str) -> bytes:
    """The header-only table for ``name``: what an absent table reads as."""
    nobody = Programme(name="", host=GssCode("E09000008"), boroughs=())
    return programme_table_texts(nobody)[name].encode("utf-8")


def _assemble(sources: Mapping[str, CsvSource], findings: list[Finding]) -> Programme | None:
    """Read every table from ``sources`` (file name to path or bytes) and build the programme.

    An absent optional child table is passed as ``None``; an absent table a reader needs is
    passed as its header only, so its parent's rows report what is missing.
    """

    def given(name: str) -> CsvSource | None:
        return sources.get(name)

    def needed(name: str) -> CsvSource:
        found = sources.get(name)
        return _empty(name) if found is None else found

    def take(read: TableRead[T]) -> tuple[T, ...]:
        findings.extend(read.findings)
        return read.records

    if "programme.csv" not in sources:
        findings.append(
            Finding(
                severity=Severity.ERROR,
                code="missing-table",
                message="programme.csv is missing; it names the programme and its host borough "
                "(columns name, host_gss)",
                subject_id="programme",
                location="programme.csv",
            )
        )
    head = take(t.read_programme_row(needed("programme.csv"))) if "programme.csv" in sources else ()
    boroughs = take(t.read_boroughs(needed("boroughs.csv")))
    memberships = take(t.read_memberships(needed("memberships.csv")))
    contributions = take(t.read_contributions(needed("contributions.csv")))
    vehicles = take(t.read_vehicles(needed("vehicles.csv"), given("lots.csv")))
    providers = take(
        t.read_providers(
            needed("providers.csv"),
            given("provider_ratings.csv"),
            given("provider_admissions.csv"),
        )
    )
    children = take(t.read_children(needed("children.csv")))
    placements = take(t.read_placements(needed("placements.csv"), needed("placement_fees.csv")))
    agreements = take(
        t.read_agreements(
            needed("agreements.csv"),
            given("agreement_outcomes.csv"),
            given("agreement_measurements.csv"),
            given("agreement_reviews.csv"),
        )
    )
    rounds = take(
        t.read_uplift_rounds(
            needed("uplift_rounds.csv"), needed("uplift_requests.csv"), given("uplift_bands.csv")
        )
    )
    budgets = take(t.read_budgets(needed("budgets.csv")))
    savings = take(t.read_savings(needed("savings.csv")))
    concerns = take(t.read_concerns(needed("concerns.csv")))
    episodes = take(t.read_episodes(needed("episodes.csv")))
    if not head:
        return None
    ((name, host),) = head
    return Programme(
        name=name,
        host=host,
        boroughs=boroughs,
        memberships=memberships,
        contributions=contributions,
        vehicles=vehicles,
        providers=providers,
        children=children,
        placements=placements,
        agreements=agreements,
        uplift_rounds=rounds,
        budgets=budgets,
        savings=savings,
        concerns=concerns,
        episodes=episodes,
    )


def read_programme_tables(directory: str | os.PathLike[str]) -> ProgrammeRead:
    """Read a programme from a folder of CSV tables, with every finding at once.

    The market's optional tables (``provider_groups.csv``, ``vacancies.csv``,
    ``registered_places.csv``; :mod:`slcp.io.market_tables`) are read when present into
    :attr:`ProgrammeRead.market` and :attr:`ProgrammeRead.registered_places`. Any other
    ``.csv`` file that is not one of :data:`PROGRAMME_FILES` gives an ``unknown-table``
    warning and is ignored; other files are ignored silently.

    Raises:
        LoadError: the folder does not exist, or a file is not UTF-8 CSV text.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise LoadError([f"not a folder of CSV tables @ {folder}"], source=str(folder))
    findings: list[Finding] = []
    present = {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}
    for name in present:
        if name.endswith(".csv") and name not in (*PROGRAMME_FILES, *_MARKET_FILES):
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="unknown-table",
                    message=f"{name} is not one of slcp's programme tables and was ignored; "
                    "expected files are " + ", ".join(PROGRAMME_FILES),
                    subject_id=name,
                    location=name,
                )
            )
    sources: dict[str, CsvSource] = {n: present[n] for n in PROGRAMME_FILES if n in present}
    programme = _assemble(sources, findings)
    market, places = _market_tables(present, findings)
    return ProgrammeRead(
        programme=programme, findings=tuple(findings), market=market, registered_places=places
    )


def _market_tables(
    present: Mapping[str, CsvSource], findings: list[Finding]
) -> tuple[MarketBook | None, tuple[RegisteredPlaces, ...] | None]:
    """The market's optional tables of a folder (:data:`~slcp.io.market_tables.MARKET_TABLE_FILES`),
    their findings added to ``findings``."""
    from slcp.io import market_tables as m

    market = places = None
    groups = vacancies = None
    if m.PROVIDER_GROUPS.file_name in present:
        read = m.read_provider_groups(present[m.PROVIDER_GROUPS.file_name])
        findings.extend(read.findings)
        groups = m.group_rows(read.records)
    if m.VACANCIES.file_name in present:
        read_v = m.read_vacancies(present[m.VACANCIES.file_name])
        findings.extend(read_v.findings)
        vacancies = read_v.records
    if groups is not None or vacancies is not None:
        market = MarketBook(groups=groups or (), vacancies=vacancies or ())
    if m.REGISTERED_PLACES.file_name in present:
        read_p = m.read_registered_places_table(present[m.REGISTERED_PLACES.file_name])
        findings.extend(read_p.findings)
        places = read_p.records
    return market, places


def read_market_tables(directory: str | os.PathLike[str]) -> ProgrammeRead:
    """Read only the market's optional tables of a folder (``programme`` is ``None``).

    Raises:
        LoadError: the folder does not exist, or a file is not UTF-8 CSV text.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise LoadError([f"not a folder of CSV tables @ {folder}"], source=str(folder))
    present: dict[str, CsvSource] = {
        name: folder / name for name in _MARKET_FILES if (folder / name).is_file()
    }
    findings: list[Finding] = []
    market, places = _market_tables(present, findings)
    return ProgrammeRead(
        programme=None, findings=tuple(findings), market=market, registered_places=places
    )


def load_programme_tables(directory: str | os.PathLike[str]) -> Programme:
    """The programme in a folder of CSV tables, or one :class:`LoadError` listing every error.

    Raises:
        LoadError: the folder cannot be read or any table has an error; every error is
            listed, each naming file, row and column.
    """
    return read_programme_tables(directory).programme_or_raise(source=str(directory))


# --- Excel ----------------------------------------------------------------------------------

_EXCEL_HINT = (
    "reading Excel workbooks needs openpyxl, which is in slcp's 'excel' extra: "
    "python -m pip install 'slcp[excel]'"
)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the CSV text slcp reads.

    Whole numbers (Excel stores every number as a float) are written without a decimal
    point; other numbers as their shortest decimal form, which a pence column then refuses
    (never rounded). Dates and midnight date-times become ``YYYY-MM-DD``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet_csv(rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        cells = [_cell_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def _relocated(finding: Finding, rename: Callable[[str], str]) -> Finding:
    return Finding(
        severity=finding.severity,
        code=finding.code,
        message=rename(finding.message),
        subject_id=finding.subject_id,
        location=None if finding.location is None else rename(finding.location),
    )


def read_programme_workbook(path: str | os.PathLike[str]) -> ProgrammeRead:
    """Read a programme from an ``.xlsx`` workbook with one sheet per table.

    Sheets are named as the tables without ``.csv`` (``placements``, ``placement_fees``...);
    each sheet's first row is its header. Cells are read as the values shown (a formula
    gives its last computed value). Findings name the workbook, the sheet, the row as
    Excel numbers it, and the column, e.g. ``book.xlsx sheet placements row 7 column
    last_day``. A sheet that is not a table gives an ``unknown-table`` warning.

    Raises:
        LoadError: openpyxl (the ``excel`` extra) is not installed, or the file cannot be
            opened as a workbook.
    """
    try:
        import openpyxl
    except ImportError:
        raise LoadError([f"{_EXCEL_HINT} @ {Path(path).name}"], source=Path(path).name) from None
    book_name = Path(path).name
    try:
        book = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise LoadError(
            [f"cannot open the file as an Excel workbook ({type(exc).__name__}) @ {book_name}"],
            source=book_name,
        ) from None
    findings: list[Finding] = []
    sources: dict[str, CsvSource] = {}
    tables = {name.removesuffix(".csv"): name for name in PROGRAMME_FILES}
    try:
        for sheet in book.worksheets:
            if sheet.title in tables:
                sources[tables[sheet.title]] = _sheet_csv(sheet.iter_rows(values_only=True))
            else:
                findings.append(
                    Finding(
                        severity=Severity.WARNING,
                        code="unknown-table",
                        message=f"the sheet {sheet.title} is not one of slcp's programme "
                        "tables and was ignored; expected sheets are " + ", ".join(tables),
                        subject_id=sheet.title,
                        location=f"{book_name} sheet {sheet.title}",
                    )
                )
    finally:
        book.close()
    read: list[Finding] = []
    programme = _assemble(sources, read)

    def rename(text: str) -> str:
        for table, file_name in tables.items():
            text = text.replace(file_name, f"{book_name} sheet {table}")
        return text

    findings += [_relocated(f, rename) for f in read]
    return ProgrammeRead(programme=programme, findings=tuple(findings))


def load_programme_workbook(path: str | os.PathLike[str]) -> Programme:
    """The programme in an ``.xlsx`` workbook, or one :class:`LoadError` listing every error.

    Raises:
        LoadError: openpyxl is missing, the workbook cannot be opened, or any sheet has an
            error (every error listed, each naming workbook, sheet, row and column).
    """
    return read_programme_workbook(path).programme_or_raise(source=Path(path).name)

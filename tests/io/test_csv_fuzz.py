"""Fuzzing the core CSV readers: whatever the bytes, the only exception that escapes is
``LoadError`` with a located message, and every finding names its file and row."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slcp.errors import LoadError
from slcp.io.csv_tables import (
    TableRead,
    dumps_table_schema,
    read_agreements,
    read_boroughs,
    read_budgets,
    read_children,
    read_concerns,
    read_contributions,
    read_episodes,
    read_memberships,
    read_placements,
    read_programme_row,
    read_providers,
    read_savings,
    read_uplift_rounds,
    read_vehicles,
)

DATA = Path(__file__).parent.parent / "data" / "csv"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Reader = Callable[[bytes], TableRead[object]]


def _fees() -> bytes:
    return (DATA / "placement_fees.csv").read_bytes()


def _placements() -> bytes:
    return (DATA / "placements.csv").read_bytes()


def _data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _ica_children() -> tuple[bytes, bytes, bytes]:
    return (
        _data("agreement_outcomes.csv"),
        _data("agreement_measurements.csv"),
        _data("agreement_reviews.csv"),
    )


# Each reader, fed the fuzzed bytes in its first file and a good file everywhere else; and
# the multi-file readers fed the fuzzed bytes in their second file too.
READERS: dict[str, tuple[str, Reader]] = {
    "boroughs": ("boroughs.csv", read_boroughs),
    "contributions": ("contributions.csv", read_contributions),
    "providers": (
        "providers.csv",
        lambda b: read_providers(
            b,
            (DATA / "provider_ratings.csv").read_bytes(),
            (DATA / "provider_admissions.csv").read_bytes(),
        ),
    ),
    "provider_ratings": (
        "provider_ratings.csv",
        lambda b: read_providers((DATA / "providers.csv").read_bytes(), b),
    ),
    "provider_admissions": (
        "provider_admissions.csv",
        lambda b: read_providers((DATA / "providers.csv").read_bytes(), None, b),
    ),
    "placements": ("placements.csv", lambda b: read_placements(b, _fees())),
    "placement_fees": ("placement_fees.csv", lambda b: read_placements(_placements(), b)),
    "uplift_rounds": (
        "uplift_rounds.csv",
        lambda b: read_uplift_rounds(
            b,
            (DATA / "uplift_requests.csv").read_bytes(),
            (DATA / "uplift_bands.csv").read_bytes(),
        ),
    ),
    "uplift_requests": (
        "uplift_requests.csv",
        lambda b: read_uplift_rounds((DATA / "uplift_rounds.csv").read_bytes(), b),
    ),
    "uplift_bands": (
        "uplift_bands.csv",
        lambda b: read_uplift_rounds(
            (DATA / "uplift_rounds.csv").read_bytes(),
            (DATA / "uplift_requests.csv").read_bytes(),
            b,
        ),
    ),
    "programme": ("programme.csv", read_programme_row),
    "memberships": ("memberships.csv", read_memberships),
    "vehicles": ("vehicles.csv", lambda b: read_vehicles(b, _data("lots.csv"))),
    "lots": ("lots.csv", lambda b: read_vehicles(_data("vehicles.csv"), b)),
    "children": ("children.csv", read_children),
    "agreements": (
        "agreements.csv",
        lambda b: read_agreements(b, *_ica_children()),
    ),
    "agreement_outcomes": (
        "agreement_outcomes.csv",
        lambda b: read_agreements(_data("agreements.csv"), b, *_ica_children()[1:]),
    ),
    "agreement_measurements": (
        "agreement_measurements.csv",
        lambda b: read_agreements(
            _data("agreements.csv"), _ica_children()[0], b, _ica_children()[2]
        ),
    ),
    "agreement_reviews": (
        "agreement_reviews.csv",
        lambda b: read_agreements(_data("agreements.csv"), *_ica_children()[:2], b),
    ),
    "budgets": ("budgets.csv", read_budgets),
    "savings": ("savings.csv", read_savings),
    "concerns": ("concerns.csv", read_concerns),
    "episodes": ("episodes.csv", read_episodes),
}
NAMES = sorted(READERS)
_LOCATED = re.compile(r"^[a-z_]+\.csv( row [0-9]+( column .+)?)?$", re.DOTALL)


def _run(name: str, data: bytes) -> TableRead[object] | None:
    """Read; a LoadError must carry located messages, any other exception fails the test."""
    _, reader = READERS[name]
    error: LoadError | None
    try:
        read = reader(data)
    except LoadError as exc:
        error = exc
    else:
        error = None
    if error is not None:
        assert error.messages
        assert all(" @ " in m for m in error.messages), error.messages
        return None
    for f in read.findings:
        assert _LOCATED.match(f.location), f.location
        assert f.message
    return read


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.binary(max_size=400))
@example(data=b"")
@example(data=b"\x00\x00\x00")
@example(data=b'"unterminated')
@example(data=b"\xff\xfe\x00")
def test_random_bytes_never_escape_as_anything_but_load_error(name: str, data: bytes) -> None:
    _run(name, data)


@st.composite
def csv_like(draw: st.DrawFn, name: str) -> bytes:
    """Text that looks like the table: its real header, shuffled and cut, with wild cells."""
    file_name, _ = READERS[name]
    lines = (DATA / file_name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    rng.shuffle(header)
    keep = draw(st.integers(min_value=0, max_value=len(header)))
    header = header[:keep] + draw(st.lists(st.sampled_from(["x", "", "name", "row"]), max_size=2))
    cell = st.one_of(
        st.text(max_size=8),
        st.sampled_from(
            ["12.5", "-1", "9" * 40, "1e308", "NaN", "2020-02-30", "31/12/2020", "true", '"', ""]
        ),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )
    rows = draw(
        st.lists(st.lists(cell, max_size=len(header) + 2), max_size=6),
    )
    text = "\n".join([",".join(header), *(",".join(r) for r in rows)])
    return text.encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])), errors="replace"
    )


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_csv_like_text_never_escapes_as_anything_but_load_error(
    name: str, data: st.DataObject
) -> None:
    _run(name, data.draw(csv_like(name)))


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(cut=st.integers(min_value=0, max_value=2000))
def test_truncated_files_read_what_they_can(name: str, cut: int) -> None:
    file_name, _ = READERS[name]
    good = (DATA / file_name).read_bytes()
    part = good[: cut % (len(good) + 1)]
    try:
        part.decode("utf-8")
    except UnicodeDecodeError:
        # cut inside a multi-byte character (the £ and § in the examples): a LoadError
        assert _run(name, part) is None
    else:
        assert _run(name, part) is not None


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_shuffled_columns_read_the_same_records(name: str, seed: int) -> None:
    file_name, _ = READERS[name]
    # split and rejoin with the csv module: cells may hold quoted commas ("3 July, 2019")
    with (DATA / file_name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    order = list(range(len(rows[0])))
    random.Random(seed).shuffle(order)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[i] for i in order] for r in rows)
    shuffled = out.getvalue()
    original = _run(name, (DATA / file_name).read_bytes())
    again = _run(name, shuffled.encode())
    assert original is not None
    assert again is not None
    assert again.records == original.records
    assert again.findings == ()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1", "cp1252"])
def test_wrong_encodings_are_load_errors_or_read_cleanly(name: str, encoding: str) -> None:
    file_name, _ = READERS[name]
    text = (DATA / file_name).read_text(encoding="utf-8")
    encoded = text.encode(encoding)
    if encoded == text.encode("utf-8"):
        # pure ASCII files are the same bytes in Latin-1; they must read cleanly
        read = _run(name, encoded)
        assert read is not None
        assert read.findings == ()
    else:
        with pytest.raises(LoadError):
            READERS[name][1](encoded)


@pytest.mark.parametrize("name", NAMES)
def test_each_missing_required_column_is_reported(name: str) -> None:
    file_name, _ = READERS[name]
    lines = (DATA / file_name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = header[0]  # every table's first column is a required id or key
    cut = "\n".join(",".join(cells[1:]) for cells in (line.split(",") for line in lines)) + "\n"
    read = _run(name, cut.encode())
    assert read is not None
    assert any(
        f.code == "missing-column" and f.location.endswith(f"column {first}") for f in read.findings
    )


def _optional_columns() -> list[tuple[str, str]]:
    out = []
    for name in NAMES:
        file_name, _ = READERS[name]
        header = (DATA / file_name).read_text(encoding="utf-8").splitlines()[0].split(",")
        table = json.loads(dumps_table_schema(name))
        required = {f["name"] for f in table["fields"] if f["constraints"]["required"]}
        out += [(name, column) for column in header if column not in required]
    return out


@pytest.mark.parametrize(("name", "column"), _optional_columns())
def test_an_optional_column_may_be_left_out_of_the_header(name: str, column: str) -> None:
    file_name, _ = READERS[name]
    rows = list(csv.reader(io.StringIO((DATA / file_name).read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(r[:at] + r[at + 1 :] for r in rows)
    read = _run(name, out.getvalue().encode())
    assert read is not None
    assert not any(f.code in ("missing-column", "unknown-column") for f in read.findings)

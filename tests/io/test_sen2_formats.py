"""Two formats, one truth: any return written both as XML and as a module CSV export reads
into the same records and the same findings (only the locations differ)."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from typing import Any

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from slcp.domain import ChildRef
from slcp.io._sen2_codes import FIELDS
from slcp.io.sen2 import read_sen2_csv, read_sen2_xml
from slcp.io.sen2_sample import _return_csv, _return_xml
from slcp.send import EhcRequest, Sen2Return

# values either format carries unchanged: no control characters, no leading or trailing space
VALUE = st.one_of(
    st.sampled_from(
        ["1", "0", "Y", "N", "W", "S", "ASD", "DS", "SEMH", "EHE", "OTH", "ZZZ", "2", "3",
         "2022-05-23", "2021-11-30", "31/02/2022", "2022-Feb-30", "A123456789012",
         "B987654321098", "1234567890", "100001", "10001234", "CR0 1AA", "Pat Example", "UN3",
         "306"]
    ),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=8),
)  # fmt: skip
KIDS = {
    "person": ("requests",),
    "requests": ("assessment", "activeplans"),
    "assessment": ("namedplan",),
    "namedplan": ("plandetail",),
    "activeplans": ("placementdetail", "senneed"),
}


@st.composite
def record(draw: st.DrawFn, module: str) -> dict[str, Any]:
    fields = draw(st.lists(st.sampled_from(FIELDS[module]), unique=True, max_size=6))
    out: dict[str, Any] = {f: draw(VALUE) for f in fields}
    for kid in KIDS.get(module, ()):
        out[kid] = draw(st.lists(record(kid), max_size=2))
    return out


def pseudonymise(identifier: str) -> ChildRef:
    return ChildRef("h" + hashlib.sha256(identifier.encode()).hexdigest()[:24])


def unlocated(r: Sen2Return) -> list[EhcRequest]:
    def strip(q: EhcRequest) -> EhcRequest:
        return attrs.evolve(
            q,
            location="",
            placements=tuple(attrs.evolve(p, location="") for p in q.placements),
            named_placements=tuple(attrs.evolve(p, location="") for p in q.named_placements),
        )

    return [strip(q) for q in r.requests]


DUPLICATE = [
    {"UPN": "A123456789012", "requests": []},
    {"UPN": "A123456789012", "PostCode": "Pat Example", "requests": [{"ReceivedDate": "1/2/3"}]},
]


@settings(max_examples=60, deadline=None)
@given(st.lists(record("person"), max_size=4))
@example(DUPLICATE)
def test_xml_and_csv_read_the_same(persons: list[dict[str, Any]]) -> None:
    root = ET.Element("Message")
    details = ET.SubElement(ET.SubElement(root, "Header"), "CollectionDetails")
    ET.SubElement(details, "Year").text = "2025"
    xml = read_sen2_xml(_return_xml(root, persons), pseudonymise=pseudonymise)
    csv = read_sen2_csv(
        _return_csv(["S1", "SEN2", "2025"] + [""] * 7, persons), pseudonymise=pseudonymise
    )
    assert unlocated(xml) == unlocated(csv)
    assert [(c.ref, c.month_of_birth, c.home_district) for c in xml.children] == [
        (c.ref, c.month_of_birth, c.home_district) for c in csv.children
    ]
    # messages may name another record's place in its own format (a duplicate's first row)
    assert [(f.code, f.severity) for f in xml.findings] == [
        (f.code, f.severity) for f in csv.findings
    ]
    assert len(xml.findings) == len(csv.findings)

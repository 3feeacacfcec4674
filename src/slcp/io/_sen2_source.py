"""Turning a SEN2 return's bytes (XML, or the module CSV export) into one tree of records.

Both formats become the same :class:`Node` tree (person -> requests -> assessment ->
named plan -> plan detail; requests -> active plans -> placement detail, SEN need), each
node knowing where it sits in its file, so one interpreter reads both. Nothing here raises on
bad content: every problem is a finding.

XML is parsed with the standard library's expat after refusing any document type
declaration (so no entity can be defined, expanded or fetched: no "billion laughs", no
external entities), and only after the size bound has been checked. Every read applies a
:class:`~slcp.io.limits.Limits`: the file size (``max_file_bytes``), the longest value kept
(``max_string_chars``: a longer one is a ``value-too-long`` finding and read as blank) and,
for CSV tables, the most rows (``max_rows``, or the record limits below if smaller).
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping

import attrs

from slcp.findings import Finding, Severity
from slcp.io._sen2_codes import FIELDS, MODULE_PARENTS
from slcp.io._ssda903_table import TableRow, read_table
from slcp.io.limits import Limits

__all__ = [
    "MAX_CHILD_RECORDS",
    "MAX_RECORDS",
    "Node",
    "csv_nodes",
    "xml_nodes",
]

#: The most Person records read; any beyond are reported once and not read. England's
#: largest authority returns some 20,000 plans: this leaves room for ten times that.
MAX_RECORDS = 250_000
#: The most records of one kind under one parent (e.g. requests of one person).
MAX_CHILD_RECORDS = 200

_LOWER = {m: {f.lower(): f for f in fields} for m, fields in FIELDS.items()}
# XML element name (lower case) of each module below Person
_ELEMENT = {
    "requests": "requests",
    "assessment": "assessment",
    "namedplan": "namedplan",
    "plandetail": "plandetail",
    "activeplans": "activeplans",
    "placementdetail": "placementdetail",
    "senneed": "senneed",
}
_CHILD_MODULES = {m: tuple(c for c, p in MODULE_PARENTS.items() if p == m) for m in MODULE_PARENTS}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
# a record id is repeated in a finding only when it looks like one (a few letters, then at
# most 9 digits: never a ULN's 10 digits nor a UPN's letter and 12 characters)
_ID_SHOWN = re.compile(r"[A-Za-z]{0,4}[0-9]{1,9}")


@attrs.define(kw_only=True)
class Node:
    """One record of one module, its fields and the records below it.

    Attributes:
        module: the module (``"person"``, ``"requests"``, ...).
        fields: stripped text by the specification's field name; a field not given is absent.
        where: the record's place in its file (``"return.xml Person[3]/Requests[1]"`` or
            ``"requests.csv row 4"``).
        csv: True when read from a CSV file (fields are then located as columns).
        children: the records below, by module.
    """

    module: str
    fields: dict[str, str]
    where: str
    csv: bool = False
    children: dict[str, list[Node]] = attrs.field(factory=dict)

    def at(self, field: str) -> str:
        """The location of one field of this record."""
        return f"{self.where} column {field.upper()}" if self.csv else f"{self.where}/{field}"


def _finding(severity: Severity, code: str, message: str, location: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, subject_id=location, location=location
    )


@functools.lru_cache(maxsize=512)
def _local(tag: object) -> str:
    # an element's name without namespace, lower case (comments and PIs have no str tag);
    # cached: a return repeats a few dozen tags hundreds of thousands of times
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _decode_xml(data: bytes) -> bytes | None:
    """UTF-8 bytes for expat (UTF-16 with a BOM re-encoded), or None when undecodable."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        text = re.sub(r"""^(<\?xml[^>]*?)encoding=["'][^"']*["']""", r"\1", text)
        return text.encode("utf-8")
    return data


def _too_long(field: str, location: str, limit: int) -> Finding:
    return _finding(
        Severity.WARNING,
        "value-too-long",
        f"{field} is longer than the {limit:,} characters slcp reads "
        "(Limits.max_string_chars); read as blank",
        location,
    )


def _fields(
    element: ET.Element, module: str, where: str, findings: list[Finding], limit: int
) -> dict[str, str]:
    known = _LOWER[module]
    out: dict[str, str] = {}
    seen: set[str] = set()
    for sub in element:
        tag = _local(sub.tag)
        if tag in _CHILD_MODULES_ELEMENTS.get(module, ()):
            continue
        name = known.get(tag)
        if name is None:
            shown = f" {tag!r}" if _NAME.fullmatch(tag) else ""
            findings.append(
                _finding(
                    Severity.INFO,
                    "unknown-field",
                    f"element{shown} is not a field of the {module} module; ignored",
                    f"{where}/{sub.tag.rsplit('}', 1)[-1] if _NAME.fullmatch(tag) else '?'}",
                )
            )
            continue
        if name in seen:
            findings.append(
                _finding(
                    Severity.WARNING,
                    "duplicate-field",
                    f"{name} is given twice; the first is used",
                    f"{where}/{name}",
                )
            )
            continue
        seen.add(name)
        text = (sub.text or "").strip()
        if len(text) > limit:
            findings.append(_too_long(name, f"{where}/{name}", limit))
        elif text:  # an empty element is a blank field, as an empty CSV cell is
            out[name] = text
    return out


_CHILD_MODULES_ELEMENTS = {
    m: tuple(_ELEMENT[c] for c in kids) for m, kids in _CHILD_MODULES.items()
}


def _xml_children(
    element: ET.Element, module: str, where: str, findings: list[Finding], limit: int
) -> dict[str, list[Node]]:
    children: dict[str, list[Node]] = {}
    by_tag: dict[str, list[ET.Element]] = {}
    for sub in element:
        by_tag.setdefault(_local(sub.tag), []).append(sub)
    for kid_module in _CHILD_MODULES[module]:
        subs = by_tag.get(_ELEMENT[kid_module], [])
        if len(subs) > MAX_CHILD_RECORDS:
            findings.append(
                _finding(
                    Severity.ERROR,
                    "too-many-records",
                    f"{len(subs)} {kid_module} records under one {module} record; only the "
                    f"first {MAX_CHILD_RECORDS} are read",
                    where,
                )
            )
            subs = subs[:MAX_CHILD_RECORDS]
        nodes = []
        for i, sub in enumerate(subs, start=1):
            name = sub.tag.rsplit("}", 1)[-1]
            sub_where = f"{where}/{name}[{i}]"
            nodes.append(
                Node(
                    module=kid_module,
                    fields=_fields(sub, kid_module, sub_where, findings, limit),
                    where=sub_where,
                    children=_xml_children(sub, kid_module, sub_where, findings, limit),
                )
            )
        if nodes:
            children[kid_module] = nodes
    return children


def xml_nodes(
    data: bytes, name: str, findings: list[Finding], limits: Limits
) -> tuple[Node | None, list[Node]]:
    """The header node and the Person nodes of an XML return; problems appended to findings."""
    if len(data) > limits.max_file_bytes:
        findings.append(
            _finding(
                Severity.ERROR,
                "too-large",
                f"the file holds {len(data):,} bytes, more than the {limits.max_file_bytes:,} "
                "slcp reads (Limits.max_file_bytes); nothing read",
                name,
            )
        )
        return None, []
    limit = limits.max_string_chars
    raw = _decode_xml(data)
    if raw is None:
        findings.append(
            _finding(Severity.ERROR, "malformed-xml", "the file is not valid UTF-16", name)
        )
        return None, []
    lowered = raw.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        findings.append(
            _finding(
                Severity.ERROR,
                "xml-dtd-refused",
                "the file declares a document type or entities, which a SEN2 return never "
                "needs and which can make a parser expand or fetch content; nothing read",
                name,
            )
        )
        return None, []
    header: Node | None = None
    nodes: list[Node] = []
    # streamed: each Person becomes a node at its end tag and its elements are then cleared,
    # so memory holds the nodes, not the whole element tree as well
    stack: list[str] = []
    over = 0
    try:
        for event, el in ET.iterparse(io.BytesIO(raw), events=("start", "end")):
            if event == "start":
                stack.append(_local(el.tag))
                continue
            stack.pop()
            tag = _local(el.tag)
            parent = stack[-1] if stack else ""
            is_person = tag == "person" and (
                len(stack) == 1 or (len(stack) == 2 and parent == "persons")
            )
            if tag == "header" and len(stack) == 1:
                flat = ET.Element("Header")
                for part in el:
                    flat.extend(list(part))
                header = Node(
                    module="sen2",
                    fields=_fields(flat, "sen2", f"{name} Header", findings, limit),
                    where=f"{name} Header",
                )
                el.clear()
            elif is_person:
                if len(nodes) >= MAX_RECORDS:
                    over += 1
                else:
                    where = f"{name} Person[{len(nodes) + 1}]"
                    nodes.append(
                        Node(
                            module="person",
                            fields=_fields(el, "person", where, findings, limit),
                            where=where,
                            children=_xml_children(el, "person", where, findings, limit),
                        )
                    )
                el.clear()
    except ET.ParseError as e:
        line, column = e.position
        findings.append(
            _finding(
                Severity.ERROR,
                "malformed-xml",
                f"the file is not well-formed XML ({str(e).split(':')[0]}); nothing read",
                f"{name} line {line} column {column + 1}",
            )
        )
        return None, []
    except LookupError:
        # an XML declaration naming an encoding Python does not know (e.g. "UT-8")
        findings.append(
            _finding(
                Severity.ERROR,
                "malformed-xml",
                "the file's XML declaration names an unknown encoding; nothing read",
                f"{name} line 1",
            )
        )
        return None, []
    if over:
        findings.append(
            _finding(
                Severity.ERROR,
                "too-many-records",
                f"{len(nodes) + over:,} Person records, over the {MAX_RECORDS:,} limit; the "
                f"last {over:,} are not read",
                name,
            )
        )
    return header, nodes


def _with_findings(
    rows: Iterator[TableRow], found: list[Finding], findings: list[Finding], meta: tuple[str, ...]
) -> Iterator[TableRow]:
    """The rows, moving the table's findings across as they appear; a bookkeeping column
    of the export that is absent is not worth a finding."""

    def flush() -> None:
        for f in found:
            if not (f.code == "missing-column" and f.location.endswith(meta)):
                findings.append(f)
        found.clear()

    for row in rows:
        flush()
        yield row
    flush()


def _id_column(module: str) -> str:
    return f"{module.upper()}TABLEID"


def csv_nodes(
    files: Mapping[str, tuple[str, bytes]], findings: list[Finding], limits: Limits
) -> tuple[Node | None, list[Node]]:
    """The header node and the Person nodes of a module CSV export.

    Args:
        files: ``module -> (file name, bytes)`` for the modules given.
        findings: list the problems are appended to.
        limits: the bounds: ``max_file_bytes`` for the files together, ``max_string_chars``
            per cell, ``max_rows`` per table.
    """
    total = sum(len(b) for _, b in files.values())
    if total > limits.max_file_bytes:
        findings.append(
            _finding(
                Severity.ERROR,
                "too-large",
                f"the files hold {total:,} bytes, more than the {limits.max_file_bytes:,} slcp "
                "reads (Limits.max_file_bytes); nothing read",
                ", ".join(sorted(n for n, _ in files.values())),
            )
        )
        return None, []
    limit = limits.max_string_chars
    by_module: dict[str, dict[str, Node]] = {}
    parent_of: dict[str, dict[str, str]] = {}
    header: Node | None = None
    for module in FIELDS:
        if module not in files:
            if module != "sen2":
                findings.append(
                    _finding(
                        Severity.WARNING,
                        "missing-module",
                        f"no {module} file was given; the return is read without it",
                        f"{module}.csv",
                    )
                )
            continue
        fname, data = files[module]
        parent = MODULE_PARENTS[module]
        own = _id_column(module)
        link = _id_column(parent) if parent else None
        # the export's own bookkeeping columns are known (not "unknown") and not read
        meta = ("NATIVEID", "SOURCEID", f"{module.upper()}ORDERSEQCOLUMN", "SEN2TABLEID")
        columns = (own, *((link,) if link else ()), *(f.upper() for f in FIELDS[module]))
        columns = (*columns, *(c for c in meta if c not in columns))
        required = frozenset({own, *((link,) if link else ())}) if module != "sen2" else frozenset()
        table_findings: list[Finding] = []
        rows = read_table(
            data, name=fname, columns=columns, required=required, findings=table_findings
        )
        nodes: dict[str, Node] = {}
        links: dict[str, str] = {}
        count = 0
        for row in _with_findings(rows, table_findings, findings, meta):
            count += 1
            most = MAX_RECORDS * (1 if module in ("person", "sen2") else 4)
            if count > min(most, limits.max_rows):
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "too-many-records",
                        f"more than the limit of {module} rows; the rest are not read",
                        f"{fname} row {row.number}",
                    )
                )
                break
            where = f"{fname} row {row.number}"
            fields: dict[str, str] = {}
            for f in FIELDS[module]:
                value = row.values[f.upper()]
                if len(value) > limit:
                    findings.append(_too_long(f, f"{where} column {f.upper()}", limit))
                elif value:
                    fields[f] = value
            node = Node(module=module, fields=fields, where=where, csv=True)
            if module == "sen2":
                if header is None:
                    header = node
                continue
            key = row.values[own]
            if not key:
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "missing-value",
                        f"{own} is blank; the record cannot be linked and is not used",
                        f"{where} column {own}",
                    )
                )
                continue
            if key in nodes:
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "duplicate-record-id",
                        f"{own} {key!r} already appears on {nodes[key].where}; this row not used"
                        if _ID_SHOWN.fullmatch(key)
                        else f"{own} repeats an earlier row's; this row not used",
                        f"{where} column {own}",
                    )
                )
                continue
            nodes[key] = node
            if link:
                links[key] = row.values[link]
        by_module[module] = nodes
        parent_of[module] = links
    # link each record to its parent; orphans are reported and not used
    for module in FIELDS:
        parent = MODULE_PARENTS[module]
        if parent is None or module not in by_module:
            continue
        parents = by_module.get(parent, {})
        for key, node in by_module[module].items():
            target = parents.get(parent_of[module][key])
            if target is None:
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "orphan-record",
                        f"the {parent} record this row links to ({_id_column(parent)}) is not "
                        f"in the {parent} file; row not used",
                        node.at(_id_column(parent)),
                    )
                )
                continue
            kids = target.children.setdefault(module, [])
            if len(kids) >= MAX_CHILD_RECORDS:
                findings.append(
                    _finding(
                        Severity.ERROR,
                        "too-many-records",
                        f"over {MAX_CHILD_RECORDS} {module} records under one {parent} "
                        "record; this one not read",
                        node.where,
                    )
                )
                continue
            kids.append(node)
    return header, list(by_module.get("person", {}).values())

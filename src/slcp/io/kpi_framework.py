"""An :class:`~slcp.outcomes.OutcomesFramework` as a JSON document, so a partnership can
replace or extend the KPI framework in a file.

The document is a JSON object with two keys: ``schema_version`` (now 1) and ``framework``,
the framework's fields in the order the model declares them. The conventions are those of the
programme document (``docs/json-format.md``, decision record 0100): thresholds, targets,
weights, points and derivation parameters are exact decimal **strings** (``"0.75"``; a JSON
number such as ``0.75`` is refused), dates ``"YYYY-MM-DD"``, codes by value (``"ratio"``,
``"higher_is_better"``, ``"within_distance"``), each thresholds history a ``Timeline``
(``{"entries": [...], "ends": ...}``) whose entries carry their source. Unknown keys are
refused; keys whose field has a default (``parameter``, ``points``, a source's ``dated``, a
timeline's ``ends``) may be left out. ``docs/examples/outcomes-framework.json`` is the default
framework written this way.

Writing is canonical, so for every framework ``f`` and every document ``s`` written by slcp::

    loads_outcomes_framework(dumps_outcomes_framework(f)) == f
    dumps_outcomes_framework(loads_outcomes_framework(s)) == s

Imports :mod:`slcp.io._converter` and :mod:`slcp.outcomes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import attrs

from slcp.io._converter import (
    document_text,
    load_document,
    read_document_file,
    write_document_file,
)
from slcp.outcomes import OutcomesFramework

__all__ = [
    "OUTCOMES_FRAMEWORK_SCHEMA_VERSION",
    "dump_outcomes_framework",
    "dumps_outcomes_framework",
    "load_outcomes_framework",
    "loads_outcomes_framework",
]

#: The version of the outcomes framework document format this slcp reads and writes.
OUTCOMES_FRAMEWORK_SCHEMA_VERSION: Final = 1


@attrs.frozen(kw_only=True)
class _FrameworkDocument:
    """The body of an outcomes framework document (everything but ``schema_version``).

    Attributes:
        framework: the outcomes framework: its name, its KPIs in display order and the
            points each RAG rating earns.
    """

    framework: OutcomesFramework


def dumps_outcomes_framework(framework: OutcomesFramework) -> str:
    """The framework as canonical JSON text, ending in a newline.

    Two-space indentation, keys in model order, every key written (nulls and defaults
    included), decimals as strings in positional notation, non-ASCII characters as
    themselves.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from slcp.domain import Direction, OutcomeDomain
    >>> from slcp.outcomes import Derivation, KpiDefinition, KpiId, KpiUnit, RagThresholds
    >>> from slcp.timeline import Source, SourceKind, Timeline
    >>> near = KpiDefinition(
    ...     id=KpiId("within-10-miles"), name="Placements within 10 miles",
    ...     domain=OutcomeDomain.RELATIONSHIPS, unit=KpiUnit.RATIO,
    ...     direction=Direction.HIGHER_IS_BETTER, target=Decimal("0.5"),
    ...     thresholds=Timeline.constant(
    ...         RagThresholds(green=Decimal("0.5"), amber=Decimal("0.3")),
    ...         effective=dt.date(2021, 4, 1),
    ...         source=Source(kind=SourceKind.BOARD_DECISION, citation="LAC board §4")),
    ...     weight=Decimal(1), derivation=Derivation.WITHIN_DISTANCE, parameter=Decimal(10))
    >>> print(dumps_outcomes_framework(OutcomesFramework(name="Near", kpis=(near,))), end="")
    {
      "schema_version": 1,
      "framework": {
        "name": "Near",
        "kpis": [
          {
            "id": "within-10-miles",
            "name": "Placements within 10 miles",
            "domain": "relationships",
            "unit": "ratio",
            "direction": "higher_is_better",
            "target": "0.5",
            "thresholds": {
              "entries": [
                {
                  "effective": "2021-04-01",
                  "value": {
                    "green": "0.5",
                    "amber": "0.3"
                  },
                  "source": {
                    "kind": "board_decision",
                    "citation": "LAC board §4",
                    "dated": null
                  }
                }
              ],
              "ends": null
            },
            "weight": "1",
            "derivation": "within_distance",
            "parameter": "10"
          }
        ],
        "points": {
          "green": "100",
          "amber": "50",
          "red": "0"
        }
      }
    }
    """
    if not isinstance(framework, OutcomesFramework):
        raise TypeError(f"expected an OutcomesFramework, got {type(framework).__name__}")
    return document_text(
        _FrameworkDocument(framework=framework),
        _FrameworkDocument,
        version=OUTCOMES_FRAMEWORK_SCHEMA_VERSION,
    )


def dump_outcomes_framework(framework: OutcomesFramework, path: str | Path) -> None:
    """Write :func:`dumps_outcomes_framework` to ``path`` as UTF-8 with ``\\n`` line endings."""
    write_document_file(path, dumps_outcomes_framework(framework))


def loads_outcomes_framework(text: str) -> OutcomesFramework:
    """Read an outcomes framework from JSON text.

    Raises:
        LoadError: with one message per problem, each ending ``@ <path>``: invalid JSON (with
            line and column), a missing or unknown ``schema_version``, unknown or missing
            keys, a derivation, unit, direction or domain that does not exist, numbers that
            are not decimal strings (``0.75`` or ``1.5`` where ``"0.75"`` or ``"1.5"`` is
            expected), and the rules of the records: thresholds in the wrong order for the
            KPI's direction, a unit that does not match the derivation, a weight that is not
            positive, a parameter the derivation does not take, timeline entries out of date
            order, RAG points out of order, KPI ids given twice.

    >>> loads_outcomes_framework('''{"schema_version": 1, "framework": {"name": "Mine",
    ...   "kpis": [{"id": "near", "name": "Near home", "domain": "relationships",
    ...     "unit": "ratio", "direction": "higher_is_better", "target": "0.8",
    ...     "thresholds": {"entries": [{"effective": "2021-04-01",
    ...       "value": {"green": "0.8", "amber": "0.6"},
    ...       "source": {"kind": "board_decision", "citation": "LAC board"}}]},
    ...     "weight": 1.5, "derivation": "within_miles"}]}}''')
    Traceback (most recent call last):
    ...
    slcp.errors.LoadError: could not load document:
      an exact number must be ... string ..., got the number 1.5 @ $.framework.kpis[0].weight
      the string "within_miles" is not a valid derivation; ... @ $.framework.kpis[0].derivation
    """
    return _loads(text, source=None)


def load_outcomes_framework(path: str | Path) -> OutcomesFramework:
    """Read an outcomes framework from a UTF-8 JSON file (a leading byte-order mark is allowed).

    Raises:
        LoadError: the file cannot be read, is not UTF-8, or :func:`loads_outcomes_framework`
            fails; ``source`` is the path.
    """
    source = str(path)
    return _loads(read_document_file(path), source=source)


def _loads(text: str, *, source: str | None) -> OutcomesFramework:
    return load_document(
        text, _FrameworkDocument, version=OUTCOMES_FRAMEWORK_SCHEMA_VERSION, source=source
    ).framework

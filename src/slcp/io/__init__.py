"""Serialisation at the edges: JSON documents, CSV tables and statutory returns.

Owns the one private cattrs converter (:mod:`slcp.io._converter`). Every reader raises
:class:`~slcp.errors.LoadError` whose messages end in the location of the problem. The JSON
Schema of the programme document is built by :func:`slcp.io.schema.programme_json_schema`.
An outcomes framework (the KPIs providers are scored on) is read and written by
:mod:`slcp.io.kpi_framework`. A whole programme is also read from and written to a folder of
CSV tables or an Excel workbook (:mod:`slcp.io.programme_tables`), and built from Placements
Data Standard files (:mod:`slcp.io.pds_programme`). Every reader applies
:class:`~slcp.io.limits.Limits`; every file is written atomically
(:func:`~slcp.io.atomic.write_atomic`); child references are pseudonymised with a key by
:mod:`slcp.io.pseudonymise`. May import everything below it.
"""

from typing import TYPE_CHECKING

from slcp._lazy import lazy_exports

if TYPE_CHECKING:
    from slcp.io.atomic import write_atomic
    from slcp.io.csv_tables import TableRead
    from slcp.io.json_document import (
        SCHEMA_VERSION,
        dump_programme,
        dumps_programme,
        load_programme,
        loads_programme,
    )
    from slcp.io.kpi_framework import (
        dump_outcomes_framework,
        dumps_outcomes_framework,
        load_outcomes_framework,
        loads_outcomes_framework,
    )
    from slcp.io.limits import DEFAULT_LIMITS, Limits
    from slcp.io.programme_tables import (
        ProgrammeRead,
        load_programme_tables,
        load_programme_workbook,
        read_programme_tables,
        read_programme_workbook,
        write_programme_tables,
    )
    from slcp.io.pseudonymise import PseudonymKey, pseudonym, pseudonymise_csv
    from slcp.io.ssda903 import Ssda903Return, load_ssda903, read_ssda903


__all__ = [
    "DEFAULT_LIMITS",
    "SCHEMA_VERSION",
    "Limits",
    "ProgrammeRead",
    "PseudonymKey",
    "Ssda903Return",
    "TableRead",
    "dump_outcomes_framework",
    "dump_programme",
    "dumps_outcomes_framework",
    "dumps_programme",
    "load_outcomes_framework",
    "load_programme",
    "load_programme_tables",
    "load_programme_workbook",
    "load_ssda903",
    "loads_outcomes_framework",
    "loads_programme",
    "pseudonym",
    "pseudonymise_csv",
    "read_programme_tables",
    "read_programme_workbook",
    "read_ssda903",
    "write_atomic",
    "write_programme_tables",
]

__getattr__, __dir__ = lazy_exports(__name__)

"""Serialisation at the edges: JSON documents, CSV tables and statutory returns.

Owns the one private cattrs converter (:mod:`slcp.io._converter`). Every reader raises
:class:`~slcp.errors.LoadError` whose messages end in the location of the problem. May import
everything below it.
"""

from slcp.io.csv_tables import TableRead
from slcp.io.json_document import (
    SCHEMA_VERSION,
    dump_programme,
    dumps_programme,
    load_programme,
    loads_programme,
)
from slcp.io.schema import programme_json_schema

__all__ = [
    "SCHEMA_VERSION",
    "TableRead",
    "dump_programme",
    "dumps_programme",
    "load_programme",
    "loads_programme",
    "programme_json_schema",
]

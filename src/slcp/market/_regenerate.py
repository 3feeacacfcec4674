"""Rewrite the shipped market book of the sample: ``python -m slcp.market._regenerate``.

Run it after changing :func:`slcp.market.sample_market`, the sample programme or a record the
book holds (``tests/market/test_shipped_market.py`` says when). It writes, in a source
checkout, ``src/slcp/data/south_london_market.pickle.gz``: the book built afresh from the
shipped programme, byte for byte the same whatever the process's string-hash seed.
"""

from __future__ import annotations

from pathlib import Path

from slcp.market._sample import SHIPPED_MARKET, sample_market
from slcp.sample import south_london
from slcp.sample._shipped import shared_bytes


def main() -> None:
    """Build the sample's market book and write it where the package ships it."""
    target = Path(__file__).resolve().parent.parent / "data" / SHIPPED_MARKET
    target.write_bytes(shared_bytes(sample_market(south_london())))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

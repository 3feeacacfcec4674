"""Rewrite the shipped SEN2 sample return: ``python -m slcp.io._regenerate``.

Run it after changing the SEN2 sample's generator, the SEN2 reader or a record the return
holds (``tests/io/test_sen2_sample.py`` says when). It writes, in a source checkout,
``src/slcp/io/data/sen2_synthetic_2023.xml`` from the generator and
``src/slcp/io/data/sen2_synthetic_2023.pickle.gz``, that XML parsed (what
:func:`slcp.io.sen2_sample.load_sample_return` loads).
"""

from __future__ import annotations

from pathlib import Path

from slcp.io.sen2_sample import (
    SAMPLE_FILE,
    SHIPPED_RETURN,
    build_sample_return,
    parse_sample_return,
)
from slcp.sample import south_london
from slcp.sample._shipped import shared_bytes


def main() -> None:
    """Write the sample return's XML and its parsed form where the package ships them."""
    data = Path(__file__).resolve().parent / "data"
    data.mkdir(exist_ok=True)
    (data / SAMPLE_FILE).write_bytes(build_sample_return(south_london()))
    (data / SHIPPED_RETURN).write_bytes(shared_bytes(parse_sample_return()))
    print(f"wrote {data / SAMPLE_FILE} and {data / SHIPPED_RETURN}")


if __name__ == "__main__":
    main()

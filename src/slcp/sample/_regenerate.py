"""Rewrite the shipped sample from its generator: ``python -m slcp.sample._regenerate``.

Run it after changing the generator or a record the sample holds (the sample tests say when);
it writes ``src/slcp/data/south_london.pickle.gz`` in a source checkout, byte for byte the same
whatever the process's string-hash seed.
"""

from __future__ import annotations

from slcp.sample._build import build_south_london
from slcp.sample._shipped import shipped_bytes, shipped_path


def main() -> None:
    """Build the sample and write it where the package ships it."""
    target = shipped_path()
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(shipped_bytes(build_south_london()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

"""Write a synthetic national SSDA903 return: 152 local authorities, Header and Episodes tables.

Deterministic (one seeded generator): the same arguments always write the same bytes. The
collection year is 2023/24 (census 31 March 2024). Each child's history is one or two periods
of care begun between April 2012 and March 2024: placement moves (RNE P, B, T, U), legal
status changes (RNE L), temporary placements (T0-T4) mostly returning to the same place,
placements for adoption, some short breaks only (V3/V4), E-codes ending periods, full
postcodes, URNs for children's homes. CHILD ids are strings with leading zeros, unique across
the country (the authority's number, then the child's), because one file holds every
authority. It is fake data, for measuring and demonstrating slcp at national scale.

Run: ``python benchmarks/generate_national_903.py --episodes 1000000 --out /tmp/national903``
(about a minute at 1M episodes: 76 MB of episodes, 13 MB of Header).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

AUTHORITIES = 152
COLLECTION_END = dt.date(2024, 3, 31)
_EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)
_HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
# placement types with rough national weights (fostering most common)
_PLACES = ["U4", "U5", "U6", "U1", "U3", "K2", "R1", "P1", "H5", "R2", "S1", "A4", "A5"]
_PLACE_WEIGHTS = [30, 12, 10, 6, 4, 9, 2, 5, 5, 1, 1, 3, 2]
_TEMPORARY = ["T0", "T1", "T2", "T3", "T4"]
_MOVES = ["P", "L", "T", "U", "B"]
_MOVE_WEIGHTS = [40, 30, 10, 12, 8]
_REASONS = ["CARPL", "CHILD", "LAREQ", "PLACE", "STAND", "OTHER"]
_ENDS = ["E11", "E12", "E13", "E41", "E45", "E4A", "E4B", "E5", "E8"]
_ETHNIC = ["WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "AIND", "BCRB", "BAFR", "CHNE", "OOTH"]


def _provider(place: str, rnd: random.Random) -> str:
    if place.startswith("U"):
        return rnd.choice(["PR1", "PR1", "PR4", "PR5"])
    if place in ("K2", "R1", "H5", "S1"):
        return rnd.choice(["PR1", "PR4", "PR4", "PR5"])
    if place == "P1":
        return "PR0"
    drawn = rnd.choice(["PR1", "PR3"])
    # a temporary placement has no provider (the DfE's validation rules 178 and 213); the
    # draw is still made so every later value, and every figure, stays as it was
    return "" if place in _TEMPORARY else drawn


def _postcodes(rnd: random.Random, n: int) -> list[str]:
    areas = [a + b for a in "BCDEGHLMNPRSTW" for b in ("", "A", "E", "L", "N", "R")]
    out = set()
    while len(out) < n:
        district = f"{rnd.choice(areas)}{rnd.randint(1, 29)}"
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        unit = f"{rnd.randint(0, 9)}{rnd.choice(letters)}{rnd.choice(letters)}"
        out.add(f"{district} {unit}")
    return sorted(out)


def _day(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def generate(folder: Path, *, episodes: int, seed: int = 903) -> tuple[Path, Path]:
    """Write ``episodes.csv`` and ``header.csv`` under ``folder``; returns their paths.

    About ``episodes`` rows are written (a child's history is never cut short, so a few more).
    """
    rnd = random.Random(seed)
    postcodes = _postcodes(rnd, 20_000)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [_EPISODE_COLUMNS]
    header = [_HEADER_COLUMNS]
    first_day = dt.date(2012, 4, 1).toordinal()
    span = COLLECTION_END.toordinal() - first_day
    written = 0
    child_no = 0
    while written < episodes:
        la = child_no % AUTHORITIES + 1
        child = f"{la:03d}{child_no // AUTHORITIES:07d}"
        child_no += 1
        born = dt.date.fromordinal(first_day - rnd.randrange(0, 17 * 365) + rnd.randrange(0, 4000))
        header.append(
            f"{child},{rnd.choice('12')},{_day(born)},{rnd.choice(_ETHNIC)},"
            f"A{rnd.randrange(10**11, 10**12)},,"
        )
        home = rnd.choice(postcodes)
        short_breaks = rnd.random() < 0.03
        day = dt.date.fromordinal(max(first_day + rnd.randrange(span), born.toordinal()))
        periods = 2 if rnd.random() < 0.12 else 1
        resume_place, resume_post = "U4", home
        for period in range(periods):
            n = max(1, min(int(rnd.expovariate(1 / 4.0)) + 1, 25))
            place = rnd.choices(_PLACES, _PLACE_WEIGHTS)[0]
            pl_post = rnd.choice(postcodes)
            rne = "S"
            for i in range(n):
                last = i == n - 1
                length = int(rnd.expovariate(1 / 240.0)) + 1
                end = day + dt.timedelta(days=length)
                still_open = end > COLLECTION_END or (
                    last and period == periods - 1 and rnd.random() < 0.55
                )
                if still_open:
                    dec, rec = "", ""
                else:
                    dec = _day(end)
                    rec = rnd.choice(_ENDS) if last else "X1"
                ls = (
                    rnd.choice(["V3", "V4"])
                    if short_breaks
                    else rnd.choice(["C2", "C2", "C1", "E1", "J2"])
                )
                urn = f"SC{rnd.randrange(10**5, 10**6)}" if place == "K2" else ""
                rpc = rnd.choice(_REASONS) if rne in ("P", "B", "T", "U") else ""
                lines.append(
                    f"{child},{_day(day)},{rne},{ls},N{rnd.randint(1, 8)},{place},"
                    f"{_provider(place, rnd)},{dec},{rec},{rpc},{home},{pl_post},{urn}"
                )
                written += 1
                if still_open:
                    break
                day = end
                # the next episode: a temporary placement (which mostly returns to the place
                # it interrupted), a legal status change, or a move
                if place in _TEMPORARY:
                    if rnd.random() < 0.7:
                        place, pl_post = resume_place, resume_post
                    else:
                        place = rnd.choices(_PLACES, _PLACE_WEIGHTS)[0]
                        pl_post = rnd.choice(postcodes)
                    rne = rnd.choice(["P", "T"])
                elif rnd.random() < 0.06:
                    resume_place, resume_post = place, pl_post
                    place, pl_post = rnd.choice(_TEMPORARY), rnd.choice(postcodes)
                    rne = "T"
                else:
                    rne = rnd.choices(_MOVES, _MOVE_WEIGHTS)[0]
                    if rne != "L":
                        place = rnd.choices(_PLACES, _PLACE_WEIGHTS)[0]
                        pl_post = rnd.choice(postcodes)
            else:
                if period + 1 < periods:
                    # out of care for a while, then a new period of care
                    day = day + dt.timedelta(days=rnd.randrange(30, 700))
                    if day > COLLECTION_END:
                        break
                continue
            break
    episodes_path = folder / "episodes.csv"
    header_path = folder / "header.csv"
    episodes_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    header_path.write_text("\n".join(header) + "\n", encoding="utf-8")
    return episodes_path, header_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=903)
    args = parser.parse_args()
    e, h = generate(args.out, episodes=args.episodes, seed=args.seed)
    print(f"wrote {e} ({e.stat().st_size:,} bytes) and {h} ({h.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

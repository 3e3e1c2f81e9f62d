"""Write a World3-sized Vensim model for benchmarks: sectors of stocks, lookups, delays.

Each sector has a stock, an inflow shaped by a lookup of a ratio to a neighbouring sector,
an outflow through DELAY3 or SMOOTH3, and auxiliaries between them. 30 sectors give about
300 variables and 30 lookups; 400 Euler steps (0 to 200 by 0.5).

    python benchmarks/generate_model.py OUT.mdl [--sectors 30]
"""

from __future__ import annotations

import argparse
from pathlib import Path

CONTROLS = """
FINAL TIME = 200 ~ Year ~ |
INITIAL TIME = 0 ~ Year ~ |
SAVEPER = 1 ~ Year ~ |
TIME STEP = 0.5 ~ Year ~ |
"""


def sector(i: int, sectors: int) -> str:
    """Ten equations of sector `i`; it reads the stock of the next sector round the ring."""
    j = (i + 1) % sectors
    outflow = f"DELAY3(Inflow {i}, Lag {i})" if i % 2 else f"SMOOTH3(Inflow {i}, Lag {i})"
    points = ",".join(f"({x / 2:g},{(1 + (i % 5) * 0.1) * x / (x + 1):.3f})" for x in range(7))
    return f"""
Stock {i} = INTEG(Inflow {i} - Outflow {i}, {100 + i}) ~ Units ~ |
Inflow {i} = Base Rate {i} * Effect {i} * Pressure {i} ~ Units/Year ~ |
Outflow {i} = {outflow} ~ Units/Year ~ |
Base Rate {i} = {0.05 + 0.002 * i:g} * Stock {i} ~ Units/Year ~ |
Ratio {i} = ZIDZ(Stock {i}, Stock {j}) ~ Dmnl ~ |
Effect {i} = Effect Table {i}(Ratio {i}) ~ Dmnl ~ |
Effect Table {i}([(0,0)-(3,2)],{points}) ~ Dmnl ~ |
Pressure {i} = MAX(0.5, MIN(1.5, 1 + Gap {i} / Target {i})) ~ Dmnl ~ |
Gap {i} = Target {i} - Stock {i} ~ Units ~ |
Target {i} = {120 + 3 * i} * (1 + STEP(0.2, {20 + i})) ~ Units ~ |
Lag {i} = {2 + i % 7} ~ Year ~ |
"""


def write_model(path: Path, sectors: int = 30) -> Path:
    text = "{UTF-8}\n" + "".join(sector(i, sectors) for i in range(sectors)) + CONTROLS
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sectors", type=int, default=30)
    args = parser.parse_args()
    write_model(args.out, args.sectors)


if __name__ == "__main__":
    main()

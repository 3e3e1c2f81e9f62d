"""Objectives and constraints over outcomes, written as analysts say them.

    max Coalition Members@2030
    min Benefit Share Fraction                     (goal seek: the smallest lever that works)
    max Coalition Members@2030 - 0.01*integral(Benefits Delivered)     (a weighted sum)

Terms of a weighted sum are separated by ' + ' or ' - ' with spaces around the sign, so a
name holding a hyphen stays whole. A constraint is an outcome, `>=` or `<=`, and a number:

    Coalition Members@2030>=30          at a time
    Alliance Trust@2030..2050>=0.5      throughout a period (its minimum; its maximum for <=)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from windfall.core.analysis.outcome import Outcome, parse_outcome
from windfall.core.errors import WindfallError

_SENSE = re.compile(r"^\s*(?P<sense>max\w*|min\w*)\s+(?P<rest>.+)$", re.IGNORECASE)
_SENSES = {
    "max": "max",
    "maximise": "max",
    "maximize": "max",
    "min": "min",
    "minimise": "min",
    "minimize": "min",
}
_WEIGHT = re.compile(r"^(?P<w>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*\*\s*(?P<o>.+)$")
_CONSTRAINT = re.compile(r"^(?P<outcome>.+?)\s*(?P<op>>=|<=|=>|=<|>|<)\s*(?P<value>[^<>=]+)$")


@dataclass(frozen=True)
class Term:
    """`weight` times an outcome."""

    weight: float
    outcome: Outcome


@dataclass(frozen=True)
class Objective:
    """Maximise or minimise a weighted sum of outcomes."""

    sense: str  # "max" or "min"
    terms: tuple[Term, ...]

    @property
    def outcomes(self) -> list[Outcome]:
        return [term.outcome for term in self.terms]

    def label(self) -> str:
        parts = []
        for i, term in enumerate(self.terms):
            sign = "-" if term.weight < 0 else "+"
            weight = abs(term.weight)
            text = term.outcome.label() if weight == 1 else f"{weight:g}*{term.outcome.label()}"
            parts.append(("- " if sign == "-" else "") + text if i == 0 else f"{sign} {text}")
        return f"{self.sense} {' '.join(parts)}"

    def value(self, outcome_values: dict[Outcome, np.ndarray]) -> np.ndarray:
        """The weighted sum for every run, from each outcome's values."""
        return sum(term.weight * outcome_values[term.outcome] for term in self.terms)


@dataclass(frozen=True)
class Constraint:
    """An outcome held at or above (`>=`) or at or below (`<=`) a threshold."""

    outcome: Outcome
    op: str
    threshold: float

    def label(self) -> str:
        return f"{self.outcome.label()} {self.op} {self.threshold:g}"

    def slack(self, values: np.ndarray) -> np.ndarray:
        """How far inside the constraint each run is (negative: violated; NaN: violated)."""
        slack = values - self.threshold if self.op == ">=" else self.threshold - values
        return np.where(np.isfinite(slack), slack, -np.inf)


def parse_objective(model, text: str) -> Objective:
    """`max|min TERM [+|- TERM ...]`, each TERM `[WEIGHT*]OUTCOME`."""
    match = _SENSE.match(text)
    sense = _SENSES.get(match["sense"].lower()) if match else None
    if sense is None:
        raise WindfallError(model.path, f"objective '{text}' must start with max or min")
    pieces = re.split(r"\s+([+-])\s+", " " + match["rest"].strip())
    signs = ["+", *pieces[1::2]]
    terms = []
    for sign, piece in zip(signs, pieces[0::2], strict=True):
        piece = piece.strip()
        if piece.startswith("-"):
            sign, piece = ("-" if sign == "+" else "+"), piece[1:].strip()
        weighted = _WEIGHT.match(piece)
        weight = float(weighted["w"]) if weighted else 1.0
        outcome = parse_outcome(model, weighted["o"] if weighted else piece)
        if not np.isfinite(weight):
            raise WindfallError(model.path, f"objective '{text}': weights must be finite")
        terms.append(Term(-weight if sign == "-" else weight, outcome))
    return Objective(sense, tuple(terms))


def parse_constraint(model, text: str) -> Constraint:
    """`OUTCOME >= X` or `OUTCOME <= X`; a plain period means throughout it."""
    match = _CONSTRAINT.match(text.strip())
    if not match:
        raise WindfallError(model.path, f"cannot read constraint '{text}' (want OUTCOME>=X)")
    op = ">=" if ">" in match["op"] else "<="
    try:
        threshold = float(match["value"])
    except ValueError:
        raise WindfallError(
            model.path, f"constraint '{text}': '{match['value'].strip()}' is not a number"
        ) from None
    if not np.isfinite(threshold):
        raise WindfallError(model.path, f"constraint '{text}': the threshold must be finite")
    outcome = _throughout(model, match["outcome"].strip(), op)
    return Constraint(outcome, op, threshold)


def _throughout(model, text: str, op: str) -> Outcome:
    """`VAR@T1..T2 >= X` holds at every time of the period: its min (max for <=) does."""
    name, _at, when = text.rpartition("@")
    if name and ".." in when and "(" not in text:
        return parse_outcome(model, f"{'min' if op == '>=' else 'max'}({text})")
    return parse_outcome(model, text)

"""A sentence model's answer judged in plain words: a shrug, right, wrong, or just an answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """A model's answer in plain words.

    ``kind`` is 'shrug', 'right', 'wrong' or 'answer' (no clue to judge by); ``text`` a sentence to put
    after the model's name ("says French (100%): right."); ``tag`` one or two words for a chart.
    """

    kind: str
    language: str
    p: float
    text: str

    @property
    def tag(self) -> str:
        return "shrugs" if self.kind == "shrug" else self.language


def verdict(probs: Mapping[str, float], expected: str | None, chance: float) -> Verdict:
    """Judge one prediction: a shrug if no language reaches twice chance, else right or wrong against ``expected``."""
    language = max(probs, key=probs.get)
    p = float(probs[language])
    said = f"says {language} ({p:.0%}{', unsure' if p < 0.5 else ''})"
    if p < 2 * chance:
        return Verdict(
            "shrug",
            language,
            p,
            f"shrugs: no language gets more than {p:.0%}, about what guessing "
            f"one of {round(1 / chance)} gives ({chance:.1%}).",
        )
    if expected is None:
        return Verdict("answer", language, p, f"{said}.")
    if language == expected:
        return Verdict("right", language, p, f"{said}: right.")
    return Verdict("wrong", language, p, f"{said}: wrong, the clue points to {expected}.")

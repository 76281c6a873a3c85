"""How each checked answer fared, one line each: an icon whose shape says right, wrong, empty or unreadable (the
colours are the colour-blind-safe pairs, never the only carrier), the answer's name and a note for the student."""

from __future__ import annotations

from rnn_core.lessons import answers
from ui.safe import md

STATUS_ICONS = {  # shapes tell them apart; the colours are the colour-blind-safe pairs (no red next to green)
    answers.RIGHT: ":blue[:material/check_circle:]",
    answers.ACCEPTED: ":blue[:material/check_circle:]",
    answers.CARRIED: ":blue[:material/step_over:]",
    answers.PARTLY: ":violet[:material/adjust:]",
    answers.WRONG: ":orange[:material/cancel:]",
    answers.EMPTY: ":gray[:material/radio_button_unchecked:]",
    answers.INVALID: ":gray[:material/error:]",
}


def result_lines(results) -> str:
    """One line per checked answer: an icon (its shape says right, wrong, empty or unreadable), the name, the note
    (escaped: a note may quote what was typed)."""
    return "\n".join(f"- {STATUS_ICONS[r.status]} **{r.name}**: {md(r.note, 600)}" for r in results)

"""Shared by the tests of rnn_core/lessons and the quiz page: the bank as loaded, the garbage a student may type,
and how a list of checked answers fared."""

from rnn_core.lessons.bank import load_bank

BANK = load_bank()
BY_ID = {s.id: s for s in BANK}

# What people type into an answer box that is not a number.
GARBAGE = ["", "   ", "abc", "1e400", "-1e400", "nan", "NaN", "inf", "-inf", "0x10", "1,2,3", "--1", "1.2.3", "½"]


def statuses(results) -> list[str]:
    """The status of each checked answer (rnn_core.lessons.answers: right, accepted, carried, ...)."""
    return [r.status for r in results]

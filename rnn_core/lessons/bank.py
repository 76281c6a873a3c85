"""The question bank of the self-quiz on the lecture's last objective: given a problem, choose the network (dense,
CNN, RNN or a combination) and, where an RNN is involved, its mapping (one-to-many, many-to-one or many-to-many).

The questions are data: ``quiz_bank.json`` next to this module, a list of scenarios that :func:`load_bank` reads
and checks. Each scenario holds the right ``network`` and ``mapping``, an ``explanation`` for students (why this
answer, and why the ``tempting`` wrong one is wrong), whether the lecture gives the example (``source``) and a
short ``topic`` tag.

How mappings are written:

    rnn           one-to-many, many-to-one or many-to-many (never one-to-one or null: an RNN needs a sequence)
    combination   the mapping of its recurrent part (a CNN + RNN image captioner is one-to-many)
    dense, cnn    "one-to-one", the lecture's vanilla feed-forward network: one input, one output. null is
                  accepted too and means the same (no recurrent part); :func:`grade` treats the two alike.

Many-to-many covers both of the lecture's pictures, synced (an output at every step, as frame-by-frame video
classification) and not synced (the whole input read first, as translation); each explanation says which.

Standard library only: the pages, the tests and a reader of the JSON need nothing else.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, fields
from pathlib import Path

from rnn_core.mappings import MAPPINGS

NETWORKS = ("dense", "cnn", "rnn", "combination")
RECURRENT = ("rnn", "combination")  # the networks with a recurrent part, which have a mapping
SOURCES = ("lecture", "beyond")  # the lecture gives the example, or it goes beyond it
BANK_PATH = Path(__file__).with_name("quiz_bank.json")

NO_RECURRENCE = (None, "one-to-one")  # the two ways of writing "no recurrent part"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")
MAX_ID, MAX_TOPIC = 40, 30


class BankError(ValueError):
    """The question bank is not valid; the message lists every problem found, each with the item it is in."""


@dataclass(frozen=True)
class Scenario:
    """One question: a problem in plain words and its answer with the reason."""

    id: str  # short unique slug, e.g. "fluent-blank"
    scenario: str  # the problem, one or two sentences, no hint of the answer
    network: str  # one of NETWORKS
    mapping: str | None  # one of MAPPINGS, or None for an answer with no recurrent part
    explanation: str  # why this answer, and why the tempting one is wrong
    tempting: str  # the tempting wrong network or mapping: one of NETWORKS or MAPPINGS
    source: str  # one of SOURCES
    topic: str  # short tag: "audio", "text", "video", ...


FIELDS = tuple(f.name for f in fields(Scenario))


def _json_type(value) -> str:
    """The JSON name of a value's type with its article, for messages ("null", "a number", "an object", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), f"a {type(value).__name__}")


def _show(value, limit: int = 60) -> str:
    """A value as JSON, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _item_problems(item) -> list[str]:
    """Everything wrong with one item on its own (types, allowed values, how network and mapping fit)."""
    if not isinstance(item, dict):
        return [f"must be an object with the fields {', '.join(FIELDS)}, got {_json_type(item)}"]
    out = []
    missing = [f for f in FIELDS if f not in item]
    extra = sorted(set(item) - set(FIELDS))
    if missing:
        out.append(f"missing field{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    if extra:
        out.append(f"unknown field{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")
    v = {}  # the fields present with a usable value; each check below runs when its fields are here
    for name in FIELDS:
        if name not in item:
            continue
        value = item[name]
        if name == "mapping" and value is None:
            v[name] = None
        elif not isinstance(value, str):
            kind = "a string or null" if name == "mapping" else "a string"
            out.append(f"field {name!r} must be {kind}, got {_json_type(value)} ({_show(value)})")
        elif not value.strip():
            out.append(f"field {name!r} is empty")
        else:
            v[name] = value
    if "id" in v and (not _SLUG.fullmatch(v["id"]) or len(v["id"]) > MAX_ID):
        out.append(
            f"id {v['id']!r} must be a slug of lowercase letters, digits and single hyphens, at most {MAX_ID} long"
        )
    if "topic" in v and (not _TOPIC.fullmatch(v["topic"]) or len(v["topic"]) > MAX_TOPIC):
        out.append(f"topic {v['topic']!r} must be a short lowercase tag (letters, digits, spaces, hyphens)")
    if "source" in v and v["source"] not in SOURCES:
        out.append(f"unknown source {v['source']!r}; allowed: {', '.join(SOURCES)}")
    network, mapping = v.get("network"), v.get("mapping")
    if "network" in v and network not in NETWORKS:
        out.append(f"unknown network {network!r}; allowed: {', '.join(NETWORKS)}")
    if mapping is not None and mapping not in MAPPINGS:
        out.append(f"unknown mapping {mapping!r}; allowed: {', '.join(MAPPINGS)} or null")
    if "mapping" in v and network == "rnn" and mapping in NO_RECURRENCE:
        out.append(
            f"network 'rnn' needs a mapping of one-to-many, many-to-one or many-to-many, got {_show(mapping)}"
            " (one input and one output is the vanilla feed-forward network)"
        )
    if "mapping" in v and network in ("dense", "cnn") and mapping not in NO_RECURRENCE:
        out.append(f"network {network!r} has no recurrent part: its mapping must be 'one-to-one' or null")
    if "tempting" in v:
        tempting = v["tempting"]
        if tempting not in NETWORKS + MAPPINGS:
            out.append(
                f"tempting {tempting!r} must be one of the networks or mappings: {', '.join(NETWORKS + MAPPINGS)}"
            )
        elif tempting == network or ("mapping" in v and tempting == mapping):
            out.append(f"tempting {tempting!r} is the right answer; it must be a wrong one")
    return out


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def validate(items) -> tuple[Scenario, ...]:
    """The bank as scenarios, in the order given, after checking every item and the bank as a whole (a non-empty
    list, unique ids, unique scenario texts ignoring case and spacing). Raises :class:`BankError` listing every
    problem, each named by its item's position and id."""
    if not isinstance(items, list):
        raise BankError(f"the bank must be a list of scenarios, got {_json_type(items)}")
    if not items:
        raise BankError("the bank is empty")
    problems = []
    seen_ids: dict[str, int] = {}
    seen_text: dict[str, int] = {}
    for i, item in enumerate(items):
        name = f"item {i}" + (f" (id {item['id']!r})" if isinstance(item, dict) and "id" in item else "")
        problems += [f"{name}: {p}" for p in _item_problems(item)]
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("id"), str):
            if item["id"] in seen_ids:
                problems.append(f"{name}: duplicate id {item['id']!r} (first used by item {seen_ids[item['id']]})")
            seen_ids.setdefault(item["id"], i)
        if isinstance(item.get("scenario"), str):
            key = _normal(item["scenario"])
            if key in seen_text:
                problems.append(f"{name}: duplicate scenario text (the same as item {seen_text[key]})")
            seen_text.setdefault(key, i)
    if problems:
        raise BankError(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in the quiz bank:\n" + "\n".join(problems)
        )
    return tuple(Scenario(**{f: item[f] for f in FIELDS}) for item in items)


def load_bank(path: str | Path | None = None) -> tuple[Scenario, ...]:
    """Read the question bank (default: ``quiz_bank.json`` next to this module) and return its scenarios in file
    order. Raises :class:`BankError` naming the file and every problem when it is not valid JSON or not a valid
    bank (see :func:`validate`); a missing file raises FileNotFoundError."""
    path = Path(path) if path is not None else BANK_PATH
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise BankError(f"{path}: not valid JSON: {e}") from e
    except UnicodeDecodeError as e:
        raise BankError(f"{path}: not UTF-8 text: {e}") from e
    try:
        return validate(items)
    except BankError as e:
        raise BankError(f"{path}: {e}") from None


def order(bank, seed: int) -> list[str]:
    """The ids of ``bank`` in a shuffled order for ``seed``: a permutation of the ids that depends only on the set
    of ids and the seed, the same on every machine. It is a Fisher-Yates shuffle of the sorted ids driven by
    ``random.Random(seed).random()``, whose stream Python keeps the same across versions (``Random.shuffle`` is not
    promised to)."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    return shuffled(sorted(s.id for s in bank), random.Random(seed))


def shuffled(items, rng: random.Random) -> list:
    """A Fisher-Yates shuffle of ``items`` (a new list) driven by ``rng.random()`` alone, whose stream Python keeps
    the same across versions."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items

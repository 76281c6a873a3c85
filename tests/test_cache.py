"""Step views keyed by every argument their builder takes (ui/cache.py): the same content names the same views in
every session, any change in any argument names others, and a value it cannot name is refused, not left out."""

import dataclasses
import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_core.tasks import get_task
from ui.cache import digest


@dataclasses.dataclass(frozen=True)
class Point:
    xs: np.ndarray
    label: str


def test_the_same_content_gives_the_same_name():
    a = Point(np.arange(4.0), "a")
    b = Point(np.arange(4.0), "a")
    assert a is not b and digest(a, 1, "x") == digest(b, 1, "x")
    assert digest(get_task("chars")) == digest(get_task("chars"))


@given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=8), st.integers(0, 7))
def test_any_changed_number_gives_another_name(values, i):
    x = np.array(values)
    y = x.copy()
    y[i % len(y)] = y[i % len(y)] + 1.0 if abs(y[i % len(y)]) < 1e15 else 0.5
    if not np.array_equal(x, y):
        assert digest(Point(x, "p")) != digest(Point(y, "p"))


def test_types_shapes_and_order_count():
    assert digest(np.zeros(4)) != digest(np.zeros((2, 2)))
    assert digest(np.zeros(4)) != digest(np.zeros(4, dtype=np.float32))
    assert digest(1) != digest(1.0) != digest("1") and digest(True) != digest(1)
    assert digest((1, 2)) != digest((2, 1)) and digest([1]) != digest((1,))
    assert digest({"a": 1}) != digest({"a": 2})


def test_every_field_of_a_task_is_part_of_its_name():
    task = get_task("chars")
    for change in ({"classes": ("a", "b", "c", "d")}, {"mapping": "many-to-one"}, {"outputs": "other words"}):
        assert digest(task) != digest(dataclasses.replace(task, **change)), change


def test_functions_are_named_by_their_code_and_what_they_close_over():
    def make(n):
        return lambda x: x + n

    assert digest(make(1)) == digest(make(1)) and digest(make(1)) != digest(make(2))
    assert digest(functools.partial(max, 1)) != digest(functools.partial(max, 2))


def test_a_value_it_cannot_name_is_refused():
    with pytest.raises(TypeError, match="cannot name"):
        digest(object())


def test_a_named_value_is_remembered_only_while_it_lives():
    """The memo of names must not keep a value alive: it held every session's uploaded model (up to 32 MB of
    weights) long after the session ended. A value that takes no weak reference (slots) is still named."""
    import gc
    import weakref

    a = Point(np.zeros(1000), "upload")
    name, ref = digest(a), weakref.ref(a)
    assert digest(a) == name
    del a
    gc.collect()
    assert ref() is None

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        x: int

    assert digest(Slotted(1)) == digest(Slotted(1)) != digest(Slotted(2))

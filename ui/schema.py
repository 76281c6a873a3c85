"""A page's view, declared once: a list of :class:`Field`, as TensorFlow Playground's ``state.ts`` lists its PROPS.

A field is one part of the view (the task, the seed, a switch): its default, the URL parameter that keeps it in a
link (or none), how that parameter's text is read (``parse``, which raises ValueError saying what it expected) and
written (``show``), what a value kept in the session may be (``ok``: anything a forged client could send fails it),
its widget with its range or options, label and help, and the hide group a teacher's stripped link can hide it with.
A :class:`View` is a page's fields under the page's own key prefix (``ex_`` the explorer, ``w_`` /window, ...), and
everything a page needs comes from it:

* ``V.K`` the session keys (``V.K.seed == "ex_seed"``), and any other keys the page keeps;
* :meth:`View.enter` reads the link once per session into those keys (a note for each value it could not use);
* :meth:`View.guard` puts back the default of every kept value that breaks its rule, with a note;
* :meth:`View.draw` draws a field's widget with its range, options, label and help;
* :meth:`View.write` keeps the URL current; :meth:`View.link` makes a link to the page and :meth:`View.open`
  hands a view to it (how one page sends a person to another: only through a link, never the other page's keys);
* :attr:`View.hideable` the controls a stripped link may hide (``hide=``, read by ``ui.share``).

A field whose options or default depend on others (the units a task offers) takes them from the view's *context*,
``context(values)`` (the task of ``values["seq"]``): it is read after the others, and a kept value the context does
not offer goes back to its default without a note (changing the task does that too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import urlencode

import streamlit as st

from ui.numbers import whole_number_input
from ui.safe import md
from ui.values import (
    choice,
    decimal_between,
    decimal_in,
    grid,
    int_in,
    is_flag,
    is_text,
    one_of,
    whole,
    whole_number,
)
from ui.values import flag as flag_text

KEEP = "session"  # every widget of the view keeps its value while the person visits another page
OPEN = "_open_link"  # a page asked to read its link again on its next run (View.open)


UNSET = object()  # a field whose link default is its default


def _anything(v) -> bool:
    return True


def _text(v) -> str:
    return str(v)


@dataclass(frozen=True)
class Field:
    """One part of a view. ``default``, ``options`` and ``parse_for`` may be functions of the view's context."""

    name: str  # the session key under the page's prefix
    default: object = None
    url: str | None = None  # the link's parameter; None: not kept in a link
    parse: Callable[[str], object] | None = None  # a link's text -> value; raises ValueError(what it expected)
    show: Callable[[object], str | None] = _text  # value -> the link's text; None leaves the parameter out
    ok: Callable[[object], bool] = _anything  # what a kept value may be
    options: Sequence | Callable | None = None  # the choices; options(ctx) None: the field does not apply
    parse_for: Callable | None = None  # ctx -> a parser, for a link's text whose choices depend on the context
    describe: str = ""  # what it is, in a note about the link: "time step"
    label: str = ""
    help: str | None = None
    format: Callable | None = None  # an option as the widget shows it
    widget: str = ""  # select_slider, slider, segmented, selectbox, radio, toggle, whole, text
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    hide: str | None = None  # the group of controls a stripped link hides it with
    link_default: object = UNSET  # what a link without the parameter gives, when not ``default`` (None: "not set")

    @property
    def depends(self) -> bool:
        return callable(self.options) or callable(self.default) or self.parse_for is not None

    def default_for(self, ctx=None):
        return self.default(ctx) if callable(self.default) else self.default

    def link_default_for(self, ctx=None):
        return self.default_for(ctx) if self.link_default is UNSET else self.link_default

    def options_for(self, ctx=None):
        return self.options(ctx) if callable(self.options) else self.options

    def allows(self, value, ctx=None) -> bool:
        """Whether ``value`` may be kept: its rule, and for a field that depends on the context, one of its
        options there."""
        if callable(self.options):
            opts = self.options_for(ctx)
            return opts is not None and one_of(opts)(value)
        return bool(self.ok(value))

    def read(self, raw: str, ctx=None):
        """A link's text as this field's value (raises ValueError saying what it expected)."""
        parse = self.parse_for(ctx) if self.parse_for is not None else self.parse
        return parse(raw)


# --- the kinds of field -------------------------------------------------------------------------------------------


def choice_field(
    name: str,
    options: Sequence[str],
    default: str | None = None,
    *,
    url: str | None = None,
    in_link: Mapping[str, str] | None = None,
    **kw,
) -> Field:
    """One of ``options``; ``in_link``: the word a link uses for each option, when not the option itself."""
    default = options[0] if default is None else default
    if in_link is None:
        parse, show = choice(tuple(options)), _text
    else:
        words = dict(in_link)
        back = {v: k for k, v in words.items()}
        parse = lambda s: words[choice(tuple(words))(s)]  # noqa: E731
        show = back.get
    return Field(name, default, url, parse, show, one_of(tuple(options)), tuple(options), **kw)


def with_options(f: Field, options: Sequence[str], default: str | None = None) -> Field:
    """A choice field offering other ``options`` (a page that offers more or fewer than another)."""
    opts = tuple(options)
    default = f.default if default is None else default
    return replace(f, default=default, options=opts, ok=one_of(opts), parse=choice(opts))


def whole_field(name: str, lo: int, hi: int, default: int | None = None, *, box: bool = False, **kw) -> Field:
    """A whole number from ``lo`` to ``hi``; ``box``: drawn as a number box (the seeds), which the browser may send as
    a float with no fraction (7.0)."""
    default = lo if default is None else default
    rule = whole_number(lo, hi) if box else whole(lo, hi)
    widget = kw.pop("widget", "whole" if box else "")
    return Field(name, default, kw.pop("url", None), int_in(lo, hi), _text, rule, lo=lo, hi=hi, widget=widget, **kw)


def decimal_field(name: str, lo: float, hi: float, step: float, default: float, **kw) -> Field:
    """A decimal from ``lo`` to ``hi`` on a slider's grid of ``step``."""
    show = lambda v: f"{v:g}"  # noqa: E731
    return Field(
        name,
        default,
        kw.pop("url", None),
        decimal_in(lo, hi, step),
        show,
        decimal_between(lo, hi),
        lo=lo,
        hi=hi,
        step=step,
        widget="slider",
        **kw,
    )


def grid_field(name: str, options: Sequence[float], default: float, what: str, **kw) -> Field:
    """One of ``options`` (numbers), written in a link as the page shows them ("%g")."""
    show = lambda v: f"{v:g}"  # noqa: E731
    opts = tuple(options)
    return Field(name, default, kw.pop("url", None), grid(opts, what), show, one_of(opts), opts, **kw)


def flag_field(name: str, default: bool = False, **kw) -> Field:
    """A switch; a link holds it only when on (``name=1``), so links stay short."""
    show = lambda v: "1" if v else None  # noqa: E731
    return Field(name, default, kw.pop("url", None), flag_text, show, is_flag, widget="toggle", **kw)


def text_field(name: str, default: str = "", **kw) -> Field:
    return Field(name, default, kw.pop("url", None), _text, _text, is_text, widget="text", **kw)


def state_field(name: str, default, ok: Callable[[object], bool]) -> Field:
    """A value the page keeps that no link holds and no widget of the view draws (a quiz's progress)."""
    return Field(name, default, ok=ok)


# --- a page's view -----------------------------------------------------------------------------------------------


class Keys:
    """``Keys("ex_", "seq", "arch")`` gives ``.seq == "ex_seq"``, ``.arch == "ex_arch"``; ``keys("text_chars")``
    prefixes a name made at run time."""

    def __init__(self, prefix: str, *names: str):
        self.prefix = prefix
        for name in names:
            setattr(self, name, prefix + name)

    def __call__(self, name: str) -> str:
        return self.prefix + name


@dataclass(frozen=True)
class View:
    """A page's view: its fields under ``prefix``, the other session keys it keeps (``keys``: widgets and panels
    that are not part of a link), the groups of controls a stripped link may hide (``hideable``: group -> what it
    hides, as a teacher reads it), ``context(values)`` for fields that depend on others, and the page's URL path."""

    prefix: str
    fields: tuple[Field, ...]
    keys: tuple[str, ...] = ()
    hideable: Mapping[str, str] = field(default_factory=dict)
    context: Callable | None = None
    page: str = ""

    def __post_init__(self):
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.prefix}: a field is declared twice")

    @cached_property
    def K(self) -> Keys:
        return Keys(self.prefix, *(f.name for f in self.fields), *self.keys)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.prefix}: no field {name!r}")

    def key(self, name: str) -> str:
        return self.prefix + name

    def get(self, name: str):
        """The kept value of a field (its default, in context, when nothing is kept yet)."""
        key = self.key(name)
        if key in st.session_state:
            return st.session_state[key]
        f = self.field(name)
        return f.default_for(self._context({}) if f.depends else None)

    def keep_defaults(self, *names: str, ctx=None) -> None:
        """Put each field's default under its key where nothing is kept yet (before drawing a widget that is given
        no value of its own)."""
        for name in names:
            st.session_state.setdefault(self.key(name), self.field(name).default_for(ctx))

    def _context(self, values: Mapping[str, object]):
        return None if self.context is None else self.context(values)

    # --- the link -------------------------------------------------------------------------------------------------

    def read_link(self) -> tuple[dict, list[str]]:
        """The view a link names: every field's value (its default where the link has none or one it cannot use)
        and a note for each value it could not use. Fields that depend on the context come last."""
        values, notes = {}, []
        ctx = None
        for dependent in (False, True):
            if dependent:
                ctx = self._context(values)
            for f in self.fields:
                if f.depends != dependent or f.url is None:
                    continue
                if dependent and callable(f.options) and f.options_for(ctx) is None:
                    continue
                default = f.link_default_for(ctx)
                raw = st.query_params.get(f.url)
                if raw is None:
                    values[f.name] = default
                    continue
                try:
                    values[f.name] = f.read(raw, ctx)
                except ValueError as e:
                    values[f.name] = default
                    notes.append(
                        f"{f.url}={md(raw, 40)} in the link is not a valid {f.describe or f.url} ({md(e)}); "
                        f"using {md(default)}."
                    )
        return values, notes

    def enter(self, adapt: Callable[[dict, list[str]], dict] | None = None) -> bool:
        """On the page's first run in this session (or after :meth:`open`), read the link into the page's keys;
        True when it did. ``adapt(values, notes)`` turns the link's values into what the page keeps, when a value is
        not kept under its field's own key (it may add notes). The notes wait for :meth:`link_notes`."""
        entered = self.key("_entered")
        if st.session_state.get(entered) and st.session_state.get(OPEN) != self.prefix:
            return False
        if st.session_state.get(OPEN) == self.prefix:
            del st.session_state[OPEN]
        values, notes = self.read_link()
        if adapt is not None:
            values = adapt(values, notes)
        st.session_state.update({self.key(name): value for name, value in values.items()})
        st.session_state[self.key("_link_notes")] = list(notes)
        st.session_state[entered] = True
        return True

    def link_notes(self) -> list[str]:
        """The notes about the link, once: the next call returns none."""
        return st.session_state.pop(self.key("_link_notes"), [])

    def guard(self) -> list[str]:
        """Before the page draws its widgets: every kept value no browser could have sent (a forged client's NaN, a
        list, an option the page does not offer) goes back to its default, and a note says so; the session keeps
        working. A field that depends on the context goes back to the context's default without a note."""
        notes = []
        for f in self.fields:
            if f.depends:
                continue
            key = self.key(f.name)
            try:
                if key not in st.session_state or f.allows(st.session_state[key]):
                    continue
            except Exception:  # a value so broken that reading it fails
                pass
            st.session_state[key] = f.default
            notes.append(f"A value for {f.name} that this page does not offer was ignored; using {f.default}.")
        dependent = [f for f in self.fields if f.depends]
        if dependent:
            ctx = self._context({f.name: self.get(f.name) for f in self.fields if not f.depends})
            for f in dependent:
                key = self.key(f.name)
                applies = key in st.session_state and f.options_for(ctx) is not None
                if applies and not f.allows(st.session_state[key], ctx):
                    st.session_state[key] = f.default_for(ctx)
        return notes

    def write(self, **values) -> None:
        """Put these fields' values in the URL, touching only parameters whose text changed; None (or a value the
        field leaves out of links, such as a switch that is off) takes a parameter out."""
        for name, v in values.items():
            f = self.field(name)
            write_param(f.url, None if v is None else f.show(v))

    def link(self, **values) -> str:
        """A link to this view's page, relative (``unroll?seq=chars&t=3``), so it also works under a base path."""
        return f"{self.page}?{urlencode(self.params(**values))}"

    def params(self, **values) -> dict[str, str]:
        """These fields' values as a link's query parameters."""
        out = {}
        for name, v in values.items():
            f = self.field(name)
            text = None if v is None else f.show(v)
            if text is not None:
                out[f.url] = text
        return out

    def open(self, **values) -> None:
        """Send the person to this view's page showing these values: it reads them as a link (its own keys are its
        own to set)."""
        st.session_state[OPEN] = self.prefix
        st.switch_page(f"app_pages/{self.page}.py", query_params=self.params(**values))

    # --- the controls ---------------------------------------------------------------------------------------------

    def draw(self, name: str, where=None, *, ctx=None, **kw):
        """Draw the field's widget in ``where`` (the page by default), keeping its value under the field's key with
        ``persist_state``; ``kw`` overrides the field's label, help, or adds a widget's own arguments."""
        f = self.field(name)
        where = st if where is None else where
        label = kw.pop("label", f.label)
        options = kw.pop("options", None) or f.options_for(ctx)
        widget = kw.pop("widget", f.widget)
        args = {"key": self.key(name), "help": kw.pop("help", f.help)}
        if kw.pop("persist", True):
            args["persist_state"] = KEEP
        if f.format is not None and "format_func" not in kw:
            args["format_func"] = f.format
        args |= kw
        if widget == "select_slider":
            return where.select_slider(label, options, **args)
        if widget == "slider":
            return where.slider(label, f.lo, f.hi, step=f.step, **args)
        if widget == "segmented":
            return where.segmented_control(label, options, **({"required": True} | args))
        if widget == "selectbox":
            return where.selectbox(label, options, **args)
        if widget == "radio":
            return where.radio(label, options, **({"horizontal": True} | args))
        if widget == "toggle":
            return where.toggle(label, **args)
        if widget == "whole":
            return whole_number_input(where, label, int(f.lo), int(f.hi), **args)
        if widget == "text":
            return where.text_input(label, **args)
        raise ValueError(f"{self.prefix}{name}: no widget")


def write_param(name: str, text: str | None) -> None:
    """Set one URL parameter to ``text`` (None takes it out), touching the URL only when it changes."""
    if text is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def renamed(f: Field, name: str, **changes) -> Field:
    """A shared field under another name (and URL parameter, label...) for a page that keeps two of its kind."""
    return replace(f, name=name, **changes)


def show_notes(notes: Sequence[str]) -> None:
    """Say which values from the link were not used (once: the next rerun no longer shows them), with projector
    mode's own (``ui.present``)."""
    for note in list(notes) + st.session_state.pop("_present_notes", []):
        st.warning(note, icon="🔗")

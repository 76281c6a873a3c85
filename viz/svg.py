"""One plotly figure as SVG a browser can show without plotly (for ``viz.scene``, which puts a figure per step
together).

Coordinates. A figure stretches to its container as plotly's does: y is in pixels from the top of the figure
(its height is fixed), x in percent of the plot area, whose width the browser knows. So the items of a frame
go into an ``<svg>`` placed ``l`` px from the left and ``r`` px short of the right edge (the margins), with
``overflow: visible`` for what sits in the margins (row labels, tick labels, the colour bar). Lengths across x
that must stay in pixels use CSS ``calc()`` (arrow shafts) or a nested ``<svg x="..%">`` anchor (text, heads).

Only what the explorer's figures use is converted: rect (also sized in px: ``xsizemode`` "pixel"), line and
path shapes; annotations with plotly's text markup (``<b>``, ``<i>``, ``<br>``, ``<span style='color:..'>``),
``textangle`` 0 or -90 and arrows; heatmaps (with a colour bar), horizontal bars (with text and a hatch
pattern), invisible hover markers; axis ticks, grid lines, titles. Hover text becomes an SVG ``<title>`` (the
browser's tooltip). All text is escaped: nothing a person typed can become markup. Each item is one element,
named (``data-name``) after the plotly shape or annotation it comes from.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence

import numpy as np

from viz import colors
from viz.text import text_px

ID = "@ID@"  # stands for a frame's id in element ids (gradients, patterns); ``viz.scene`` fills it in
LINE = 1.3  # plotly's line spacing, in font sizes
ARROWHEADS = {  # plotly's arrowhead paths (src/components/annotations/arrow_paths.js) and how far back they reach
    1: ("M-2.4,-3V3L0.6,0Z", 0.6),
    2: ("M-3.7,-2.5V2.5L1.3,0Z", 1.3),
    3: ("M-4.45,-3L-1.65,-0.2V0.2L-4.45,3L1.55,0Z", 1.55),
}
DASHES = {"dot": (1, 1), "dash": (3, 3), "longdash": (5, 5), "dashdot": (3, 1, 1, 1), "longdashdot": (5, 2, 1, 2)}
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\([0-9.,\s%]+\)|[a-zA-Z]+)$")
MARKUP = re.compile(r"(<br\s*/?>|</?b>|</?i>|</?sub>|</?sup>|</span>|<span\s+style\s*=\s*(['\"])(.*?)\2\s*>)", re.I)
TEMPLATE = re.compile(r"%\{(\w+)(?::([^}]*))?\}")


# --- small helpers -----------------------------------------------------------------------------------


def num(v: float, digits: int = 2) -> str:
    """A number for SVG: rounded, no trailing zeros, no "-0"."""
    s = f"{float(v):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def esc(s) -> str:
    """Text for HTML/SVG content or a double-quoted attribute."""
    return html.escape(str(s), quote=True)


def colour(c, fallback: str = colors.TEXT) -> str:
    """A CSS colour from a figure, or ``fallback`` when it does not look like one (never raw markup)."""
    c = str(c).strip() if c is not None else ""
    return c if c and COLOUR.match(c) else fallback


def array(x) -> np.ndarray:
    """A plotly array from ``fig.to_dict()``: a list, a numpy array or a typed array ``{'dtype', 'bdata'}``."""
    if isinstance(x, dict) and "bdata" in x:
        a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
        shape = x.get("shape")
        return a.reshape([int(s) for s in str(shape).split(",")]) if shape else a
    return np.asarray(x)


def scale_colours(z: np.ndarray, zmin: float, zmax: float, scale: Sequence) -> list[list[str | None]]:
    """Colours of ``z`` (any shape) on a plotly colorscale, interpolated in RGB as plotly does; None for NaN."""
    z = np.asarray(z, dtype=float)
    stops = np.array([float(s) for s, _ in scale])
    rgb = np.array([_rgb(c) for _, c in scale], dtype=float)  # (n, 3)
    u = np.clip((z - zmin) / ((zmax - zmin) or 1.0), 0.0, 1.0)
    chans = [np.interp(u, stops, rgb[:, i]) for i in range(3)]
    out = np.full(z.shape, None, dtype=object)
    ok = np.isfinite(z)
    for idx in zip(*np.nonzero(ok), strict=True):
        out[idx] = "#" + "".join(f"{math.floor(float(ch[idx]) + 0.5):02x}" for ch in chans)  # as Math.round
    return out.tolist()


def _rgb(c: str) -> tuple[int, int, int]:
    c = c.strip()
    if c.startswith("#"):
        h = c[1:]
        if len(h) == 3:
            h = "".join(2 * ch for ch in h)
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    m = re.match(r"rgba?\(([^)]*)\)", c)
    if m:
        r, g, b = (float(v) for v in m.group(1).split(",")[:3])
        return int(r), int(g), int(b)
    raise ValueError(f"cannot read colour {c!r}")


def fill_template(template: str, values: dict) -> str:
    """plotly's ``%{name:format}`` for a hover text (d3 formats like ``.6f`` and ``.4%`` read as Python's)."""
    template = re.sub(r"<extra>.*?</extra>", "", template or "")

    def one(m):
        v = values.get(m.group(1), "")
        if m.group(2):
            try:
                return format(float(v), m.group(2))
            except (TypeError, ValueError):
                return str(v)
        return str(v)

    return TEMPLATE.sub(one, template)


def plain(text: str) -> str:
    """Markup text as plain text: tags dropped, ``<br>`` as a new line, entities read."""
    text = re.sub(r"<br\s*/?>", "\n", str(text), flags=re.I)
    return html.unescape(re.sub(r"</?(b|i|sub|sup|span)\b[^>]*>", "", text, flags=re.I))


def title_tag(hover) -> str:
    return f"<title>{esc(plain(hover))}</title>" if hover else ""


def runs(text: str) -> list[list[tuple[str, dict]]]:
    """plotly's text markup as lines of (text, style) runs; anything but the known tags stays text."""
    lines: list[list[tuple[str, dict]]] = [[]]
    stack: list[dict] = [{}]
    parts = MARKUP.split(str(text))
    i = 0
    while i < len(parts):
        part = parts[i]
        if i % 4 == 0:  # text between tags
            if part:
                lines[-1].append((html.unescape(part), dict(stack[-1])))
            i += 1
            continue
        tag = part.lower()
        style = parts[i + 2]
        i += 3
        if tag.startswith("<br"):
            lines.append([])
        elif tag.startswith("</"):
            if len(stack) > 1:
                stack.pop()
        else:
            top = dict(stack[-1])
            if tag == "<b>":
                top["bold"] = True
            elif tag == "<i>":
                top["italic"] = True
            elif tag in ("<sub>", "<sup>"):
                top["shift"] = "sub" if tag == "<sub>" else "super"
            elif tag.startswith("<span"):
                m = re.search(r"color\s*:\s*([^;]+)", style or "")
                if m:
                    top["color"] = colour(m.group(1), top.get("color", colors.TEXT))
                if re.search(r"font-weight\s*:\s*bold", style or ""):
                    top["bold"] = True
            stack.append(top)
    return lines


def tspans(line: list[tuple[str, dict]]) -> str:
    out = []
    for s, style in line:
        attrs = []
        if style.get("bold"):
            attrs.append('font-weight="bold"')
        if style.get("italic"):
            attrs.append('font-style="italic"')
        if "color" in style:
            attrs.append(f'fill="{style["color"]}"')
        if style.get("shift"):
            attrs.append(f'baseline-shift="{style["shift"]}" font-size="70%"')
        out.append(f"<tspan {' '.join(attrs)}>{esc(s)}</tspan>" if attrs else esc(s))
    return "".join(out)


# --- one figure ---------------------------------------------------------------------------------------


class Figure:
    """A plotly figure (``fig.to_dict()``) and how its coordinates map onto the SVG."""

    def __init__(self, fig: dict):
        self.data = fig.get("data", [])
        self.L = L = fig.get("layout", {})
        m = L.get("margin", {})
        self.H = float(L.get("height") or 450)
        self.t, self.b = float(m.get("t", 100)), float(m.get("b", 80))
        self.l, self.r = float(m.get("l", 80)), float(m.get("r", 80))
        self.pad = float(m.get("pad", 0))
        self.font = L.get("font", {})
        self.xa, self.ya = L.get("xaxis", {}), L.get("yaxis", {})
        self.xlog, self.ylog = self.xa.get("type") == "log", self.ya.get("type") == "log"
        self.xr = self._range(self.xa, "x")
        self.yr = self._range(self.ya, "y")
        self.ph = self.H - self.t - self.b
        self.b = self._auto_bottom()
        self.ph = self.H - self.t - self.b
        self.l = self._auto_left()
        self.r = self._auto_right()

    def _range(self, axis: dict, letter: str) -> tuple[float, float]:
        if axis.get("range"):
            a, b = axis["range"]
            return float(a), float(b)
        xs = []
        for tr in self.data:  # a heatmap's cells: -0.5 .. n-0.5
            if tr.get("type") == "heatmap":
                z = array(tr["z"])
                n = z.shape[1] if letter == "x" else z.shape[0]
                return -0.5, n - 0.5
            xs += [float(v) for v in array(tr.get(letter, []))]
        if axis.get("type") == "log":  # a log axis's range is in decades
            xs = [math.log10(v) for v in xs if v > 0 and math.isfinite(v)]
        xs = [v for v in xs if math.isfinite(v)]
        return (min(xs), max(xs)) if xs else (0.0, 1.0)

    def _auto_bottom(self) -> float:
        """plotly's automargin on the x axis: room for the tick labels and the axis title."""
        xa = self.xa
        if not xa.get("automargin") or not self.tick_texts(xa) or float(xa.get("tickangle") or 0):
            return self.b
        need = self.pad + 3 + LINE * self.tick_size(xa)
        title = xa.get("title") or {}
        if title.get("text"):
            need += float(title.get("standoff", 0)) + LINE * self.title_size(title)
        return max(self.b, math.ceil(need))

    def _auto_left(self) -> float:
        """plotly's automargin on the y axis: room for the tick labels and the axis title."""
        ya = self.ya
        if not ya.get("automargin") or not self.tick_texts(ya):
            return self.l
        size = self.tick_size(ya)
        need = max(text_px(plain(s), size) for _, s in self.tick_texts(ya)) + self.pad + 6
        if (ya.get("title") or {}).get("text"):
            need += 1.6 * (ya["title"].get("font", {}).get("size") or self.font.get("size", 14))
        return max(self.l, math.ceil(need))

    def _auto_right(self) -> float:
        """plotly widens the right margin for a colour bar that does not fit (unless ``autoexpand`` is off)."""
        if (self.L.get("margin") or {}).get("autoexpand") is False:
            return self.r
        need = self.r
        for tr in self.data:
            if tr.get("type") != "heatmap" or tr.get("showscale") is False:
                continue
            cb = tr.get("colorbar") or {}
            size = float((cb.get("tickfont") or {}).get("size") or self.font.get("size", 12))
            labels = cb.get("ticktext") or ["-0.5"]
            widest = max(text_px(plain(s), size) for s in labels)
            beyond = (float(cb.get("x", 1.02)) - 1) * 400  # the bar sits this far right of the plot (~400 px wide)
            ticks = 5 if cb.get("ticks") == "outside" else 0
            need = max(need, beyond + 2 * float(cb.get("xpad", 10)) + float(cb.get("thickness", 30)) + ticks + widest)
        return math.ceil(need)

    # x: percent of the plot width; y: px from the top of the figure
    @staticmethod
    def _log(v: float) -> float:
        v = float(v)
        return math.log10(v) if v > 0 else math.nan

    def title_size(self, title: dict) -> float:
        return float((title.get("font") or {}).get("size") or self.font.get("size", 14))

    def x(self, v: float, ref: str = "x") -> float:
        if ref == "paper":
            return 100.0 * float(v)
        if self.xlog:
            v = self._log(v)
        a, b = self.xr
        return 100.0 * (float(v) - a) / ((b - a) or 1.0)

    def y(self, v: float, ref: str = "y") -> float:
        if ref == "paper":
            return self.t + (1.0 - float(v)) * self.ph
        if ref == "container":
            return (1.0 - float(v)) * self.H
        if self.ylog:
            v = self._log(v)
        a, b = self.yr
        return self.t + (b - float(v)) / ((b - a) or 1.0) * self.ph

    def tick_size(self, axis: dict) -> float:
        return float((axis.get("tickfont") or {}).get("size") or self.font.get("size", 12))

    def tick_texts(self, axis: dict) -> list[tuple[float, str]]:
        if axis.get("visible") is False or axis.get("showticklabels") is False:
            return []
        vals = axis.get("tickvals")
        if vals is None:
            return []
        texts = axis.get("ticktext") or [str(v) for v in vals]
        return [(float(v), str(s)) for v, s in zip(array(vals).tolist(), texts, strict=False)]


def text_el(
    x: str,
    y: float,
    text: str,
    *,
    size: float,
    fill: str,
    anchor: str = "middle",
    angle: float = 0.0,
    dx: float = 0.0,
    extra: str = "",
    hover=None,
    name: str | None = None,
) -> str:
    """Text centred (vertically) on ``y`` px, anchored at ``x`` (an SVG length such as "12.5%") plus ``dx`` px."""
    lines = runs(text)
    n = len(lines)
    attrs = f'font-size="{num(size)}" fill="{fill}" dominant-baseline="central"' + extra
    nm = f' data-name="{esc(name)}"' if name else ""
    if angle:
        body = "".join(
            f'<tspan x="0" y="{num((i - (n - 1) / 2) * LINE * size)}">{tspans(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        return (
            f'<svg x="{x}" y="{num(y)}" overflow="visible"{nm}><text transform="translate({num(dx)},0) '
            f'rotate({num(angle)})" text-anchor="{anchor}" {attrs}>{body}{title_tag(hover)}</text></svg>'
        )
    body = "".join(
        f'<tspan x="{x}" dx="{num(dx)}" y="{num(y + (i - (n - 1) / 2) * LINE * size)}">{tspans(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" {attrs}{nm}>{body}{title_tag(hover)}</text>'


def _opacity(o) -> str:
    return f' opacity="{num(o, 3)}"' if o is not None and float(o) < 1 else ""


def _stroke(line: dict | None, default_width: float = 2.0, default_color: str = "#444") -> str:
    line = line or {}
    w = float(line.get("width", default_width) if line.get("width") is not None else default_width)
    if w <= 0:
        return ' stroke="none"'
    out = f' stroke="{colour(line.get("color"), default_color)}" stroke-width="{num(w)}"'
    dash = line.get("dash")
    if dash in DASHES:
        d = max(w, 3.0)
        out += f' stroke-dasharray="{",".join(num(k * d) for k in DASHES[dash])}"'
    return out


# shapes


def shape(F: Figure, s: dict) -> str | None:
    kind = s.get("type", "rect")
    xref, yref = _ref(s.get("xref", "x")), _ref(s.get("yref", "y"))
    name = f' data-name="{esc(s["name"])}"' if s.get("name") else ""
    op = _opacity(s.get("opacity"))
    if kind == "rect" and s.get("xsizemode") == "pixel":  # x0, x1 in px from x = xanchor: a width in px
        X = F.x(s.get("xanchor", 0), xref)
        a, b = sorted((float(s["x0"]), float(s["x1"])))
        y0, y1 = F.y(s["y0"], yref), F.y(s["y1"], yref)
        fill = colour(s.get("fillcolor"), "none") if s.get("fillcolor") else "none"
        return (
            f'<rect style="x: calc({num(X, 3)}% + {num(a)}px); width: {num(b - a)}px" y="{num(min(y0, y1))}" '
            f'height="{num(abs(y1 - y0))}" fill="{fill}"{_stroke(s.get("line"))}{op}{name}/>'
        )
    if kind in ("rect", "line"):
        x0, x1 = F.x(s["x0"], xref), F.x(s["x1"], xref)
        y0, y1 = F.y(s["y0"], yref), F.y(s["y1"], yref)
        if kind == "line":
            return (
                f'<line x1="{num(x0, 3)}%" x2="{num(x1, 3)}%" y1="{num(y0)}" y2="{num(y1)}"'
                f"{_stroke(s.get('line'))}{op}{name}/>"
            )
        fill = colour(s.get("fillcolor"), "none") if s.get("fillcolor") else "none"
        return (
            f'<rect x="{num(min(x0, x1), 3)}%" width="{num(abs(x1 - x0), 3)}%" y="{num(min(y0, y1))}" '
            f'height="{num(abs(y1 - y0))}" fill="{fill}"{_stroke(s.get("line"))}{op}{name}/>'
        )
    if kind == "path":
        return path_el(F, s.get("path", ""), xref, yref, s, op + name)
    return None


def _ref(r: str) -> str:
    r = str(r or "x")
    return "paper" if r == "paper" else ("y" if r.startswith("y") else "x")


def path_el(F: Figure, d: str, xref: str, yref: str, s: dict, extra: str) -> str:
    """An SVG path in data coordinates: x in the plot's own units through a stretched viewBox, y in px, and a
    stroke that does not stretch."""
    tokens = re.findall(r"[MLCQZHVmlcqzhv]|-?[\d.]+(?:e[-+]?\d+)?", d)
    out, xy = [], 0  # xy: the next number is an x (0) or a y (1)
    a, b = F.xr
    for tok in tokens:
        if tok.isalpha():
            out.append(tok.upper())
            xy = 0
            continue
        v = float(tok)
        out.append(num(F.x(v, xref) / 100 * (b - a), 4) if xy == 0 else num(F.y(v, yref)))
        xy = 1 - xy
    fill = colour(s.get("fillcolor"), "none") if s.get("fillcolor") else "none"
    width = num(b - a, 6)
    return (
        f'<svg width="100%" height="{num(F.H)}" viewBox="0 0 {width} {num(F.H)}" preserveAspectRatio="none" '
        f'overflow="visible"{extra}><path d="{" ".join(out)}" fill="{fill}"{_stroke(s.get("line"))} '
        f'vector-effect="non-scaling-stroke"/></svg>'
    )


# annotations


def annotation(F: Figure, a: dict) -> str:
    xref, yref = _ref(a.get("xref", "x")), _ref(a.get("yref", "y"))
    font = a.get("font") or {}
    size = float(font.get("size") or F.font.get("size", 12))
    fill = colour(font.get("color") or F.font.get("color"))
    X, Y = F.x(a.get("x", 0), xref), F.y(a.get("y", 0), yref)
    parts = []
    if a.get("showarrow") and a.get("arrowwidth", 1):
        parts.append(arrow(F, a, X, Y, xref, yref))
    text = str(a.get("text") or "")
    if text.strip():
        parts.append(_annotation_text(F, a, text, X, Y, size, fill))
    name = f' data-name="{esc(a["name"])}"' if a.get("name") else ""
    return f"<g{_opacity(a.get('opacity'))}{name}>{''.join(parts)}</g>"


def _annotation_text(F: Figure, a: dict, text: str, X: float, Y: float, size: float, fill: str) -> str:
    """The annotation's text placed as plotly places its box: anchored by ``xanchor``/``yanchor``, shifted by
    ``xshift``/``yshift``, horizontal or reading bottom to top (``textangle`` -90)."""
    box_h = (len(runs(text)) - 1) * LINE * size + 1.25 * size + 4  # the lines, plotly's 1 px pad and 1 px border
    xanchor, yanchor = a.get("xanchor", "center"), a.get("yanchor", "middle")
    dx, cy = float(a.get("xshift") or 0), Y - float(a.get("yshift") or 0)
    angle = float(a.get("textangle") or 0)
    if angle == -90:  # the text's start is at the bottom of its box
        anchor = {"bottom": "start", "top": "end"}.get(yanchor, "middle")
        cy += {"bottom": -2.0, "top": 2.0}.get(yanchor, 0.0)
        dx += {"left": box_h / 2, "right": -box_h / 2}.get(xanchor, 0.0)
    else:
        anchor = {"left": "start", "right": "end"}.get(xanchor, "middle")
        dx += {"left": 2.0, "right": -2.0}.get(xanchor, 0.0)
        cy += {"bottom": -box_h / 2, "top": box_h / 2}.get(yanchor, 0.0)
    extra = ""
    if a.get("bgcolor") and colour(a["bgcolor"], "") not in ("", "rgba(0,0,0,0)"):  # a halo in the box's colour
        extra = f' stroke="{colour(a["bgcolor"])}" stroke-width="{num(0.3 * size)}" paint-order="stroke"'
    pos = {"size": size, "fill": fill, "anchor": anchor, "angle": angle, "dx": dx, "extra": extra}
    return text_el(f"{num(X, 3)}%", cy, text, **pos, hover=a.get("hovertext"))


def arrow(F: Figure, a: dict, X: float, Y: float, xref: str, yref: str) -> str:
    """plotly's annotation arrow: a shaft from the tail (ax, ay) to the head at (x, y), pulled back so that the
    arrowhead's tip, not the shaft's square end, reaches the head."""
    colr = colour(a.get("arrowcolor"), "#444")
    w = float(a.get("arrowwidth") or 1)
    head, back = ARROWHEADS.get(int(a.get("arrowhead", 1) or 0), (None, 0.0))
    s = w * float(a.get("arrowsize") or 1)
    pull = back * s + float(a.get("standoff") or 0)
    at_head = f'<svg x="{num(X, 3)}%" y="{num(Y)}" overflow="visible">'
    if a.get("axref", "pixel") == "pixel":  # the tail is an offset in px from the head: all in px around it
        ax, ay = float(a.get("ax", -10)), float(a.get("ay", -30))
        angle = math.atan2(-ay, -ax)
        ex, ey = -pull * math.cos(angle), -pull * math.sin(angle)
        line = f'x1="{num(ax)}" y1="{num(ay)}" x2="{num(ex)}" y2="{num(ey)}"'
        shaft = f'{at_head}<line {line} stroke="{colr}" stroke-width="{num(w)}"/></svg>'
        angle = math.degrees(angle)
    else:
        tx, ty = F.x(a.get("ax", 0), _ref(a.get("axref"))), F.y(a.get("ay", 0), _ref(a.get("ayref")))
        if abs(ty - Y) < 1e-6:  # horizontal: the shaft's length in px is known only to the browser
            right = X >= tx
            lo, hi = (tx, X) if right else (X, tx)
            x = f"{num(lo, 3)}%" if right else f"calc({num(lo, 3)}% + {num(pull)}px)"
            style = f"x: {x}; width: max(0px, calc({num(hi - lo, 3)}% - {num(pull)}px))"
            shaft = f'<rect y="{num(Y - w / 2)}" height="{num(w)}" style="{style}" fill="{colr}"/>'
            angle = 0.0 if right else 180.0
        elif abs(tx - X) < 1e-9:  # vertical: all in px
            down = Y >= ty
            end = Y - pull if down else Y + pull
            style = f"x: calc({num(X, 3)}% - {num(w / 2)}px); width: {num(w)}px"
            shaft = f'<rect y="{num(min(ty, end))}" height="{num(abs(end - ty))}" style="{style}" fill="{colr}"/>'
            angle = 90.0 if down else -90.0
        else:  # any other direction: the head points as it would on a plot 1000 px wide
            angle = math.degrees(math.atan2(Y - ty, (X - tx) * 10.0))
            shaft = (
                f'<line x1="{num(tx, 3)}%" y1="{num(ty)}" x2="{num(X, 3)}%" y2="{num(Y)}" stroke="{colr}" '
                f'stroke-width="{num(w)}"/>'
            )
    if not head:
        return shaft
    return (
        f'{shaft}{at_head}<path d="{head}" fill="{colr}" '
        f'transform="rotate({num(angle)}) translate({num(-back * s)},0) scale({num(s, 3)})"/></svg>'
    )


# traces


def heatmap(F: Figure, tr: dict, index: int) -> tuple[list[str], list[str]]:
    """One item per column of cells (so a step can show or fade a whole column), and the colour bar."""
    z = array(tr["z"]).astype(float)
    if z.ndim == 1:
        z = z[None, :]
    R, C = z.shape
    xe = _edges(tr.get("x"), C)
    ye = _edges(tr.get("y"), R)
    zmin = float(tr.get("zmin", np.nanmin(z) if np.isfinite(z).any() else 0))
    zmax = float(tr.get("zmax", np.nanmax(z) if np.isfinite(z).any() else 1))
    scale = tr.get("colorscale") or colors.DIVERGING
    fills = scale_colours(z, zmin, zmax, scale)
    text = tr.get("text")
    template = tr.get("hovertemplate")
    xgap, ygap = float(tr.get("xgap") or 0), float(tr.get("ygap") or 0)
    op = _opacity(tr.get("opacity"))
    items = []
    for c in range(C):
        cells = []
        x0, x1 = F.x(xe[c]), F.x(xe[c + 1])
        for r in range(R):
            if fills[r][c] is None:
                continue
            ya, yb = sorted((F.y(ye[r]), F.y(ye[r + 1])))
            inset = max(0.0, (ygap - xgap) / 2)
            hover = ""
            if template:
                vals = {"z": z[r, c], "text": text[r][c] if text is not None else "", "x": c, "y": r}
                hover = f"<title>{esc(plain(fill_template(template, vals)))}</title>"
            gap = f' stroke="{colors.BACKGROUND}" stroke-width="{num(xgap)}"' if xgap else ""
            cells.append(
                f'<rect x="{num(min(x0, x1), 3)}%" width="{num(abs(x1 - x0), 3)}%" y="{num(ya + inset)}" '
                f'height="{num(max(0.0, yb - ya - 2 * inset))}" fill="{fills[r][c]}"{gap}>{hover}</rect>'
            )
        if cells:
            items.append(f"<g{op}>{''.join(cells)}</g>")
    bar = []
    if tr.get("showscale", True) is not False:
        bar = colorbar(F, tr.get("colorbar") or {}, zmin, zmax, scale, index)
    return items, bar


def _edges(v, n: int) -> np.ndarray:
    """Cell edges from plotly's x (or y): n + 1 edges as given, n centres (midpoints between), or none (0..n-1)."""
    if v is None:
        return np.arange(n + 1) - 0.5
    a = array(v).astype(float)
    if len(a) == n + 1:
        return a
    if len(a) == 1:
        return np.array([a[0] - 0.5, a[0] + 0.5])
    mid = (a[1:] + a[:-1]) / 2
    return np.concatenate([[a[0] - (mid[0] - a[0])], mid, [a[-1] + (a[-1] - mid[-1])]])


def _spaced(marks: list[tuple[float, str]], gap: float) -> list[tuple[float, str]]:
    """The tick marks ``(y, label)`` whose labels keep ``gap`` px apart on a short bar (a one-unit strip's): the
    two ends first, then each inner one that has room, top to bottom."""
    marks = sorted(marks)
    if len(marks) <= 2:
        return marks[:1] if len(marks) == 2 and marks[1][0] - marks[0][0] < gap else marks
    ends = [marks[0], marks[-1]] if marks[-1][0] - marks[0][0] >= gap else [marks[0]]
    kept = list(ends)
    for m in marks[1:-1]:
        if all(abs(m[0] - k[0]) >= gap for k in kept):
            kept.append(m)
    return sorted(kept)


def colorbar(F: Figure, cb: dict, zmin: float, zmax: float, scale: Sequence, index: int) -> list[str]:
    """plotly's colour bar: a gradient, its outline, ticks outside and a title on top."""
    thick = float(cb.get("thickness", 30))
    xpad, ypad = float(cb.get("xpad", 10)), float(cb.get("ypad", 10))
    length = float(cb.get("len", 1)) * (F.ph if cb.get("lenmode", "fraction") == "fraction" else 1.0)
    cy = F.y(float(cb.get("y", 0.5)), "paper")
    yanchor = cb.get("yanchor", "middle")
    top = {"top": cy, "bottom": cy - length}.get(yanchor, cy - length / 2)
    title = cb.get("title") or {}
    tsize = float((title.get("font") or {}).get("size") or F.font.get("size", 12))
    tsz = float((cb.get("tickfont") or {}).get("size") or F.font.get("size", 12))
    ticklen = 5.0 if cb.get("ticks") == "outside" else 0.0
    title_h = LINE * tsize + 2 if title.get("text") else 0.0
    if title_h and text_px(plain(title["text"]), tsize) > thick + ticklen + 3:  # over the top tick label: above it
        title_h += tsz / 2
    y0, y1 = top + ypad + title_h, top + length - ypad
    xo = F.x(float(cb.get("x", 1.02)), "paper")
    left = xpad  # px right of x (xanchor left)
    gid = f"{ID}-cs{index}"
    stops = "".join(f'<stop offset="{num(float(s), 4)}" stop-color="{colour(c)}"/>' for s, c in scale)
    defs = f'<linearGradient id="{gid}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient>'
    outline = _stroke({"color": cb.get("outlinecolor", "#444"), "width": cb.get("outlinewidth", 1)})
    bar = f'x="{num(left)}" y="{num(y0)}" width="{num(thick)}" height="{num(y1 - y0)}"'
    parts = [f'<rect {bar} fill="url(#{gid})"{outline}/>']
    tcol = colour((cb.get("tickfont") or {}).get("color"))
    vals = cb.get("tickvals")
    texts = cb.get("ticktext")
    if vals is None:
        vals = np.linspace(zmin, zmax, 5).tolist()
        texts = [f"{v:g}" for v in vals]
    marks = [
        (y1 - (float(v) - zmin) / ((zmax - zmin) or 1) * (y1 - y0), s)
        for v, s in zip(vals, texts or [f"{v:g}" for v in vals], strict=False)
    ]
    for yy, s in _spaced(marks, LINE * tsz):
        if ticklen:
            parts.append(
                f'<line x1="{num(left + thick)}" x2="{num(left + thick + ticklen)}" y1="{num(yy)}" y2="{num(yy)}" '
                f'stroke="{tcol}" stroke-width="1"/>'
            )
        parts.append(text_el("0", yy, s, size=tsz, fill=tcol, anchor="start", dx=left + thick + ticklen + 3))
    if title.get("text"):
        parts.append(
            text_el(
                "0",
                top + ypad + (LINE * tsize + 2) / 2 - 1,
                title["text"],
                size=tsize,
                fill=colour((title.get("font") or {}).get("color")),
                anchor="start",
                dx=left,
            )
        )
    body = "".join(parts)
    return [f'<svg x="{num(xo, 3)}%" y="0" overflow="visible" data-name="colorbar">{defs}{body}</svg>']


def bars(F: Figure, tr: dict, index: int) -> list[str]:
    """Horizontal bars: one item per bar, with its outside text and hatch."""
    if tr.get("orientation") != "h":
        raise ValueError("only horizontal bars are converted")
    xs = [float(v) for v in array(tr["x"]).tolist()]
    ys = [float(v) for v in array(tr["y"]).tolist()]
    n = len(xs)
    width = 1.0 - float(F.L.get("bargap", 0.2))
    mk = tr.get("marker") or {}
    fills = _per_point(mk.get("color"), n, colors.BAR)
    line = mk.get("line") or {}
    lcols = _per_point(line.get("color"), n, colors.BAR)
    lw = float(line.get("width", 0) or 0)
    pat = mk.get("pattern") or {}
    shapes = _per_point(pat.get("shape"), n, "")
    texts = tr.get("text") or [""] * n
    tf = tr.get("textfont") or {}
    tsize = float(tf.get("size") or F.font.get("size", 12))
    tcol = colour(tf.get("color"))
    custom = tr.get("customdata")
    items = []
    for i in range(n):
        x0, x1 = F.x(0), F.x(xs[i])
        ya, yb = sorted((F.y(ys[i] - width / 2), F.y(ys[i] + width / 2)))
        geom = f'x="{num(min(x0, x1), 3)}%" width="{num(abs(x1 - x0), 3)}%" y="{num(ya)}" height="{num(yb - ya)}"'
        hover = ""
        if tr.get("hovertemplate"):
            vals = {"x": xs[i], "y": ys[i], "customdata": custom[i] if custom is not None else "", "text": texts[i]}
            hover = title_tag(fill_template(tr["hovertemplate"], vals))
        stroke = f' stroke="{colour(lcols[i])}" stroke-width="{num(lw)}"' if lw else ""
        part = f'<rect {geom} fill="{colour(fills[i])}"{stroke}>{hover}</rect>'
        if shapes[i] == "/":
            part += f'<rect {geom} fill="url(#{ID}-hatch{index})" pointer-events="none"/>'
        if texts[i]:
            part += text_el(
                f"{num(max(x0, x1), 3)}%", (ya + yb) / 2, texts[i], size=tsize, fill=tcol, anchor="start", dx=3 + lw / 2
            )
        items.append(f'<g data-bar="{i}">{part}</g>')
    return items


def hatch_def(tr: dict, index: int) -> str:
    """plotly's "/" fill pattern (size 8, lines of solidity x size px) laid over a bar."""
    pat = (tr.get("marker") or {}).get("pattern") or {}
    size, solid = float(pat.get("size", 8)), float(pat.get("solidity", 0.3))
    v = size * math.sqrt(2)
    q, h = num(v / 4), num(v / 2)
    d = f"M-{q},{q}l{h},-{h}M0,{num(v)}L{num(v)},0M{num(3 * v / 4)},{num(5 * v / 4)}l{h},-{h}"
    op = pat.get("fgopacity", 0.5 if pat.get("fillmode") == "overlay" else 1.0)
    return (
        f'<pattern id="{ID}-hatch{index}" patternUnits="userSpaceOnUse" width="{num(v)}" height="{num(v)}">'
        f'<path d="{d}" stroke="{colour(pat.get("fgcolor"))}" stroke-width="{num(solid * size)}" opacity="{num(op)}"/>'
        "</pattern>"
    )


def _per_point(v, n: int, default):
    if v is None:
        return [default] * n
    if isinstance(v, (list, tuple)):
        return list(v) + [default] * (n - len(v))
    return [v] * n


def hover_markers(F: Figure, tr: dict) -> list[str]:
    """Invisible square markers that only carry a hover text: transparent squares with a ``<title>``."""
    mk = tr.get("marker") or {}
    size = float(mk.get("size") or 6)
    hovers = tr.get("hovertext") or []
    out = []
    for x, y, h in zip(array(tr.get("x", [])).tolist(), array(tr.get("y", [])).tolist(), hovers, strict=False):
        if not h:
            continue
        square = f'x="{num(-size / 2)}" y="{num(-size / 2)}" width="{num(size)}" height="{num(size)}"'
        out.append(
            f'<svg x="{num(F.x(x), 3)}%" y="{num(F.y(y))}" overflow="visible">'
            f'<rect {square} fill="transparent">{title_tag(h)}</rect></svg>'
        )
    return out


def scatter(F: Figure, tr: dict) -> list[str]:
    """A line (broken where y is missing, as plotly's ``connectgaps`` off) and its markers, one item each:
    filled circles or ``circle-open`` rings, each with its hover text."""
    xs = [float(v) for v in array(tr.get("x", [])).tolist()]
    ys = [float(v) if v is not None else math.nan for v in array(tr.get("y", [])).tolist()]
    ok = [math.isfinite(F.x(x)) and math.isfinite(F.y(y)) for x, y in zip(xs, ys, strict=False)]
    mode = str(tr.get("mode") or "lines+markers")
    op = _opacity(tr.get("opacity"))
    items = []
    if "lines" in mode:
        d, pen = [], "M"
        for x, y, good in zip(xs, ys, ok, strict=False):
            if good:
                d.append(f"{pen}{x:.10g},{y:.10g}")
                pen = "L"
            else:
                pen = "M"
        if d:
            items.append(path_el(F, "".join(d), "x", "y", {"line": tr.get("line")}, op))
    if "markers" in mode:
        mk = tr.get("marker") or {}
        r = float(mk.get("size") or 6) / 2
        col = colour(mk.get("color"), "#444")
        if str(mk.get("symbol", "circle")).endswith("-open"):
            ring = mk.get("line") or {}
            paint = f'fill="none"{_stroke({"color": ring.get("color", col), "width": ring.get("width", 1)})}'
        else:
            paint = f'fill="{col}"'
        template = tr.get("hovertemplate") if tr.get("hoverinfo") != "skip" else None
        for x, y, good in zip(xs, ys, ok, strict=False):
            if not good:
                continue
            hover = title_tag(fill_template(template, {"x": f"{x:g}", "y": y})) if template else ""
            items.append(
                f'<svg x="{num(F.x(x), 3)}%" y="{num(F.y(y))}" overflow="visible"{op}>'
                f'<circle r="{num(r)}" {paint}>{hover}</circle></svg>'
            )
    return items


# axes and title


def axes(F: Figure) -> tuple[list[str], list[str]]:
    """Grid lines (drawn under the data) and tick labels and axis titles (drawn over it)."""
    grid, labels = [], []
    xa, ya = F.xa, F.ya
    bottom = F.t + F.ph
    if xa.get("visible") is not False:
        for v, _ in F.tick_texts(xa) if xa.get("showgrid") else []:
            grid.append(_vline(F.x(v), F.t, bottom, colour(xa.get("gridcolor"), "#eee"), 1))
        if xa.get("showline"):
            grid.append(_hline(bottom, colour(xa.get("linecolor"), "#444")))
        if xa.get("zeroline") and F.xr[0] <= 0 <= F.xr[1]:
            grid.append(_vline(F.x(0), F.t, bottom, colour(xa.get("zerolinecolor"), "#444"), 1))
        size = F.tick_size(xa)
        fill = colour((xa.get("tickfont") or {}).get("color") or F.font.get("color"))
        angle = float(xa.get("tickangle") or 0)
        for v, s in F.tick_texts(xa):
            if angle == -90:
                labels.append(
                    text_el(f"{num(F.x(v), 3)}%", bottom + F.pad + 3, s, size=size, fill=fill, anchor="end", angle=-90)
                )
            else:
                labels.append(text_el(f"{num(F.x(v), 3)}%", bottom + F.pad + 3 + 0.6 * size, s, size=size, fill=fill))
        title = xa.get("title") or {}
        if title.get("text") and F.tick_texts(xa) and not angle:
            tsize = F.title_size(title)
            y = bottom + F.pad + 3 + LINE * size + float(title.get("standoff", 0)) + 0.6 * tsize
            labels.append(text_el("50%", y, title["text"], size=tsize, fill=colour(F.font.get("color"))))
    if ya.get("visible") is not False:
        for v, _ in F.tick_texts(ya) if ya.get("showgrid") else []:
            grid.append(_hline(F.y(v), colour(ya.get("gridcolor"), "#eee")))
        if ya.get("showline"):
            grid.append(_vline(0, F.t, bottom, colour(ya.get("linecolor"), "#444"), 1))
        size = F.tick_size(ya)
        fill = colour((ya.get("tickfont") or {}).get("color") or F.font.get("color"))
        for v, s in F.tick_texts(ya):
            labels.append(text_el("0", F.y(v), s, size=size, fill=fill, anchor="end", dx=-(F.pad + 3)))
        title = ya.get("title") or {}
        if title.get("text") and F.tick_texts(ya):
            tsize = float((title.get("font") or {}).get("size") or F.font.get("size", 14))
            widest = max(text_px(plain(s), size) for _, s in F.tick_texts(ya))
            labels.append(
                text_el(
                    "0",
                    F.t + F.ph / 2,
                    title["text"],
                    size=tsize,
                    fill=colour(F.font.get("color")),
                    angle=-90,
                    dx=-(F.pad + 6 + widest + 0.7 * tsize),
                )
            )
    return grid, labels


def _hline(y: float, col: str) -> str:
    return f'<line x1="0%" x2="100%" y1="{num(y)}" y2="{num(y)}" stroke="{col}" stroke-width="1"/>'


def _vline(x: float, y0: float, y1: float, col: str, w: float) -> str:
    xs = f'x1="{num(x, 3)}%" x2="{num(x, 3)}%"'
    return f'<line {xs} y1="{num(y0)}" y2="{num(y1)}" stroke="{col}" stroke-width="{num(w)}"/>'


def title(F: Figure) -> list[str]:
    t = F.L.get("title") or {}
    if not t.get("text"):
        return []
    font = t.get("font") or {}
    size = float(font.get("size") or 1.2 * F.font.get("size", 14))
    pad = t.get("pad") or {}
    dx = float(pad.get("l", 0))
    if t.get("xref") == "container" and float(t.get("x", 0.5)) == 0:  # the figure's left edge, l px left of the plot
        x, dx = 0.0, dx - F.l
    else:  # read as xref "paper" (the plot's width), as the other figures set it
        x = F.x(float(t.get("x", 0.5)), "paper")
    lines = len(runs(t["text"]))
    # yanchor "top": plotly hangs one line from pad.t by its cap height, but puts the first of several lines'
    # baseline at pad.t (0.7 em higher); the other lines follow (text_el centres the lines on y)
    first = float(pad.get("t", 0)) + 0.62 * size - (0.7 * size if lines > 1 else 0.0)
    y = first + (lines - 1) / 2 * LINE * size if t.get("yanchor") == "top" else F.t / 2
    anchor = {"left": "start", "right": "end"}.get(t.get("xanchor"), "middle")
    return [
        text_el(
            f"{num(x, 3)}%",
            y,
            t["text"],
            size=size,
            fill=colour(font.get("color")),
            anchor=anchor,
            dx=dx,
            name="title",
        )
    ]


def as_dict(fig) -> dict:
    """A figure as plain dicts, read as they are: a ``go.Figure``'s own data and layout (only read here, never
    changed; ``to_dict()`` would deep-copy them and encode every array, most of the time it takes), or a dict."""
    if isinstance(getattr(fig, "_data", None), list) and isinstance(getattr(fig, "_layout", None), dict):
        return {"data": fig._data, "layout": fig._layout}
    return fig.to_dict() if hasattr(fig, "to_dict") else fig


def figure_frame(fig) -> dict:
    """One figure as a frame: ``{"h", "l", "r", "defs", "items"}`` with its items in plotly's drawing order."""
    fig = as_dict(fig)
    F = Figure(fig)
    L = F.L
    defs: list[str] = []
    below, traces, above, over = [], [], [], []
    for s in L.get("shapes") or []:
        el = shape(F, s)
        if el:
            (below if s.get("layer") == "below" else above).append(el)
    for i, tr in enumerate(F.data):
        kind = tr.get("type", "scatter")
        if tr.get("visible") is False:
            continue
        if kind == "heatmap":
            cells, bar = heatmap(F, tr, i)
            traces += cells
            over += bar
        elif kind == "bar":
            if any(s == "/" for s in _per_point(((tr.get("marker") or {}).get("pattern") or {}).get("shape"), 1, "")):
                defs.append(hatch_def(tr, i))
            traces += bars(F, tr, i)
        elif kind == "scatter" and tr.get("hovertext"):
            traces += hover_markers(F, tr)
        elif kind == "scatter":
            traces += scatter(F, tr)
    grid, labels = axes(F)
    annotations = [annotation(F, a) for a in L.get("annotations") or []]
    items = grid + below + traces + above + labels + over + annotations + title(F)
    return {"h": int(round(F.H)), "l": int(round(F.l)), "r": int(round(F.r)), "defs": "".join(defs), "items": items}

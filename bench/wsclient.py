"""A headless Streamlit client over the real websocket protocol: many sessions at once, no browser.

    import asyncio
    from bench.wsclient import Session        # with the repository root on sys.path (tests/conftest.py puts it)

    async def main():
        async with Session(8501) as s:
            run = await s.open("/training?seq=chars&seed=0")
            print(run.seconds, run.exceptions, run.metrics["Training loss"])
            step = await s.click("tr_step")         # a button, inside its fragment, as a browser clicks it
            again = await s.rerun()                 # a plain full rerun

    asyncio.run(main())

What a browser does, and what this client copies (streamlit 1.67: ``web/server/starlette/starlette_websocket.py``,
``proto/BackMsg.proto``, ``proto/ClientState.proto``, the frontend's ``App.sendRerunBackMsg``):

1. Open ``ws://HOST:PORT/_stcore/stream`` with the subprotocol ``streamlit`` (the frontend also puts an XSRF token
   and a previous session id in that header; both are optional).
2. The server creates the session and waits. The client asks for a run: a ``BackMsg`` whose ``rerun_script`` is a
   ``ClientState`` with the ``query_string`` (no ``?``) and, on the first run, ``page_name`` = the URL path without
   its leading slash (``training``; empty for the default page) and an empty ``page_script_hash``. ``st.navigation``
   resolves the page from that name.
3. The server streams ``ForwardMsg``\\ s: ``new_session`` (once per run), ``navigation`` (the pages and the hash of
   the one running), ``delta``\\ s (elements, at ``metadata.delta_path``; a Components v2 element is a
   ``bidi_component`` carrying its data as JSON), ``page_info_changed`` (the URL's query string after
   ``st.query_params`` writes), and finally ``script_finished``. A run that ``st.rerun()`` cuts short
   ends with ``FINISHED_EARLY_FOR_RERUN`` and the next run follows on its own.
4. Later runs send ``page_script_hash`` (from ``navigation``), the current query string, the widget states and, as
   the browser does, the hashes of large messages already received (``cached_message_hashes``): the server then
   sends a ``ref_hash`` in their place, which this client resolves from its own copy.

Widget states: the browser sends every widget's value with each rerun; this client sends only the widgets it
changes. The server treats the two alike: a widget missing from a rerun keeps its value
(``SessionState._compact_state`` keeps the old values, and only the widgets named are overwritten). A button press
is a ``trigger_value`` on the button's id, sent with the button's ``fragment_id`` when it sits inside a fragment,
so only that fragment reruns. ``auto_rerun`` requests (``st.fragment(run_every=...)``) are not acted on.

Every run is bounded by a timeout; the client only ever connects where it is told (meant for 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
WIDGETS = {
    "bidi_component",  # a Components v2 element: its state is a widget's (set it with json_value=...)
    "button",
    "button_group",
    "checkbox",
    "number_input",
    "radio",
    "selectbox",
    "slider",
    "text_input",
    "text_area",
    "multiselect",
    "color_picker",
    "date_input",
    "time_input",
    "chat_input",
}
MAX_CACHED = 500  # large messages kept per session for ref_hash, oldest dropped first


@dataclass
class Widget:
    id: str
    type: str
    fragment_id: str  # "" when not inside a fragment


@dataclass
class Run:
    """What one script run (and any runs ``st.rerun()`` chained to it) sent, and how long it took."""

    what: str  # "open /training?seq=chars", "rerun", "click tr_step", ...
    seconds: float = float("nan")  # request sent -> the last script_finished
    status: str = "pending"  # ok, timeout, closed, compile_error
    exceptions: list[str] = field(default_factory=list)  # "Type: message" of every exception element
    texts: list[str] = field(default_factory=list)  # markdown, captions, headings, alerts, metrics, in order
    alerts: list[str] = field(default_factory=list)  # st.error / warning / info / success bodies
    metrics: dict[str, str] = field(default_factory=dict)  # label -> value
    progress: list[str] = field(default_factory=list)  # the text of every progress-bar update
    first_progress: float = float("nan")  # seconds until the first progress bar arrived
    charts: dict[str, float] = field(default_factory=dict)  # chart/component key -> seconds until it first arrived
    specs: dict[str, str] = field(default_factory=dict)  # chart key -> its plotly JSON; component key -> its data
    page_not_found: bool = False
    query_string: str = ""  # the URL's query string when the run ended
    n_msgs: int = 0
    n_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok" and not self.exceptions and not self.page_not_found

    @property
    def showed_progress(self) -> bool:
        return bool(self.progress)

    def errors(self) -> list[str]:
        """Everything that went wrong, for an assertion message."""
        out = [f"status {self.status}"] if self.status != "ok" else []
        return out + (["page not found"] if self.page_not_found else []) + self.exceptions


def user_key(element_id: str) -> str:
    """The ``key=`` a widget or chart was given: streamlit's ids are ``$$ID-<hash>-<key>`` (``-None`` without one)."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[2] != "None" else ""


class Session:
    """One browser tab: a websocket to ``127.0.0.1:port`` (or ``host``), one Streamlit session."""

    def __init__(self, port: int, host: str = "127.0.0.1", *, timeout: float = 120.0, headers: dict | None = None):
        self.headers = headers or {}  # e.g. a Cookie a sticky proxy routes on
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.origin = f"http://{host}:{port}"
        self.timeout = timeout
        self.ws = None
        self.session_id = ""
        self.page_script_hash = ""
        self.query_string = ""
        self.path = "/"
        self.widgets: dict[str, Widget] = {}  # user key -> widget, from the latest runs
        self.cache: OrderedDict[str, ForwardMsg] = OrderedDict()  # hash -> large message, as the browser keeps

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        self.ws = await asyncio.wait_for(
            connect(
                self.url,
                subprotocols=["streamlit"],
                additional_headers=self.headers,
                max_size=None,
                open_timeout=self.timeout,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 10)
            except (TimeoutError, ConnectionClosed, OSError):
                pass
            self.ws = None

    # --- what a person does ---------------------------------------------------------------------------------------

    async def open(self, link: str, timeout: float | None = None) -> Run:
        """Open ``link`` (``/training?seq=chars``) as a fresh tab does: the page by its URL path."""
        parts = urlsplit(link)
        self.path = parts.path or "/"
        self.query_string = parts.query
        self.page_script_hash = ""
        return await self._run(f"open {link}", page_name=self.path.strip("/"), timeout=timeout)

    async def rerun(self, timeout: float | None = None) -> Run:
        """A plain full rerun, widget values unchanged (as pressing R in the browser)."""
        return await self._run("rerun", timeout=timeout)

    async def click(self, key: str, timeout: float | None = None) -> Run:
        """Press the button drawn with ``key=key``; only its fragment reruns when it sits in one."""
        w = self._widget(key)
        return await self._run(
            f"click {key}", states={w.id: {"trigger_value": True}}, fragment_id=w.fragment_id, timeout=timeout
        )

    async def set(self, key: str, timeout: float | None = None, **value) -> Run:
        """Change a widget's value; ``value`` names its WidgetState field, e.g. ``set("ex_seed", int_value=3)``,
        ``set("ex_t", double_array_value=[2])``, ``set("ex_rolled", bool_value=True)``."""
        w = self._widget(key)
        return await self._run(f"set {key}", states={w.id: value}, fragment_id=w.fragment_id, timeout=timeout)

    def _widget(self, key: str) -> Widget:
        if key not in self.widgets:
            raise KeyError(f"no widget with key {key!r}; known: {sorted(self.widgets)}")
        return self.widgets[key]

    # --- the protocol -----------------------------------------------------------------------------------------------

    def _back_msg(self, page_name: str, states: dict, fragment_id: str) -> bytes:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_script_hash
        if not self.page_script_hash:
            cs.page_name = page_name
        cs.fragment_id = fragment_id
        cs.cached_message_hashes.extend(self.cache.keys())
        cs.context_info.timezone = "UTC"
        cs.context_info.timezone_offset = 0
        cs.context_info.locale = "en-US"
        cs.context_info.url = f"{self.origin}{self.path}" + (f"?{self.query_string}" if self.query_string else "")
        for wid, value in states.items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            for name, v in value.items():
                target = getattr(w, name)
                if hasattr(target, "data"):  # DoubleArray, SInt64Array, StringArray
                    target.data.extend(v)
                else:
                    setattr(w, name, v)
        return msg.SerializeToString()

    async def _run(
        self, what: str, *, page_name: str = "", states: dict | None = None, fragment_id: str = "", timeout=None
    ) -> Run:
        run = Run(what)
        timeout = self.timeout if timeout is None else timeout
        t0 = time.perf_counter()
        deadline = t0 + timeout
        try:
            await self.ws.send(self._back_msg(page_name, states or {}, fragment_id))
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError
                raw = await asyncio.wait_for(self.ws.recv(), left)
                if self._handle(raw, run, t0):
                    break
        except TimeoutError:
            run.status = "timeout"
        except ConnectionClosed:
            run.status = "closed"
        run.seconds = time.perf_counter() - t0
        run.query_string = self.query_string
        return run

    def _handle(self, raw: bytes, run: Run, t0: float) -> bool:
        """Record one ForwardMsg into ``run``; True when the run is over."""
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        run.n_msgs += 1
        run.n_bytes += len(raw)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                return False
            msg, kind = cached, "delta"
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
            while len(self.cache) > MAX_CACHED:
                self.cache.popitem(last=False)
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            run.page_not_found = True
        elif kind == "delta":
            self._element(msg, run, t0)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                run.status = "compile_error"
                return True
            if status in DONE:
                run.status = "ok"
                return True
        return False

    def _element(self, msg: ForwardMsg, run: Run, t0: float) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        e = getattr(el, kind)
        if kind in WIDGETS and e.id:
            key = user_key(e.id)
            if key:
                self.widgets[key] = Widget(e.id, kind, delta.fragment_id)
        if kind == "exception":
            run.exceptions.append(f"{e.type}: {e.message}")
        elif kind in ("markdown", "heading", "text"):
            run.texts.append(e.body)
        elif kind == "alert":
            run.alerts.append(e.body)
            run.texts.append(e.body)
        elif kind == "metric":
            run.metrics[e.label] = e.body
            run.texts.append(f"{e.label}: {e.body}")
        elif kind == "progress":
            if not run.progress:
                run.first_progress = time.perf_counter() - t0
            run.progress.append(e.text)
        elif kind in ("plotly_chart", "bidi_component"):  # a chart, or a Components v2 element and its data
            key = user_key(e.id) or f"{kind}{len(run.charts)}"
            run.charts.setdefault(key, time.perf_counter() - t0)
            run.specs[key] = e.spec if kind == "plotly_chart" else (e.json or e.mixed.json)


# --- many sessions at once ----------------------------------------------------------------------------------------


async def open_together(
    port: int, links: list[str], *, stagger: float = 0.0, timeout: float = 120.0, host: str = "127.0.0.1"
) -> list[Run]:
    """Open every link in its own session and close them all; every session connects first, then the i-th asks for
    its page ``i * stagger`` seconds after the first (0: all at the same moment, as tabs opened by a script; a class
    clicking a shared link spreads over a second or two)."""
    sessions = [Session(port, host, timeout=timeout) for _ in links]

    async def go(i: int, s: Session, link: str) -> Run:
        await asyncio.sleep(i * stagger)
        return await s.open(link)

    try:
        await asyncio.gather(*(s.connect() for s in sessions))
        return list(
            await asyncio.gather(*(go(i, s, link) for i, (s, link) in enumerate(zip(sessions, links, strict=True))))
        )
    finally:
        await asyncio.gather(*(s.close() for s in sessions))


async def open_one(port: int, link: str, *, timeout: float = 120.0, host: str = "127.0.0.1") -> Run:
    async with Session(port, host, timeout=timeout) as s:
        return await s.open(link)

// Unrolled's stepper: step through time in the browser, with no server run per step.
//
// Every instance on the page that names the same `group` shares one step t (1-based).
//   role "controls": the buttons, the slider, the keys (Left/Right/Home/End, Space to play), autoplay, the
//                    URL's t, and telling the server t (setStateValue) once stepping pauses.
//   role "svg":      a chart drawn by Python for every step (viz/scene.py); shows step t's pieces.
//   role "html":     per-step HTML and LaTeX (KaTeX, Streamlit's own copy); shows step t's.
//   role "share":    the address bar's link (kept current as the steps change) with a Copy button, and the
//                    teacher's hide flags added to it.
// Panels draw only what they are given: all numbers, text and layout come from Python.

const REPORT_MS = 350; // tell the server t this long after the last step (never while playing)
const groups = new Map(); // group name -> shared state, see group()
const teardowns = new WeakMap(); // parentElement -> undo its previous invocation

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  // Streamlit calls us again with the same element when `data` changes, without running our cleanup
  // first: undo the previous invocation ourselves ("again": the element stays).
  teardowns.get(parentElement)?.(true);
  let root = parentElement.querySelector(":scope > .unr-root");
  if (!root) {
    root = document.createElement("div");
    parentElement.appendChild(root);
  }
  root.className = "unr-root" + (data.big ? " unr-big" : "");
  const g = group(data.group);
  const make = { controls, svg: svgPanel, html: htmlPanel, share: sharePanel }[data.role];
  const undo = make(root, g, data, setStateValue);
  const teardown = (again = false) => {
    undo(again);
    teardowns.delete(parentElement);
  };
  teardowns.set(parentElement, teardown);
  return teardown; // Streamlit calls it when the element goes (e.g. another page)
}

function group(name) {
  if (!groups.has(name)) {
    // t: the step shown; T: steps; views: every draw(t) of the group; scene and v: the server's id of what is
    // shown and the version of its t; synced: the t the server knows; n: report counter; report: setStateValue.
    // param: the URL parameter that holds t (none: the URL is left alone).
    // speed: autoplay's pace (1 = one step every play_ms); loop: start again after the last step.
    const url = new URL(location.href);
    const speed = Number(url.searchParams.get("speed"));
    groups.set(name, {
      t: null,
      T: 1,
      views: new Set(),
      scene: null,
      v: null,
      synced: null,
      n: 0,
      playing: null,
      speed: SPEEDS.includes(speed) ? speed : 1,
      loop: url.searchParams.get("loop") === "1",
    });
  }
  return groups.get(name);
}

// Show step t everywhere in the group, right now (the browser paints it in the next frame).
function show(g, t, report = true) {
  t = Math.min(Math.max(1, Math.round(t)), g.T);
  if (t === g.t) return;
  g.t = t;
  for (const draw of g.views) draw(t);
  if (g.param) {
    const url = new URL(location.href);
    url.searchParams.set(g.param, String(t));
    history.replaceState(history.state, "", url); // a copied link is right at once
  }
  clearTimeout(g.timer);
  if (report && !g.playing) g.timer = setTimeout(() => sendReport(g), REPORT_MS);
}

function sendReport(g) {
  clearTimeout(g.timer);
  if (!g.report || g.t === g.synced) return;
  g.n = Math.max(Date.now(), g.n + 1); // a fresh value each time, so the server sees every report
  g.synced = g.t;
  g.report("step", { t: g.t, n: g.n }); // reruns only the controls' fragment, which redraws nothing
}

// --- controls -----------------------------------------------------------------------------------------

const ICONS = {
  first: "M18.41 16.59 13.82 12l4.59-4.59L17 6l-6 6 6 6zM6 6h2v12H6z",
  prev: "M15.41 7.41 14 6l-6 6 6 6 1.41-1.41L10.83 12z",
  play: "M8 5v14l11-7z",
  pause: "M6 19h4V5H6v14zm8-14v14h4V5h-4z",
  next: "M10 6 8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z",
  last: "M5.59 7.41 10.18 12l-4.59 4.59L7 18l6-6-6-6zM16 6h2v12h-2z",
};
const KEYS = { ArrowRight: "next", ArrowLeft: "prev", Home: "first", End: "last", " ": "play" };
const SPEEDS = [0.5, 1, 2, 4]; // autoplay speeds offered: times the page's pace

function icon(name) {
  return `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[name]}"/></svg>`;
}

function controls(root, g, data, setStateValue) {
  // A new scene, or a t the server set itself (a link, a new sequence; it bumps data.v): show the server's t.
  // Otherwise keep the step shown: reports do not change data, so they do not call us again.
  const fresh = g.scene !== data.scene || g.v !== data.v || g.t === null;
  g.scene = data.scene;
  g.v = data.v;
  g.T = data.T;
  g.report = setStateValue;
  g.param = data.url === undefined ? "t" : data.url;
  // keys: true (arrows, Space, Home, End), "shift" (with Shift held: where the page's own buttons have the plain
  // arrows and Space, e.g. /training's backward view) or false (none).
  const shift = data.keys === "shift";
  const keys = data.keys !== false;
  const what = data.what || "time step";
  const button = (go, label, hint, help) =>
    `<button type="button" data-go="${go}" title="${help}${keys ? ` (${hint})` : ""}">` +
    `${icon(go)}${label}${keys ? `<kbd>${hint}</kbd>` : ""}</button>`;
  const sh = shift ? "⇧" : "";
  root.innerHTML =
    `<div class="unr-controls">` +
    button("first", "", "Home", `First ${what}`) +
    button("prev", "", `${sh}←`, `Previous ${what}`) +
    button("play", "<span>Play</span>", `${sh}Space`, `Step through every ${what} on its own`) +
    button("next", "", `${sh}→`, `Next ${what}`) +
    button("last", "", "End", `Last ${what}`) +
    (g.T > 1
      ? `<label class="unr-slider"><span></span><output></output>` +
        `<input type="range" min="1" max="${g.T}" step="1"></label>`
      : `<span class="unr-one"></span>`) +
    `</div>` +
    `<div class="unr-extra"><span class="unr-speeds" role="group" aria-label="Autoplay speed">` +
    `<span class="unr-extra-label">Speed</span>` +
    SPEEDS.map((s) => `<button type="button" data-speed="${s}" title="Play at ${s}× speed">${s}×</button>`).join("") +
    `</span><label class="unr-loop" title="After the last ${what}, start again from the first">` +
    `<input type="checkbox"> Loop</label></div>`;
  // Words from Python go in as text, never as markup.
  const slider = root.querySelector(".unr-slider");
  slider?.setAttribute("title", data.help || `Drag to any ${what}; t counts from 1.`);
  if (slider) slider.querySelector("span").textContent = data.label || "Time step t";
  const one = root.querySelector(".unr-one");
  if (one) one.textContent = `${data.label || "Time step t"}: 1 of 1`;
  // Jumps: a button per named step (e.g. "Go to the clue"), [label, t, help] each.
  const jumps = (data.jumps || []).map(([label, t, help]) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "unr-jump";
    b.textContent = label;
    if (help) b.title = help;
    b.dataset.t = String(t);
    root.querySelector(".unr-extra").appendChild(b);
    return b;
  });
  const speeds = [...root.querySelectorAll("[data-speed]")];
  const loop = root.querySelector(".unr-loop input");
  const buttons = Object.fromEntries(
    [...root.querySelectorAll(".unr-controls button")].map((b) => [b.dataset.go, b]),
  );
  const range = root.querySelector(".unr-slider input");
  const output = root.querySelector("output");

  // Keep the controls in step with t (and with playing).
  const draw = (t) => {
    buttons.first.disabled = buttons.prev.disabled = t <= 1;
    buttons.next.disabled = buttons.last.disabled = t >= g.T;
    const playing = !!g.playing;
    buttons.play.classList.toggle("unr-primary", playing);
    buttons.play.querySelector("svg").outerHTML = icon(playing ? "pause" : "play");
    buttons.play.querySelector("span").textContent = playing ? "Pause" : "Play";
    for (const b of speeds) b.setAttribute("aria-pressed", String(Number(b.dataset.speed) === g.speed));
    loop.checked = g.loop;
    if (range) {
      range.value = String(t);
      output.textContent = String(t);
      range.parentElement.style.setProperty("--p", String((t - 1) / Math.max(1, g.T - 1)));
    }
  };

  const stop = () => {
    clearInterval(g.playing);
    g.playing = null;
    draw(g.t);
    sendReport(g);
  };
  const tick = () => {
    if (g.t >= g.T && g.loop) return show(g, 1, false);
    show(g, g.t + 1);
    if (g.t >= g.T && !g.loop) stop();
  };
  const play = () => {
    clearInterval(g.playing);
    g.playing = setInterval(tick, (data.play_ms || 900) / g.speed);
  };
  const keepInUrl = () => {
    if (!g.param) return; // only the page's main stepper keeps its pace in the link
    const url = new URL(location.href);
    if (g.speed === 1) url.searchParams.delete("speed");
    else url.searchParams.set("speed", String(g.speed));
    if (g.loop) url.searchParams.set("loop", "1");
    else url.searchParams.delete("loop");
    history.replaceState(history.state, "", url);
  };
  const go = (what) => {
    if (what === "play") {
      if (g.playing) return stop();
      if (g.t >= g.T) show(g, 1, false);
      play();
      return draw(g.t);
    }
    if (g.playing) stop();
    show(g, { first: 1, prev: g.t - 1, next: g.t + 1, last: g.T }[what]);
  };

  for (const b of Object.values(buttons)) {
    b.addEventListener("mousedown", (e) => e.preventDefault()); // a click leaves the focus where it was
    b.addEventListener("click", () => go(b.dataset.go));
  }
  for (const b of jumps) {
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      if (g.playing) stop();
      show(g, Number(b.dataset.t));
    });
  }
  for (const b of speeds) {
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      g.speed = Number(b.dataset.speed);
      if (g.playing) play();
      keepInUrl();
      draw(g.t);
    });
  }
  loop.addEventListener("change", () => {
    g.loop = loop.checked;
    keepInUrl();
    loop.blur(); // the keys go back to stepping
  });
  range?.addEventListener("input", () => {
    if (g.playing) stop();
    show(g, Number(range.value));
  });
  const onKey = (e) => {
    const what = KEYS[e.key];
    if (!what || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.composedPath()[0])) return;
    if (shift && !e.shiftKey && what !== "first" && what !== "last") return; // the page's own key
    e.preventDefault(); // the key is ours: no scrolling, no radio or button reacting to it as well
    go(what);
  };
  // "shift" listens first (capture), so a page's plain-arrow shortcut never sees a Shift+arrow meant for us
  if (keys) document.addEventListener("keydown", onKey, shift);

  g.views.add(draw);
  if (fresh) {
    g.synced = data.t;
    g.t = null;
    show(g, data.t, false);
  } else {
    draw(g.t);
    clearTimeout(g.timer); // in case the page went before the server heard of the step shown
    g.timer = setTimeout(() => sendReport(g), REPORT_MS);
  }
  return (again) => {
    document.removeEventListener("keydown", onKey, shift);
    g.views.delete(draw);
    clearInterval(g.playing);
    g.playing = null;
    if (!again) {
      clearTimeout(g.timer); // the page is going: nothing to tell it
      g.report = null;
    }
  };
}

// Whether the focused element takes the keys itself: a text box, a select, another slider, an open list.
// Anywhere else (the page, a button, a radio, our own slider) the keys step.
const PRESSED = ["button", "checkbox", "radio", "submit", "reset", "color", "file", "image"]; // inputs not typed in
const TYPED_ROLES = /^(textbox|searchbox|combobox|listbox|option|menu|menuitem|slider|spinbutton)$/;

function typing(el) {
  if (!(el instanceof Element) || el.closest(".unr-root")) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName === "INPUT") return !PRESSED.includes((el.getAttribute("type") || "text").toLowerCase());
  return TYPED_ROLES.test(el.getAttribute("role") || "");
}

// --- svg panel ----------------------------------------------------------------------------------------

function svgPanel(root, g, data) {
  // One <div><svg> per frame; an item drawn at only some steps sits in a <g> we show or hide.
  root.innerHTML = data.frames
    .map(
      (f) =>
        `<div class="unr-fig" style="height:${f.h}px" hidden>` +
        `<svg style="left:${f.l}px;width:calc(100% - ${f.l + f.r}px);height:${f.h}px">${f.defs}` +
        f.items.map((it) => (typeof it === "string" ? it : `<g display="none">${it[0]}</g>`)).join("") +
        `</svg></div>`,
    )
    .join("");
  const figs = [...root.children];
  const said = data.describe; // the view in words, and a sentence per step read out as it steps
  let live = null;
  if (said) {
    for (const fig of figs) {
      fig.firstChild.setAttribute("role", "img");
      fig.firstChild.setAttribute("aria-label", said.label);
    }
    live = document.createElement("p");
    live.className = "unr-sr";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    root.appendChild(live);
  }
  const toggled = data.frames.map((f, i) => {
    const kids = [...figs[i].firstChild.children].slice(f.defs ? 1 : 0);
    return f.items.flatMap((it, j) => (typeof it === "string" ? [] : [[kids[j], it[1], false]]));
  });
  let frame = -1;
  saveButtons(root, (as) => frame >= 0 && saveFigure(figs[frame], `unrolled-${data.name || "chart"}-t${g.t ?? 1}`, as));
  const draw = (t) => {
    const k = Math.min(t, data.at.length) - 1; // steps are 0-based here
    const fi = data.at[k];
    if (live && live.textContent !== said.steps[k]) live.textContent = said.steps[k];
    if (fi !== frame) {
      if (frame >= 0) figs[frame].hidden = true;
      figs[fi].hidden = false;
      frame = fi;
    }
    for (const item of toggled[fi]) {
      const on = item[1].some(([a, b]) => a <= k && k <= b);
      if (on !== item[2]) {
        item[0].setAttribute("display", on ? "inline" : "none");
        item[2] = on;
      }
    }
  };
  return panel(g, draw);
}

// Taking a chart away: the step shown, as a standalone SVG, or drawn into a canvas at twice its size as PNG.
// Nothing leaves the browser; the file is made from what the panel shows.
function saveButtons(root, save) {
  root.classList.add("unr-savable");
  root.insertAdjacentHTML(
    "beforeend",
    `<div class="unr-save" role="group" aria-label="Download this chart">` +
      `<button type="button" data-as="png" title="Download the chart of this step as PNG">PNG</button>` +
      `<button type="button" data-as="svg" title="Download the chart of this step as SVG">SVG</button></div>`,
  );
  root.lastChild.addEventListener("click", (e) => {
    const as = e.target.closest("button")?.dataset.as;
    if (as) save(as);
  });
}

const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_FONT = 'Arial, Helvetica, "DejaVu Sans", sans-serif'; // stepper.css gives the panels this font

function standalone(fig) {
  // The panel's <svg> sits at left l with width 100% - l - r and lets its labels overflow: nest a copy at the
  // same place in a white box the size of the whole figure, so its percentages resolve as on the page.
  const inner = fig.querySelector(":scope > svg");
  const box = fig.getBoundingClientRect();
  const ib = inner.getBoundingClientRect();
  const W = Math.round(box.width);
  const H = Math.round(box.height);
  const out = document.createElementNS(SVG_NS, "svg");
  const set = (el, attrs) => Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, String(v)));
  set(out, { width: W, height: H, viewBox: `0 0 ${W} ${H}`, "font-family": SVG_FONT });
  const bg = document.createElementNS(SVG_NS, "rect");
  set(bg, { width: "100%", height: "100%", fill: "#ffffff" });
  const copy = inner.cloneNode(true);
  copy.removeAttribute("style");
  set(copy, { x: ib.left - box.left, y: 0, width: ib.width, height: H, overflow: "visible" });
  out.append(bg, copy);
  return new XMLSerializer().serializeToString(out);
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function saveFigure(fig, name, as) {
  const svg = new Blob([standalone(fig)], { type: "image/svg+xml" });
  if (as === "svg") return download(svg, `${name}.svg`);
  const url = URL.createObjectURL(svg);
  const img = new Image();
  img.onload = () => {
    const scale = 2;
    const canvas = document.createElement("canvas");
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((png) => png && download(png, `${name}.png`), "image/png");
  };
  img.src = url;
}

function panel(g, draw) {
  g.views.add(draw);
  if (g.t !== null) draw(g.t);
  return () => g.views.delete(draw);
}

// --- share panel --------------------------------------------------------------------------------------

function sharePanel(root, g, data) {
  // The address bar's link as it is now (the stepper keeps t in it), plus the teacher's hide flags.
  root.innerHTML =
    `<div class="unr-share"><input type="text" readonly aria-label="Link to this view">` +
    `<button type="button">Copy link</button><span class="unr-copied" role="status"></span></div>`;
  const input = root.querySelector("input");
  const button = root.querySelector("button");
  const status = root.querySelector(".unr-copied");
  const hide = (data.hide || []).map(String);
  const link = () => {
    const url = new URL(location.href);
    if (hide.length) url.searchParams.set("hide", hide.join(","));
    else url.searchParams.delete("hide");
    return url.href;
  };
  const refresh = () => {
    if (document.activeElement !== input) input.value = link();
  };
  refresh();
  const timer = setInterval(refresh, 500);
  button.addEventListener("mousedown", (e) => e.preventDefault());
  button.addEventListener("click", async () => {
    input.value = link();
    let ok = false;
    try {
      await navigator.clipboard.writeText(input.value);
      ok = true;
    } catch {
      input.select(); // not a secure page (http on a school network): the old way
      ok = document.execCommand && document.execCommand("copy");
    }
    status.textContent = ok ? "Copied" : "Select the link and copy it (Ctrl+C)";
    setTimeout(() => (status.textContent = ""), 2500);
  });
  return () => clearInterval(timer);
}

// --- html panel ---------------------------------------------------------------------------------------

let katex = null; // Streamlit's KaTeX module, once loaded
let katexLoading = null;

function htmlPanel(root, g, data) {
  // parts: {html: [per step]} | {tex: [per step: [latex, ...]]} | {details: summary, parts: [...]}.
  // A step's nodes are made the first time it is shown (or when the browser is idle) and kept.
  const slots = [];
  const build = (parts, into) => {
    for (const p of parts) {
      if (p.details !== undefined) {
        const d = document.createElement("details");
        d.appendChild(document.createElement("summary")).textContent = p.details;
        into.appendChild(d);
        build(p.parts, d);
      } else {
        const slot = document.createElement("div");
        slot.className = p.tex ? "unr-tex" : "unr-html";
        into.appendChild(slot);
        slots.push({ el: slot, part: p, nodes: new Map(), shown: null });
      }
    }
  };
  root.innerHTML = "";
  build(data.parts, root);

  const node = (s, k) => {
    if (!s.nodes.has(k)) {
      const n = document.createElement("div");
      n.hidden = true;
      if (s.part.tex) {
        if (!katex) return null;
        const eq = (tex) => katex.renderToString(tex, { displayMode: true, throwOnError: false });
        n.innerHTML = s.part.tex[k].map((tex) => `<div class="unr-eq">${eq(tex)}</div>`).join("");
      } else {
        n.innerHTML = s.part.html[k];
      }
      s.el.appendChild(n);
      s.nodes.set(k, n);
    }
    return s.nodes.get(k);
  };
  let current = null;
  const draw = (t) => {
    const k = Math.min(t, data.T) - 1;
    current = k;
    for (const s of slots) {
      const n = node(s, k);
      if (s.shown && s.shown !== n) s.shown.hidden = true;
      if (n) n.hidden = false;
      s.shown = n;
    }
  };
  // Make the other steps' nodes while the browser is idle, so each step later is only a switch.
  let idle = null;
  let gone = false;
  const warm = (k = 0) => {
    idle = requestIdleCallback((deadline) => {
      while (k < data.T && deadline.timeRemaining() > 8) slots.forEach((s) => node(s, k)), k++;
      if (k < data.T) warm(k);
    });
  };
  const start = () => {
    if (gone) return;
    if (current !== null) draw(current + 1); // the LaTeX of the step shown, now that KaTeX is here
    warm();
  };
  if (katex || !data.parts.some(hasTex)) start();
  else (katexLoading ??= loadKatex(data.katex)).then(start);
  const undo = panel(g, draw);
  return () => {
    gone = true;
    cancelIdleCallback(idle);
    undo();
  };
}

function hasTex(p) {
  return p.tex !== undefined || (p.parts || []).some(hasTex);
}

// KaTeX from Streamlit's own static files, next to the page's main script. That module is KaTeX 0.18, which
// prefixes some class names ("katex-sizing"); the page's KaTeX styles (those st.latex uses) know them
// unprefixed, so the prefix is taken off.
const RENAMED = new RegExp(
  "\\bkatex-(accent|base|fix|hdashline|hline|inner|newline|overlay|overline|root|rule|sizing|smash|sout|" +
    "stretchy|strut|tag|thinbox|underline|vbox)\\b",
  "g",
);

async function loadKatex(file) {
  const main = document.querySelector('script[src*="/static/js/index."]');
  try {
    const mod = (await import(new URL(file, main ? main.src : location.href).href)).default;
    katex = { renderToString: (tex, opts) => mod.renderToString(tex, opts).replace(RENAMED, "$1") };
  } catch (err) {
    console.error("Unrolled: KaTeX did not load; showing the LaTeX source", err);
    const escape = (tex) => tex.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    katex = { renderToString: (tex) => `<pre class="unr-tex-source">${escape(tex)}</pre>` };
  }
}

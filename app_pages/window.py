"""Fixed window vs RNN on "I speak fluent ___": the lecture's case for recurrence, run live (url path ``window``).

Its view is ``ui.fluent.state.VIEW``; its sections are ``ui.fluent``'s.
"""

from __future__ import annotations

import streamlit as st

from rnn_core.experiments.window_vs_rnn import RNN_KINDS
from rnn_core.window import window_kind
from ui import downloads, present, share
from ui.explorer.trained import task_of
from ui.fluent.controls import controls, write_url
from ui.fluent.evidence import evidence_section
from ui.fluent.saliency import saliency_section
from ui.fluent.state import GROUP, VIEW
from ui.fluent.views import answers_section, demo_for, sentence_section, step_view
from ui.safe import md
from ui.schema import show_notes
from viz import labels

K = VIEW.K


def inside(demo, a, arch: str, big: bool) -> None:
    """The recurrent net stepping through the sentence, with predict-then-reveal and its download."""
    st.subheader(f"Inside the {labels.ARCH[arch]}: step through the sentence")
    st.caption(
        f"This {labels.ARCH[arch]} ({demo.settings.units} units, seed {demo.seed}) is the very model the explorer "
        f"opens for the words task with these settings: one recipe, one seed, the same numbers on both pages."
    )
    reveal = VIEW.draw("reveal")
    VIEW.write(reveal=reveal)
    step_view(demo, a, arch, big, K=K, group=GROUP, reveal=reveal)
    meta = downloads.meta_for(task_of("words"), demo.seed, demo.accuracy[arch])
    downloads.download_model(demo.numpy_net(arch), meta, K("dl"))


def main() -> None:
    VIEW.enter()
    forged = VIEW.guard()
    big = present.is_on()
    st.title("Fixed window vs RNN: I speak fluent ___")
    st.markdown(
        "A feedforward net has a **fixed input size**: it sees only the last k words. "
        "An RNN reads every word, one step at a time."
    )
    seed = int(st.session_state[K.seed])
    demo = demo_for(seed)
    if st.session_state[K.arch] not in RNN_KINDS:
        st.session_state[K.arch] = demo.best_gated
    show_notes(VIEW.link_notes() + forged)
    hide = share.flags()
    if "controls" in hide:
        text, k, arch = st.session_state[K.text], int(st.session_state[K.k]), st.session_state[K.arch]
    else:
        text, k, arch = controls(demo)
    write_url(text, k, arch, seed)
    a = demo.analyse(text)
    if a.message:
        (st.warning if not a.tokens or a.unknown_words else st.info)(md(a.message))
    if a.tokens:
        sentence_section(a, k, big)
        answers_section(a, [window_kind(k), *RNN_KINDS], demo.chance, big)
    if "evidence" not in hide:
        evidence_section(demo, k, a if a.tokens else None, big)
    if a.tokens and "saliency" not in hide:
        saliency_section(demo, text, a, k, arch, big)
    if a.tokens:
        inside(demo, a, arch, big)
    share.panel(VIEW)


main()

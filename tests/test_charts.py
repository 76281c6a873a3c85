"""ui/charts.py: a figure every session draws alike is built and turned into plotly's dict once per content, and what
st.plotly_chart sends for it is what the figure built afresh would send."""

import json

import numpy as np
import plotly.io
import plotly.tools

from rnn_core.tasks import get_task
from ui.charts import Built, built, png_name
from viz.signals import waveform_figure


def sent(fig) -> dict:
    """What st.plotly_chart sends for ``fig`` (its spec, as plotly.io writes it)."""
    return json.loads(plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, True), validate=False))


def audio():
    task = get_task("audio")
    ex = task.default
    wave = np.asarray(ex.media, dtype=float)
    return wave, task.sample_rate, len(wave) // ex.T, list(ex.x_labels)


def test_a_built_figure_sends_what_the_figure_built_afresh_sends():
    wave, rate, n, labels = audio()
    once = built(waveform_figure, wave, rate, n, frame_labels=labels, big=False)
    assert isinstance(once, Built)
    assert sent(once) == sent(waveform_figure(wave, rate, n, frame_labels=labels, big=False))
    assert sent(once) == sent(once)  # sending it does not change it


def test_the_same_content_gives_the_same_figure_and_other_content_another():
    wave, rate, n, labels = audio()
    a = built(waveform_figure, wave, rate, n, frame_labels=labels, big=False)
    assert built(waveform_figure, wave.copy(), rate, n, frame_labels=list(labels), big=False) is a
    assert built(waveform_figure, wave, rate, n, frame_labels=labels, big=True) is not a
    changed = wave.copy()
    changed[0] += 1.0
    assert built(waveform_figure, changed, rate, n, frame_labels=labels, big=False) is not a


def test_png_names_keep_only_safe_characters():
    assert png_name("tour/1: a<b>") == "unrolled-tour1ab"

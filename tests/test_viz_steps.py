"""viz.steps: a step's words and numbers as HTML, escaped."""

import numpy as np

from viz import steps


def test_heading_escapes_the_token():
    assert steps.heading(3, "l") == "<p><strong>Step t = 3</strong>: input x_3 = <strong>l</strong></p>"
    assert "&lt;script&gt;" in steps.heading(1, "<script>") and "<script>" not in steps.heading(1, "<script>")


def test_precision_table_has_a_row_per_unit_in_full_precision():
    html = steps.precision_table({"a [h]": np.array([0.1234567890123, -2.0]), "h_t": [1 / 3, 0.5]})
    assert html.count("<tr>") == 3  # the header and two units
    assert "<th>unit</th><th>a [h]</th><th>h_t</th>" in html
    assert "<tr><th>1</th><td>0.123456789</td><td>0.3333333333</td></tr>" in html  # units count from 1
    assert "<td>-2</td>" in html


def test_metrics_escape_label_value_and_help():
    html = steps.metrics([("Output y_1", "0.4972", 'What "it" <says>')])
    assert 'title="What &quot;it&quot; &lt;says&gt;"' in html and ">0.4972<" in html and ">Output y_1<" in html


def test_precision_columns_use_the_pages_names_once():
    from rnn_core.explain import step_terms
    from rnn_core.params import init_params
    from rnn_core.unroll import unroll

    rng = np.random.default_rng(0)
    for kind in ("rnn", "lstm", "gru"):
        p = init_params(kind, 3, 2, rng)
        step = unroll(p, rng.normal(size=(2, 3))).steps[1]
        cols = steps.precision_columns(kind, step_terms(p, step), step)
        assert len(cols) == len(set(cols)) and list(cols)[-1] == "h_t"
        values = [tuple(np.round(v, 12)) for v in cols.values()]
        assert len(values) == len(set(values)), kind  # no column repeats another's numbers
        if kind == "rnn":
            assert list(cols) == ["W_xh x_t", "W_hh h_(t-1)", "b_h", "pre-activation a", "h_t"]
        if kind == "lstm":
            assert {"f_t = σ(a_f)", "c_t", "pre-activation a_g"} <= set(cols)
        if kind == "gru":
            assert "r * (W_hn h_(t-1) + b_hn)" in cols

"""viz.steps: a step's words and numbers as HTML, escaped."""

import numpy as np

from viz import steps


def test_heading_escapes_the_token():
    assert steps.heading(3, "l") == "<p><strong>Step t = 3</strong>: input x_3 = <strong>l</strong></p>"
    assert "&lt;script&gt;" in steps.heading(1, "<script>") and "<script>" not in steps.heading(1, "<script>")


def test_precision_table_has_a_row_per_unit_in_full_precision():
    html = steps.precision_table({"a [h]": np.array([0.1234567890123, -2.0]), "h_t": [1 / 3, 0.5]})
    assert html.count("<tr>") == 3  # the header and two units
    assert "<th>a [h]</th><th>h_t</th>" in html
    assert "<tr><th>0</th><td>0.123456789</td><td>0.3333333333</td></tr>" in html
    assert "<td>-2</td>" in html


def test_metrics_escape_label_value_and_help():
    html = steps.metrics([("Output y_1", "0.4972", 'What "it" <says>')])
    assert 'title="What &quot;it&quot; &lt;says&gt;"' in html and ">0.4972<" in html and ">Output y_1<" in html

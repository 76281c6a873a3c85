"""AppTest of the explorer's encoder choice on frames and images (``enc=cnn``): video and caption open with a CNN
before every cell, the diagram draws it, its feature maps step with t, flat and CNN scores sit side by side."""

import pytest

from rnn_core.params import KINDS
from tests.apptest_util import app, columns, figure, given, texts
from tests.apptest_util import drawn as drawn_at


@pytest.mark.parametrize("seq", ["video", "caption"])
@pytest.mark.parametrize("arch", KINDS)
def test_video_and_caption_with_a_cnn(seq, arch):
    at = app(seq=seq, arch=arch, enc="cnn").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params["enc"] == "cnn" and at.session_state["ex_enc"] == "cnn"
    assert 'data-name="encoder-0"' in "".join(drawn_at(at, "ex_diagram", "ex_stepper"))
    T = given(at, "ex_stepper")["T"]
    assert len(given(at, "ex_maps")["at"]) == T
    names = [d["name"] for d in figure(at, "ex_encoders")["data"]]
    assert names == ["RNN", "CNN + RNN", "LSTM", "CNN + LSTM", "GRU", "CNN + GRU"]
    assert "With the CNN" in texts(at)
    at.session_state["ex_t"] = 2
    at.run()
    assert not at.exception
    assert at.query_params["t"] == "2" and columns(drawn_at(at, "ex_diagram", "ex_stepper"))[1] == 2
    maps = "".join(drawn_at(at, "ex_maps", "ex_stepper", 2))  # the feature maps of x_2 now, not x_1's
    assert "frame at step 2" in maps if seq == "video" else "Step 2 has no image" in maps  # a caption's x_2: a word
    assert "frame at step 1" not in maps


def test_flat_is_the_default_and_keeps_the_link_short():
    at = app(seq="video", arch="gru").run()
    assert not at.exception and "enc" not in at.query_params
    assert 'data-name="encoder-' not in "".join(drawn_at(at, "ex_diagram", "ex_stepper"))
    labels = [r.label for r in at.radio]
    assert "Encoder" in labels


def test_tasks_without_images_offer_no_encoder():
    at = app(seq="chars", enc="cnn").run()
    assert not at.exception and "Encoder" not in [r.label for r in at.radio] and "enc" not in at.query_params


def test_a_bad_encoder_falls_back_with_a_note():
    at = app(seq="video", enc="resnet").run()
    assert not at.exception and at.session_state["ex_enc"] == "flat" and "encoder" in texts(at)

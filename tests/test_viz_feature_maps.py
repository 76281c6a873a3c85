"""The CNN's feature maps (viz.feature_maps) and the encoder block in the unrolled diagram (viz.unrolled)."""

import numpy as np

from tests.viz_helpers import by_name, named, plain, validated
from viz.feature_maps import feature_maps_figure
from viz.unrolled import unrolled_figure


def test_input_then_each_layers_maps():
    rng = np.random.default_rng(0)
    fig = validated(feature_maps_figure(rng.random((3, 8, 8)), [rng.random((4, 4, 4)), rng.random((8, 2, 2))], t=2))
    names = [d.name for d in fig.data]
    assert names[0] == "input" and len(named(fig.data, "map-1-")) == 4 and len(named(fig.data, "map-2-")) == 8
    assert "x_2 (32 numbers)" in plain(by_name(fig.layout.annotations, "title-2").text)
    assert len(fig.layout.shapes) == 13  # a frame around each, so an all-zero map still shows


def test_a_step_with_no_image_says_so():
    fig = feature_maps_figure(None, [], t=3)
    assert "no image" in by_name(fig.layout.annotations, "no-image").text


def test_the_unrolled_diagram_draws_the_encoder_under_the_inputs_it_reads():
    h = np.zeros((4, 2))
    fig = validated(unrolled_figure(h, 1, list("abcd"), encoder="CNN", encoded=[True, False, False, False]))
    assert [s.name for s in named(fig.layout.shapes, "encoder-")] == ["encoder-0"]
    assert plain(by_name(fig.layout.annotations, "encoder-label-0").text) == "CNN"
    assert "CNN" in plain(by_name(fig.layout.annotations, "caption").text)
    assert not named(unrolled_figure(h, 1, list("abcd")).layout.shapes, "encoder-")

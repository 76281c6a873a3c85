"""A small CNN that turns a frame or an image into the vector x_t the recurrent cell reads: the lecture's
"combination" of a CNN and an RNN, in numpy.

    image (H, W, C) in [0, 1], as a task flattens it into its inputs (rows, columns, channels)
    m_1 = maxpool2(relu(conv3x3(image; K_1, c_1)))      # (F_1, H/2, W/2)   K_1 (F_1, C, 3, 3), zero padding 1
    m_2 = maxpool2(relu(conv3x3(m_1;   K_2, c_2)))      # (F_2, H/4, W/4)   K_2 (F_2, F_1, 3, 3)
    x_t = [flatten(m_2); the rest of the task's input]  # (F_2 * H/4 * W/4 + rest,)

A step with no image (the caption's word steps: its pixels all zero) gets zeros in place of the CNN's features, so
such a step reads its word alone, as with the flat encoder. The weights come from the torch engine's
``CNNEncoder`` (:func:`rnn_core.engine.bridge.to_numpy`); :class:`EncodedNet` replays the recurrent part exactly
as :class:`rnn_core.net.NumpyNet` does, given the CNN's output as x_t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnn_core.net import NumpyNet, Replay

ENCODERS = {"flat": "flat: the pixels as one vector", "cnn": "CNN: two Conv2d layers turn each image into x_t"}
CNN = "cnn"


def cnn_kind(kind: str) -> str:
    """The model's kind with a CNN encoder, as the engine and stored files name it: 'gru' -> 'gru-cnn'."""
    return f"{kind}-{CNN}"


def split_kind(kind: str) -> tuple[str, str]:
    """'gru-cnn' -> ('gru', 'cnn'); 'gru' -> ('gru', 'flat')."""
    cell, _, enc = str(kind).partition("-")
    return (cell, CNN) if enc == CNN else (str(kind), "flat")


def conv3x3(x: np.ndarray, K: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Cross-correlation with zero padding 1, as torch's Conv2d: (C, H, W), K (F, C, 3, 3), c (F,) -> (F, H, W)."""
    C, H, W = x.shape
    p = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    patches = np.stack([p[:, i : i + H, j : j + W] for i in range(3) for j in range(3)], axis=1)  # (C, 9, H, W)
    return np.einsum("fck,ckhw->fhw", K.reshape(K.shape[0], C, 9), patches) + c[:, None, None]


def maxpool2(x: np.ndarray) -> np.ndarray:
    """2 x 2 max pooling, stride 2: (F, H, W) -> (F, H/2, W/2)."""
    F, H, W = x.shape
    return x[:, : H // 2 * 2, : W // 2 * 2].reshape(F, H // 2, 2, W // 2, 2).max(axis=(2, 4))


@dataclass(frozen=True)
class CNNPass:
    """One image through the CNN: each layer's feature maps after conv + ReLU and after pooling, and the features."""

    image: np.ndarray  # (C, H, W)
    relu: tuple[np.ndarray, ...]  # per layer (F, H_l, W_l)
    pooled: tuple[np.ndarray, ...]  # per layer (F, H_l/2, W_l/2)
    features: np.ndarray  # (F_2 * H/4 * W/4,)


@dataclass(frozen=True)
class NumpyCNN:
    """The encoder's weights: ``K`` per layer (F, C, 3, 3) and ``c`` per layer (F,); ``shape`` (H, W, C) of the image
    as it sits at the start of the task's input vector."""

    K: tuple[np.ndarray, ...]
    c: tuple[np.ndarray, ...]
    shape: tuple[int, int, int]

    @property
    def in_dim(self) -> int:
        return int(np.prod(self.shape))

    @property
    def out_dim(self) -> int:
        H, W, _ = self.shape
        n = len(self.K)
        return int(self.K[-1].shape[0] * (H >> n) * (W >> n))

    @property
    def n_params(self) -> int:
        return int(sum(np.size(k) + np.size(b) for k, b in zip(self.K, self.c, strict=True)))

    def run(self, pixels) -> CNNPass:
        """The CNN on one image given as the task flattens it (H*W*C,)."""
        H, W, C = self.shape
        x = np.asarray(pixels, dtype=float).reshape(H, W, C).transpose(2, 0, 1)  # (C, H, W)
        image, relus, pools = x, [], []
        for K, c in zip(self.K, self.c, strict=True):
            r = np.maximum(conv3x3(x, K, c), 0.0)
            x = maxpool2(r)
            relus.append(r)
            pools.append(x)
        return CNNPass(image, tuple(relus), tuple(pools), x.reshape(-1))

    def encode(self, inputs) -> np.ndarray:
        """x_t for every step: (T, in_dim + rest) -> (T, out_dim + rest); a step with no image gets zero features."""
        X = np.asarray(inputs, dtype=float).reshape(len(inputs), -1)
        img, rest = X[:, : self.in_dim], X[:, self.in_dim :]
        feats = np.stack([self.run(p).features if np.any(p) else np.zeros(self.out_dim) for p in img])
        return np.hstack([feats.reshape(len(X), self.out_dim), rest])


@dataclass(frozen=True)
class EncodedNet:
    """A CNN encoder before a recurrent net: the recurrent part is ``net`` (a NumpyNet reading x_t = the CNN's
    output), replayed exactly as any other."""

    cnn: NumpyCNN
    net: NumpyNet

    @property
    def encoding(self) -> str:
        return self.net.encoding

    @property
    def params(self):
        return self.net.params

    @property
    def readout(self):
        return self.net.readout

    @property
    def E(self):
        return self.net.E

    def encode(self, inputs) -> np.ndarray:
        return self.cnn.encode(inputs)

    def replay(self, inputs, h0=None) -> Replay:
        """The recurrent net's replay with x_t = the CNN's output for input t."""
        return self.net.replay(self.cnn.encode(inputs), h0)

"""The torch modules the app trains: a recurrent sequence net and the fixed-window feedforward net.

SeqNet:     x_t = E[token_t], one_hot(token_t) or the given vector      # (B, T, D)
            h_t = f_W(h_{t-1}, x_t)   one nn.RNN/LSTM/GRU layer        # (B, T, H)
            y_t = W_hy h_t + b_y                                        # (B, T, O)
WindowNet:  x_t encoded as SeqNet's                                     # (B, T, D)
            z_t = [x_{t-k+1}; ...; x_t]  (zeros before the start)       # (B, T, k*D)
            a_t = tanh(W_1 z_t + b_1)                                   # (B, T, M)
            y_t = W_hy a_t + b_y                                        # (B, T, O)
            .last: the window of the last k inputs alone, read once     # (B, k) -> (B, O)

Their numpy twins are :class:`rnn_core.net.NumpyNet` and :class:`rnn_core.window.NumpyWindow`.
"""

from __future__ import annotations

import torch
from torch import nn

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class CNNEncoder(nn.Module):
    """Two Conv2d layers before the recurrent cell (:mod:`rnn_core.cnn` is its numpy twin): the image at the start of
    each input vector (H*W*C numbers, rows, columns, channels) -> maxpool2(relu(conv3x3)) twice -> flattened, then the
    rest of the input. A step with no image (all its pixels 0) gets zero features."""

    def __init__(self, shape: tuple[int, int, int], filters: tuple[int, int] = (4, 8)):
        super().__init__()
        self.shape = tuple(shape)
        H, W, C = self.shape
        self.in_dim = H * W * C
        self.conv1 = nn.Conv2d(C, filters[0], 3, padding=1)
        self.conv2 = nn.Conv2d(filters[0], filters[1], 3, padding=1)
        self.out_dim = filters[1] * (H // 4) * (W // 4)

    def maps(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(N, C, H, W) -> the pooled maps of both layers."""
        m1 = nn.functional.max_pool2d(torch.relu(self.conv1(images)), 2)
        return m1, nn.functional.max_pool2d(torch.relu(self.conv2(m1)), 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, in_dim + rest) -> (B, T, out_dim + rest)."""
        B, T, _ = x.shape
        H, W, C = self.shape
        img, rest = x[..., : self.in_dim], x[..., self.in_dim :]
        feats = self.maps(img.reshape(B * T, H, W, C).permute(0, 3, 1, 2))[1].reshape(B, T, self.out_dim)
        has_image = (img != 0).any(-1, keepdim=True).to(feats.dtype)
        return torch.cat([feats * has_image, rest], dim=-1)


class BaseNet(nn.Module):
    """What both nets share: their sizes, and x_t from the inputs by the encoding ('onehot', 'embed' or 'dense', see
    :class:`SeqNet`). E (``embed``) is registered first, so the seeded init draws it first in both."""

    def __init__(self, input_dim: int, units: int, output_dim: int, encoding: str, vocab_size: int | None):
        super().__init__()
        if encoding not in ("onehot", "embed", "dense"):
            raise ValueError(f"unknown encoding {encoding!r}")
        if encoding == "onehot" and vocab_size not in (None, input_dim):
            raise ValueError("one-hot inputs have input_dim == vocab_size")
        self.encoding = encoding
        self.input_dim, self.units, self.output_dim = input_dim, units, output_dim
        self.vocab_size = input_dim if encoding == "onehot" else vocab_size
        self.embed = nn.Embedding(vocab_size, input_dim) if encoding == "embed" else None

    def x(self, inputs: torch.Tensor) -> torch.Tensor:
        """x_t at every step: (B, T) token ids or (B, T, D) vectors -> (B, T, D)."""
        if self.encoding == "embed":
            return self.embed(inputs)  # E[token_t]
        if self.encoding == "onehot":
            known = (inputs >= 0).unsqueeze(-1)  # id -1: an unknown token, all zeros
            return (nn.functional.one_hot(inputs.clamp(min=0), self.input_dim) * known).to(self.head.weight.dtype)
        return inputs


class SeqNet(BaseNet):
    """Encodings: 'onehot' (tokens, D = vocab; id -1 is an unknown token, all zeros), 'embed' (tokens, D = embed_dim),
    'dense' (vectors, D = input_dim). ``cnn_shape`` (H, W, C): a :class:`CNNEncoder` turns the image at the start of
    each dense input into x_t first (the cell then reads its output)."""

    def __init__(
        self,
        kind: str,
        input_dim: int,
        units: int,
        output_dim: int,
        encoding: str = "dense",
        vocab_size: int | None = None,
        cnn_shape: tuple[int, int, int] | None = None,
    ):
        if cnn_shape is not None and encoding != "dense":
            raise ValueError("a CNN encoder reads dense inputs (pixels)")
        super().__init__(input_dim, units, output_dim, encoding, vocab_size)
        self.kind = kind
        self.cnn = CNNEncoder(cnn_shape) if cnn_shape is not None else None
        cell_in = input_dim if self.cnn is None else self.cnn.out_dim + input_dim - self.cnn.in_dim
        self.cell = CELLS[kind](cell_in, units, batch_first=True)
        self.head = nn.Linear(units, output_dim)

    def encode(self, inputs: torch.Tensor) -> torch.Tensor:
        """(B, T) token ids or (B, T, D) vectors -> (B, T, D), through the CNN encoder when there is one."""
        x = self.x(inputs)
        return x if self.cnn is None else self.cnn(x)

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (logits (B, T, O), hidden states (B, T, H))."""
        hs, _ = self.cell(self.encode(inputs))
        return self.head(hs), hs


class WindowNet(BaseNet):
    """The fixed-window feedforward net over a task's sequence, with SeqNet's forward: at each step the last ``k``
    inputs, concatenated, through one tanh layer of ``units`` and the output layer. Nothing carries over between
    steps."""

    def __init__(
        self,
        k: int,
        input_dim: int,
        units: int,
        output_dim: int,
        encoding: str = "dense",
        vocab_size: int | None = None,
    ):
        if k < 1:
            raise ValueError(f"the window needs k >= 1, got {k}")
        super().__init__(input_dim, units, output_dim, encoding, vocab_size)
        self.k = k
        self.hidden = nn.Linear(k * input_dim, units)  # W_1 (M, k*D), b_1
        self.head = nn.Linear(units, output_dim)  # W_hy (O, M), b_y

    def windows(self, x: torch.Tensor) -> torch.Tensor:
        """z_t at every step: (B, T, D) -> (B, T, k*D), oldest input first, zeros before the start."""
        padded = nn.functional.pad(x, (0, 0, self.k - 1, 0))  # (B, T+k-1, D)
        z = padded.unfold(1, self.k, 1)  # (B, T, D, k)
        return z.transpose(2, 3).flatten(2)  # (B, T, k*D)

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (logits (B, T, O), hidden activations a_t (B, T, M))."""
        a = torch.tanh(self.hidden(self.windows(self.x(inputs))))
        return self.head(a), a

    def last(self, windows: torch.Tensor) -> torch.Tensor:
        """The output after the last input of each window alone: (B, k) ids or (B, k, D) vectors -> logits (B, O)
        (/window's reading of a sentence, the inputs before its start already filled in)."""
        z = self.x(windows).flatten(1)  # (B, k*D)
        return self.head(torch.tanh(self.hidden(z)))

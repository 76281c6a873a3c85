"""The torch modules the app trains: a recurrent sequence net and the fixed-window feedforward net.

SeqNet:     x_t = E[token_t], one_hot(token_t) or the given vector      # (B, T, D)
            h_t = f_W(h_{t-1}, x_t)   one nn.RNN/LSTM/GRU layer        # (B, T, H)
            y_t = W_hy h_t + b_y                                        # (B, T, O)
WindowNet:  z = [E[w_{T-k+1}]; ...; E[w_T]],  y = W_2 tanh(W_1 z + b_1) + b_2     # (B, k*D) -> (B, L)

Their numpy twins are :class:`rnn_core.net.NumpyNet` and :class:`rnn_core.window.NumpyWindow`.
"""

from __future__ import annotations

import torch
from torch import nn

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class SeqNet(nn.Module):
    """Encodings: 'onehot' (tokens, D = vocab; id -1 is an unknown token, all zeros), 'embed' (tokens, D = embed_dim),
    'dense' (vectors, D = input_dim)."""

    def __init__(
        self,
        kind: str,
        input_dim: int,
        units: int,
        output_dim: int,
        encoding: str = "dense",
        vocab_size: int | None = None,
    ):
        super().__init__()
        if encoding not in ("onehot", "embed", "dense"):
            raise ValueError(f"unknown encoding {encoding!r}")
        if encoding == "onehot" and vocab_size not in (None, input_dim):
            raise ValueError("one-hot inputs have input_dim == vocab_size")
        self.kind, self.encoding = kind, encoding
        self.input_dim, self.units, self.output_dim = input_dim, units, output_dim
        self.vocab_size = input_dim if encoding == "onehot" else vocab_size
        self.embed = nn.Embedding(vocab_size, input_dim) if encoding == "embed" else None
        self.cell = CELLS[kind](input_dim, units, batch_first=True)
        self.head = nn.Linear(units, output_dim)

    def encode(self, inputs: torch.Tensor) -> torch.Tensor:
        """(B, T) token ids or (B, T, D) vectors -> (B, T, D)."""
        if self.encoding == "embed":
            return self.embed(inputs)
        if self.encoding == "onehot":
            known = (inputs >= 0).unsqueeze(-1)
            return (nn.functional.one_hot(inputs.clamp(min=0), self.input_dim) * known).to(self.head.weight.dtype)
        return inputs

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (logits (B, T, O), hidden states (B, T, H))."""
        hs, _ = self.cell(self.encode(inputs))
        return self.head(hs), hs


class WindowNet(nn.Module):
    """The last ``k`` words' embeddings, concatenated, through one tanh layer: (B, k) ids -> (B, L) logits."""

    def __init__(self, k: int, vocab_size: int, embed_dim: int, hidden: int, output_dim: int):
        super().__init__()
        self.k = k
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.hidden = nn.Linear(k * embed_dim, hidden)
        self.head = nn.Linear(hidden, output_dim)

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        z = self.embed(windows).flatten(1)  # (B, k*D)
        return self.head(torch.tanh(self.hidden(z)))  # (B, L)

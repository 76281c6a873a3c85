"""Save a model to one file, load it back, bring your own PyTorch RNN into the glass box, and take a replay away as a
spreadsheet.

    h_t = f_W(h_{t-1}, x_t)     W_xh (G*H, D), W_hh (G*H, H), b_xh, b_hh (G*H,)
    y_t = W_hy h_t + b_y        W_hy (O, H), b_y (O,)
    x_t = E[token_t]            E (V, D), only for encoding 'embed'

G is the number of gate blocks stacked in torch's order (RNN 1: h; LSTM 4: i, f, g, o; GRU 3: r, z, n), H the
units, D the input size, O the outputs, V the vocabulary.

The Unrolled model file (format ``unrolled-model``, version 1) is one safetensors file: those tensors as F64 under
their lecture names, and :class:`ModelMeta` in the header (docs/model-format.md is the reference).
:func:`load_model` also reads a bare PyTorch ``state_dict`` of one single-layer, unidirectional nn.RNN (tanh),
nn.LSTM or nn.GRU, optionally with an nn.Embedding before it and an nn.Linear after it, saved with safetensors or
with ``torch.save``. Every refusal is a :class:`ModelFileError` (a ValueError) whose message is written for a
student; messages and :attr:`Loaded.found` quote names from the file, so escape them before markdown.

One job per module:

    errors.py     ModelFileError, the helpers messages share
    budget.py     BUDGET: what one file may cost (its size MAX_BYTES, unpacked bytes, tensors, parameters, ...)
    meta.py       ModelMeta and the header's __metadata__ (to_header, from_header)
    save.py       save_model(net, meta) -> bytes, file_name(meta)
    read.py       bytes -> tensors and header: which kind of file, its size, safetensors
    torchfile.py  torch.save zips: the pickle's opcodes vetted, then torch.load(weights_only=True), the one
                  place torch is imported (lazily, inside one function)
    tensors.py    a file's tensors as numpy, and the checks every weight passes
    infer.py      tensors -> CellParams, Readout, E: the cell's kind and sizes from the shapes
    describe.py   Loaded.found: what was found, in a paragraph
    load.py       load_model(data) -> Loaded
    export.py     a replay's trace and a training history as CSV

Imports numpy and safetensors only; torch is imported only when a torch.save file arrives.
"""

from rnn_core.io.budget import BUDGET, MB, Budget
from rnn_core.io.errors import ModelFileError
from rnn_core.io.load import Loaded, load_model
from rnn_core.io.meta import APP_VERSION, ENCODINGS, FORMAT, FORMAT_VERSION, ModelMeta, from_header, to_header
from rnn_core.io.save import file_name, net_arrays, save_model

MAX_BYTES = BUDGET.file_bytes  # the largest file read: 20 MB (20,000,000 bytes)

__all__ = [
    "APP_VERSION",
    "BUDGET",
    "MB",
    "Budget",
    "ENCODINGS",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "Loaded",
    "ModelFileError",
    "ModelMeta",
    "file_name",
    "from_header",
    "load_model",
    "net_arrays",
    "save_model",
    "to_header",
]

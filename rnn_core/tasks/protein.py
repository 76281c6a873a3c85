"""protein: read an amino-acid sequence residue by residue and say, at every residue, whether it sits in a
membrane-spanning stretch (many-to-many, synced: one label per residue).

Proteins that cross a cell membrane do it with stretches of about 20 residues whose side chains are hydrophobic
(they sit among the membrane's fatty tails); the loops outside are mostly hydrophilic. Kyte and Doolittle
measured how hydrophobic each amino acid is (:data:`KYTE_DOOLITTLE`, positive = hydrophobic) and found that a
19-residue window of a real protein with a mean hydropathy above 1.6 picks out such stretches.

The data are made up by :func:`draw_protein`, not read from a database: 30, 40 or 50 residues with one or two
membrane-spanning stretches of 15-22 residues. A residue is drawn with probability proportional to
exp(BETA_IN * hydropathy) inside a stretch (mean hydropathy 2.5: mostly I, V, L, F, C, M, A) and to
exp(-BETA_OUT * hydropathy) outside (mean -1.6: every letter turns up, hydrophilic ones a little more often), so
one residue alone does not give the answer; the run of residues up to it does.

x_t is one residue, one-hot over the 20 letters; y_t scores "out" and "TM" (transmembrane).

Reference: J. Kyte and R. F. Doolittle (1982), "A simple method for displaying the hydropathic character of a
protein", Journal of Molecular Biology 157(1): 105-132, Table 2.
"""

from __future__ import annotations

import numpy as np

from rnn_core.tasks.base import Example, Parsed, Task, draw_sets

KYTE_DOOLITTLE = {  # hydropathy index of each amino acid (Kyte & Doolittle 1982, Table 2)
    "I": 4.5,
    "V": 4.2,
    "L": 3.8,
    "F": 2.8,
    "C": 2.5,
    "M": 1.9,
    "A": 1.8,
    "G": -0.4,
    "T": -0.7,
    "S": -0.8,
    "W": -0.9,
    "Y": -1.3,
    "P": -1.6,
    "H": -3.2,
    "E": -3.5,
    "Q": -3.5,
    "D": -3.5,
    "N": -3.5,
    "K": -3.9,
    "R": -4.5,
}
AMINO_ACIDS = tuple("ACDEFGHIKLMNPQRSTVWY")  # the 20 one-letter codes, alphabetical: the one-hot order
CLASSES = ("out", "TM")  # outside the membrane, in a transmembrane stretch
HYDROPATHY = np.array([KYTE_DOOLITTLE[a] for a in AMINO_ACIDS])  # (20,)
BETA_IN, BETA_OUT = 0.4, 0.15  # how strongly hydropathy sways a residue's draw (0: all 20 equally likely)


def _favouring(beta: float) -> np.ndarray:
    """(20,) probabilities proportional to exp(beta * hydropathy): beta > 0 favours hydrophobic letters."""
    w = np.exp(beta * HYDROPATHY)
    return w / w.sum()


P_MEMBRANE, P_OUTSIDE = _favouring(BETA_IN), _favouring(-BETA_OUT)  # (20,) inside a stretch, in a loop
LENGTHS = (30, 40, 50)  # residues per sequence
STRETCH = (15, 22)  # residues per membrane-spanning stretch, inclusive
# The targets of a typed sequence: Kyte & Doolittle's sliding window, sized to these made-up sequences (they used
# 19 residues and 1.6 for real proteins): 9 residues, and a threshold halfway between the mean hydropathy inside a
# stretch and outside. On the generated data it agrees with the drawn labels at about 91% of residues.
KD_WINDOW = 9
KD_THRESHOLD = round(float((P_MEMBRANE @ HYDROPATHY + P_OUTSIDE @ HYDROPATHY) / 2), 2)  # 0.45
MAX_LEN = 60
N_TRAIN, N_HELDOUT = 400, 100

# The sequence the page opens on: drawn once by draw_protein(np.random.default_rng(9)), written out here.
DEFAULT_SEQUENCE = "EPPGERQSFRDIRGTYYVVNLVCILIVFACPNNNHQKQMR"
DEFAULT_LABELS = "oooooooooooMMMMMMMMMMMMMMMMMMMoooooooooo"  # o: out, M: TM


def _example(residues: str, labels) -> Example:
    ids = np.array([AMINO_ACIDS.index(a) if a in AMINO_ACIDS else -1 for a in residues])
    y = np.asarray(labels, dtype=int)
    return Example(ids, y, tuple(residues), tuple(CLASSES[j] for j in y))


DEFAULT = _example(DEFAULT_SEQUENCE, [int(c == "M") for c in DEFAULT_LABELS])


def draw_protein(rng: np.random.Generator) -> tuple[str, np.ndarray]:
    """One made-up sequence and its labels (T,) (1: in a membrane-spanning stretch). Its length is one of
    LENGTHS (few lengths, so that sequences of one length train together, unpadded); one stretch, or two when
    there is room, each STRETCH residues long; the residues left over make the loops around them, at least 2 at
    either end and 4 between two stretches, split at random."""
    T = int(rng.choice(LENGTHS))
    while True:
        n = 2 if T >= 40 and rng.random() < 0.5 else 1
        stretches = rng.integers(STRETCH[0], STRETCH[1] + 1, n)
        least = np.array([2, *[4] * (n - 1), 2])  # the loops' least lengths
        spare = T - int(stretches.sum()) - int(least.sum())
        if spare >= 0:
            break
    loops = least + rng.multinomial(spare, rng.dirichlet(np.ones(n + 1)))
    labels = np.zeros(T, dtype=int)
    at = 0
    for k in range(n):
        at += loops[k]
        labels[at : at + stretches[k]] = 1
        at += stretches[k]
    ids = np.where(labels == 1, rng.choice(20, T, p=P_MEMBRANE), rng.choice(20, T, p=P_OUTSIDE))
    return "".join(AMINO_ACIDS[i] for i in ids), labels


def kyte_doolittle_labels(residues: str) -> np.ndarray:
    """The sliding-window rule at each residue: 1 when the mean hydropathy of the KD_WINDOW residues centred on
    it (fewer at the ends; letters without a hydropathy left out) exceeds KD_THRESHOLD. (T,) of 0 and 1."""
    kd = np.array([KYTE_DOOLITTLE.get(a, np.nan) for a in residues])
    half = KD_WINDOW // 2
    out = np.zeros(len(kd), dtype=int)
    for t in range(len(kd)):
        w = kd[max(t - half, 0) : t + half + 1]
        w = w[np.isfinite(w)]
        out[t] = int(len(w) > 0 and w.mean() > KD_THRESHOLD)
    return out


def parse_protein(text: str, max_len: int = MAX_LEN) -> Parsed:
    """Each letter is one residue (case and spaces ignored, FASTA header lines starting with '>' skipped). The
    page's own sequence keeps the labels it was drawn with; any other gets the sliding-window rule as its target.
    Letters that are not one of the 20 amino acids stay in the sequence as unknown (id -1, an all-zero x_t)."""
    lines = (text or "").splitlines()
    residues = "".join("".join(line.split()) for line in lines if not line.lstrip().startswith(">")).upper()
    if not residues:
        return Parsed(None, message="Type a protein sequence in one-letter codes, e.g. KDERLLIVAFLLVGIKRDE.")
    notes = []
    if len(residues) > max_len:
        residues = residues[:max_len]
        notes.append(f"Only the first {max_len} residues are used.")
    unknown = tuple(dict.fromkeys(a for a in residues if a not in AMINO_ACIDS))
    if unknown:
        shown = " ".join(repr(a) for a in unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        notes.append(f"Not one of the 20 amino acids: {shown}; each goes in as an all-zero x_t.")
    if residues == DEFAULT_SEQUENCE:
        return Parsed(DEFAULT, unknown, " ".join(notes))
    notes.append(
        f"Your sequence has no known answer: its targets come from a hydropathy window (TM where the mean "
        f"Kyte-Doolittle hydropathy of the {KD_WINDOW} residues around it is above {KD_THRESHOLD:g})."
    )
    return Parsed(_example(residues, kyte_doolittle_labels(residues)), unknown, " ".join(notes))


def protein_task(seed: int = 0) -> Task:
    train, heldout = draw_sets(seed, N_TRAIN, N_HELDOUT, lambda rng: _example(*draw_protein(rng)))
    return Task(
        id="protein",
        title="Protein: membrane stretches",
        blurb="An amino-acid sequence, one residue per step: at every residue the model says whether it lies in a "
        "membrane-spanning stretch (TM), where hydrophobic residues such as I, V, L and F crowd together, or "
        "outside (out). Watch the answer switch to TM a few residues into a hydrophobic run. Many-to-many "
        "(synced): one label per residue.",
        mapping="many-to-many",
        encoding="onehot",
        train=train,
        heldout=heldout,
        default=DEFAULT,
        vocab=AMINO_ACIDS,
        classes=CLASSES,
        lr=0.03,
        steps=200,
        max_len=MAX_LEN,
        parse=parse_protein,
        tokens_are_chars=True,
        can=frozenset({"type"}),
        inputs="one amino acid, one-hot over the 20 letters ACDEFGHIKLMNPQRSTVWY",
        outputs="scores for out and TM (in a membrane-spanning stretch) at this residue",
        memory="whether the residues just before were hydrophobic: a membrane-spanning stretch is a run of 15-22 of "
        "them, and its start and end are read off the last few.",
        note="The sequences are made up (30, 40 or 50 residues, one or two membrane-spanning stretches of 15-22), "
        "drawn with the Kyte-Doolittle hydropathy scale (Kyte & Doolittle 1982): hydrophobic letters are likelier "
        "inside a stretch, hydrophilic ones outside. The model reads left to right only, so it cannot know a "
        "stretch has begun until it has read a few of its residues.",
    )

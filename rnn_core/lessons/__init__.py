"""What the quiz asks and how it grades, kept as data beside its checkers (no UI, no torch):

bank.py           the scenario questions (quiz_bank.json): which network, which mapping, and why
scenarios.py      grading an answer, a round of questions, a tally
diagrams.py       the four mappings as pictures and the diagram questions
answers.py        reading a typed answer, and how it fared
by_hand.py        unroll the lecture's 1x1 RNN by hand, checked against the glass box
weight_shapes.py  the shapes of a recurrent layer's weights and its parameter count
"""

"""How a recurrent network's inputs and outputs line up in time (the lecture's boxes), one name each:

one-to-one    one input, one output: a vanilla feedforward network
one-to-many   one input, then an output at every step (e.g. image captioning)
many-to-one   an input at every step, one output at the end (e.g. sentiment, the language of a sentence)
many-to-many  an input and an output at every step (synced, e.g. a letter per letter), or a whole input
              sequence, then a whole output sequence (e.g. translation)
"""

MAPPINGS = ("one-to-one", "one-to-many", "many-to-one", "many-to-many")

"""/window's "I speak fluent ___": its view (state.py), controls, the sentence and answers, the evidence and the
saliency, also drawn by the tour."""

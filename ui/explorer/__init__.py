"""The explorer (url path ``unroll``): its view (state.py), the model it reads and what it reads, and its step views,
also drawn by the tour and /models."""

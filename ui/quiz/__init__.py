"""/quiz: its view (state.py), one module per mode, and the mapping pictures the tour draws too."""

"""/tour: its view (state.py), its stops as data (stops.py) and the live view each draws (views.py)."""

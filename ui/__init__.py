"""Streamlit glue shared by the pages: the model store, URL state and projector mode."""

"""Unrolled: watch a recurrent neural network work. Router, shared sidebar and projector mode."""

import streamlit as st

from ui import present

st.set_page_config(page_title="Unrolled: RNNs, step by step", page_icon="🔁", layout="wide")

PAGES = [
    st.Page("app_pages/unroll.py", title="Unroll an RNN", icon=":material/repeat:", url_path="unroll", default=True),
    st.Page("app_pages/training.py", title="Watch it learn", icon=":material/model_training:", url_path="training"),
    st.Page("app_pages/window.py", title="Window vs RNN", icon=":material/crop_free:", url_path="window"),
]

page = st.navigation(PAGES)
present.init()
with st.sidebar:
    st.markdown("### Unrolled\nWatch a recurrent neural network work, one time step at a time.")
present.sidebar_toggle()
page.run()

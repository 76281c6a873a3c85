"""Unrolled: watch a recurrent neural network work. Router, shared sidebar and theme."""

import streamlit as st

st.set_page_config(page_title="Unrolled: RNNs, step by step", page_icon="🔁", layout="wide")

PAGES = [
    st.Page("app_pages/unroll.py", title="Unroll an RNN", icon="🔁", url_path="unroll", default=True),
]

st.navigation(PAGES).run()

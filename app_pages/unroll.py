"""The lecture's scalar RNN unrolled over a short input: h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)."""

import numpy as np
import streamlit as st

import rnn_core as rc

st.title("Unroll the lecture's scalar RNN")
st.markdown("One input, one unit: `W_xh` and `W_hh` are 1x1, and `h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)`.")
c1, c2, c3 = st.columns(3)
w_xh = c1.number_input("W_xh", value=0.5, step=0.1, help="Input-to-hidden weight, the same at every step")
w_hh = c2.number_input("W_hh", value=0.8, step=0.1, help="Hidden-to-hidden weight, the same at every step")
b_h = c3.number_input("b_h", value=0.0, step=0.1, help="Hidden bias")
xs = np.array([1.0, 0.0, 0.0, -1.0, 0.5])
p = rc.CellParams("rnn", np.array([[w_xh]]), np.array([[w_hh]]), np.array([b_h]), np.zeros(1))
trace = rc.unroll(p, xs[:, None])
rows = [
    {"t": s.t + 1, "x_t": s.x[0], "h_{t-1}": s.h_prev[0], "W_xh x_t + W_hh h_{t-1} + b_h": s.a[0], "h_t": s.h[0]}
    for s in trace.steps
]
st.dataframe(rows, hide_index=True)

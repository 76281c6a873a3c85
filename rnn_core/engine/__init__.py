"""The torch engine: real ``torch.nn`` modules, the one optimiser step, training recipes, converters to the
glass box and the store of trained models frozen for display. Imports torch; never streamlit."""

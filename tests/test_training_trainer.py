"""/training's trainer (ui/training/trainer.py): Play and Pause set the state the button showed, so a click whose
callback Streamlit runs twice (as it does when the click lands while a tick is running) still pauses."""

from streamlit.testing.v1 import AppTest


def script():
    import streamlit as st

    from ui.training import trainer

    trainer.set_playing(True)
    for _ in range(2):  # the Pause button's callback, run twice
        trainer.set_playing(False)
    st.markdown(f"playing: {trainer.is_playing()}")


def test_pause_run_twice_still_pauses():
    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception and at.markdown[0].value == "playing: False"

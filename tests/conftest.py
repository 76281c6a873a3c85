import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture
def full_error_details():
    """Exceptions with their message and traceback while the test runs (the app's config redacts them)."""
    from tests import hostile_util

    with hostile_util.full_errors():
        yield

"""Fixtures shared by tests/ and tests/lessons/."""

import pytest
from explorer_tools import marked_translation


@pytest.fixture
def marked_language():
    """tr(text) returns ⟪text⟫ during the test, so text that did not go through tr() stands out."""
    with marked_translation():
        yield

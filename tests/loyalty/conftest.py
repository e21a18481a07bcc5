"""Loyalty tests read English messages (services and selectors run with English active); fixtures live in
standing_helpers.py and points_support.py."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield

"""Fixtures shared by every test folder."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded and generated files of a test never land in the project's folders.
    settings.MEDIA_ROOT = tmp_path / "media"

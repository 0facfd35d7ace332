"""The status badge, shared by every page listing contracts, actions, values or documents."""

import pytest

from contracts.templatetags.badges import status_badge


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        ("implementation", "success"),
        ("submitted", "info"),
        ("rejected", "error"),
        ("renewed", "no-icon"),
        ("draft", "new"),
    ],
)
def test_each_status_has_its_colour(status, colour):
    assert status_badge(status, "Libellé") == (
        f'<span class="fr-badge fr-badge--sm fr-badge--{colour}">Libellé</span>'
    )


def test_the_label_is_escaped():
    assert "&lt;b&gt;" in status_badge("done", "<b>")

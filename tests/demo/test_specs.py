"""The demo's content files: every place reads, and a mistake in one is refused with its place.

These tests only read files: no database.
"""

import re
import textwrap

import pytest

from demo import content, specs
from demo.specs import DemoContentError

PLACE = """\
contracts:
  - key: test-1
    title: CLS de test
    territory: {name: Territoire de test, kind: epci, epcis: ["245600465"]}
    ars: "53"
    status: implementation
    signatories:
      - {organisation: ccbi, role: signatory, signed_on: 2024-02-09}
    actions:
      - number: "1.1"
        axis: 1
        title: Une action
        status: planned
        targets: [general_population]
        themes: [prevention]
        milestones:
          - {title: Une étape, due_on: 2024-06-30}
"""


@pytest.fixture
def place(tmp_path, monkeypatch):
    """Writes the only place file of the demo, with one line of `PLACE` replaced."""

    def write(old: str = "", new: str = ""):
        assert old in PLACE
        (tmp_path / "test.yaml").write_text(PLACE.replace(old, new), encoding="utf-8")
        return specs.demo_content.__wrapped__()  # read again, not from the process's cache

    monkeypatch.setattr(specs, "PLACES_DIR", tmp_path)
    monkeypatch.setattr(content, "PLACES", ["test"])
    return write


def test_the_five_places_read_in_their_order():
    contracts = specs.demo_content().contracts
    assert [contract.key for contract in contracts] == [
        "belle-ile-1",
        "belle-ile-2",
        "craon-1",
        "craon-2",
        "morlaix-1",
        "morlaix-2",
        "tdl-1",
        "tdl-2",
        "ruffecois-1",
        "ruffecois-2",
    ]


def test_a_place_file_reads_as_named_records(place):
    (contract,) = place().contracts
    (signatory,) = contract.signatories
    assert signatory.organisation == "ccbi"
    assert signatory.role == "signatory"
    assert signatory.signed_on.isoformat() == "2024-02-09"
    assert signatory.deliberation_on is None
    assert contract.actions[0].milestones[0].due_on.isoformat() == "2024-06-30"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "due_on: 2024",
            "due: 2024",
            "test.yaml : contracts[0].actions[0].milestones[0] : champ inconnu « due »",
        ),
        (
            "        status: planned\n",
            "",
            "test.yaml : contracts[0].actions[0] : champ obligatoire « status » absent",
        ),
        (
            "role: signatory",
            "role: signataire",
            "test.yaml : contracts[0].signatories[0].role : « signataire » n'est pas un choix",
        ),
        (
            'number: "1.1"',
            "number: 1.1",
            "test.yaml : contracts[0].actions[0].number : un texte était attendu, pas 1.1",
        ),
        (
            "signed_on: 2024-02-09",
            "signed_on: 09/02/2024",
            "test.yaml : contracts[0].signatories[0].signed_on : une date AAAA-MM-JJ",
        ),
        (
            "organisation: ccbi",
            "organisation: ccbx",
            "test.yaml : contracts[0].signatories[0].organisation : organisation inconnue « ccbx »",
        ),
    ],
)
def test_a_mistake_is_refused_with_its_file_and_its_record(place, old, new, message):
    with pytest.raises(DemoContentError, match=re.escape(message)):
        place(old, new)


def test_a_value_is_a_number_or_a_ratio_never_both(place):
    indicator = textwrap.indent(
        "indicators:\n"
        "  - code: CLS-P01\n"
        "    values:\n"
        "      - {period: '2024', value: 1, numerator: 1, denominator: 2}\n",
        "    ",
    )
    with pytest.raises(DemoContentError, match=re.escape("contracts[0].indicators[0].values[0]")):
        place("    status: implementation\n", "    status: implementation\n" + indicator)

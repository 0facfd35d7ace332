"""Fixtures of the reports tests: a contract with something in every section of a document."""

import datetime
from decimal import Decimal

import pytest

from contracts.enums import BodyKind
from reports import services
from tests.actions.factories import ActionFactory, ActionUpdateFactory, FundingLineFactory
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import AxisFactory, GovernanceBodyFactory, MeetingFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

# A minimal valid PDF: what `fake_pdf` makes instead of laying out a document.
FAKE_PDF = b"%PDF-1.4\n%fake\n"


@pytest.fixture
def rich(world):
    """`world`, whose contract has two axes, a confidential action, an indicator with values,
    funding, a follow-up note and a COPIL meeting."""
    contract = world.contract
    world.axis.title = "Accès aux soins de premier recours"
    world.axis.save()
    world.lead_action.title = "Accueillir les internes et les remplaçants"
    world.lead_action.save()
    world.axis2 = AxisFactory(contract=contract, number=2, title="Parcours des personnes âgées")
    ActionFactory(axis=world.axis, number="1.10", title="Téléconsultation avec le continent")
    ActionFactory(axis=world.axis, number="1.2", title="Régulation des soins non programmés")
    world.secret_action = ActionFactory(
        axis=world.axis2, number="2.1", title="Médiation sensible", is_confidential=True
    )
    world.indicator = IndicatorFactory(
        contract=contract,
        definition=IndicatorDefinitionFactory(
            code="CLS-R02", name="Part des 17 ans et plus sans médecin traitant"
        ),
        baseline_value=Decimal("12.8"),
        target_value=Decimal("8"),
    )
    IndicatorValueFactory(indicator=world.indicator, period="2024", value=Decimal("11.9"))
    IndicatorValueFactory(indicator=world.indicator, period="2025", value=Decimal("10.7"))
    IndicatorFactory(
        contract=contract,
        action=world.secret_action,
        definition=IndicatorDefinitionFactory(code="SECRET-1", name="Suivi de la médiation"),
    )
    FundingLineFactory(
        action=world.lead_action,
        funder=OrganisationFactory(name="Conseil départemental du Morbihan"),
        year=2025,
        planned_amount=Decimal("18000"),
        granted_amount=Decimal("16000"),
        paid_amount=Decimal("9000"),
    )
    FundingLineFactory(action=world.secret_action, year=2025, funder=contract.ars)
    ActionUpdateFactory(
        action=world.lead_action,
        author=world.coordinator,
        written_on=datetime.date(2025, 5, 3),
        text="Deux internes accueillis au printemps.",
    )
    MeetingFactory(
        body=GovernanceBodyFactory(contract=contract, kind=BodyKind.COPIL, name="COPIL du CLS"),
        held_on=datetime.date(2025, 6, 12),
        title="Bilan annuel 2024",
    )
    return world


@pytest.fixture
def fake_pdf(monkeypatch):
    """Skip WeasyPrint's layout (a second per document) where the PDF's content is not checked."""
    monkeypatch.setattr(services, "pdf_from_html", lambda html: FAKE_PDF)

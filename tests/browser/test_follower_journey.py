"""A person following an indicator finds it on their home page with what is due, enters the
missing value in the grid and sees it saved; every page passes axe-core."""

import pytest

from indicators.models import IndicatorValue
from tests.actors.factories import PASSWORD, PersonFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import ContractFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_follower_enters_the_value_due_from_their_home_page(page, check_accessibility):
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer 2024-2028")
    follower = UserFactory(email="observatoire@exemple.fr")
    indicator = IndicatorFactory(
        contract=contract,
        definition__name="Ateliers de prévention tenus",
        responsible=PersonFactory(user=follower),
    )
    for year in ("2024", "2025"):
        IndicatorValueFactory(indicator=indicator, period=year)
    log_in(page, follower.email, PASSWORD)

    assert page.get_by_role("heading", name="Vos indicateurs").is_visible()
    check_accessibility(page)
    page.get_by_role(
        "link", name="« Ateliers de prévention tenus » : 1 valeur à saisir (2026)"
    ).click()
    page.locator(f'input[name="value-{indicator.pk}-2026"]').fill("12")
    page.get_by_role("button", name="Enregistrer les valeurs").click()

    assert page.get_by_text("1 valeur enregistrée.").is_visible()
    check_accessibility(page)
    assert IndicatorValue.objects.get(indicator=indicator, period="2026").value == 12

"""A collectivité member downloads a report of their contract and is refused another contract."""

import pytest

from actors.enums import MembershipRole, OrganisationKind
from reports.enums import ReportKind
from reports.services import report_request
from tests.actors.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import log_in
from tests.contracts.factories import AxisFactory, ContractFactory, SignatoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_elected_official_downloads_a_report_and_is_refused_another_contract(
    page, check_accessibility
):
    contract = ContractFactory(title="CLS de Belle-Île-en-Mer 2024-2028")
    AxisFactory(contract=contract, number=1, title="Accès aux soins")
    other = ContractFactory(title="CLS du Pays de Craon")
    collectivite = OrganisationFactory(kind=OrganisationKind.EPCI, name="CC de Belle-Île-en-Mer")
    SignatoryFactory(contract=contract, organisation=collectivite)
    reader = UserFactory(email="elu@exemple.fr")
    MembershipFactory(user=reader, organisation=collectivite, role=MembershipRole.MEMBER)
    report_request(contract=contract, kind=ReportKind.SUMMARY, period="", by=reader)

    log_in(page, reader.email, PASSWORD)
    page.get_by_role("link", name=contract.title).first.click()
    page.get_by_role("link", name="Rapports", exact=True).click()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    response = page.goto(f"/contracts/{other.pk}/")
    assert response.status == 404
    assert "Craon" not in page.content()

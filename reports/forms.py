"""The form to ask for a document from a contract's « Rapports » tab."""

import datetime

from django import forms

from contracts.models import Contract
from reports.enums import KINDS_WITH_YEAR, ReportKind


def report_years(contract: Contract, today: datetime.date) -> list[int]:
    """The years an annual review may cover: the contract's, up to this year, latest first."""
    first = contract.starts_on.year if contract.starts_on else today.year
    last = min(contract.ends_on.year if contract.ends_on else today.year, today.year)
    return list(range(last, first - 1, -1))


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Document", choices=ReportKind.choices)
    period = forms.ChoiceField(
        label="Année",
        required=False,
        help_text="Pour un bilan annuel seulement.",
    )
    recommendations = forms.CharField(
        label="Recommandations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pour une évaluation à mi-parcours ou finale : elles figurent dans le document.",
    )

    def __init__(
        self, *args, contract: Contract, today: datetime.date, may_recommend: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "—")] + [
            (str(year), str(year)) for year in report_years(contract, today)
        ]
        if not may_recommend:
            del self.fields["recommendations"]

    def clean(self):
        data = super().clean()
        # The year select is always shown: it only matters for an annual review.
        if data.get("kind") not in KINDS_WITH_YEAR:
            data["period"] = ""
        elif not data.get("period"):
            self.add_error("period", "Choisissez l'année du bilan.")
        return data

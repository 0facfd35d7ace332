"""The parts of a contract that their authors correct and remove from the contract's pages:
for each kind, where it is listed, the form that corrects it, the services that write, and
who may (DESIGN.md §5). The views (contracts/views.py `record_edit`, `record_delete`) are the
same for every kind; the rules are in the services."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from contracts import forms, services
from contracts.models import Contract, Finding, Objective


@dataclass(frozen=True)
class RecordKind:
    title: str  # the form page's title
    records: Callable[[Contract], QuerySet]
    form: Callable  # (data, contract, initial) → a form
    fields: tuple[str, ...]  # what the form shows of a record
    update: Callable  # (record, cleaned_data, by: the user correcting it) → record
    delete: Callable  # (record) → None
    updated: str  # the message once corrected
    deleted: str  # the message once removed
    tab: str  # the tab that lists them, where the user goes back to
    may: str = "manage"  # "manage" (ARS staff) or "coordinate" (and the coordination)
    more_initial: Callable = lambda record: {}  # what the form shows beyond `fields`

    def initial(self, record) -> dict:
        return {name: getattr(record, name) for name in self.fields} | self.more_initial(record)


def _signatory_initial(signatory) -> dict:
    person = signatory.person
    return {
        "person_name": f"{person.first_name} {person.last_name}" if person else "",
        "person_title": person.job_title if person else "",
        "person_email": (person.user.email if person.user else person.email) if person else "",
    }


def _plain(form_class) -> Callable:
    return lambda data, contract, initial: form_class(data, initial=initial)


def _with_contract(form_class) -> Callable:
    return lambda data, contract, initial: form_class(data, contract=contract, initial=initial)


RECORDS = {
    "signataires": RecordKind(
        title="Modifier un signataire ou un partenaire",
        records=lambda contract: contract.signatories.select_related(
            "organisation", "person__user"
        ),
        form=_plain(forms.SignatoryEditForm),
        fields=("role", "deliberation_on", "signed_on"),
        update=lambda record, data, by: services.signatory_update(signatory=record, by=by, **data),
        delete=lambda record: services.signatory_delete(signatory=record),
        updated="Le signataire a été modifié.",
        deleted="Le signataire a été retiré du contrat.",
        tab="contract_summary",
        more_initial=_signatory_initial,
    ),
    "avenants": RecordKind(
        title="Modifier un avenant",
        records=lambda contract: contract.amendments.all(),
        form=_plain(forms.AmendmentForm),
        fields=("signed_on", "subject", "description"),
        update=lambda record, data, by: services.amendment_update(amendment=record, **data),
        delete=lambda record: services.amendment_delete(amendment=record),
        updated="L'avenant a été modifié.",
        deleted="L'avenant a été supprimé ; ses documents restent parmi ceux du contrat.",
        tab="contract_summary",
    ),
    "axes": RecordKind(
        title="Modifier un axe stratégique",
        records=lambda contract: contract.axes.all(),
        form=_plain(forms.AxisForm),
        fields=("number", "title", "description"),
        update=lambda record, data, by: services.axis_update(axis=record, **data),
        delete=lambda record: services.axis_delete(axis=record),
        updated="L'axe a été modifié.",
        deleted="L'axe a été supprimé.",
        tab="contract_actions",
    ),
    "objectifs": RecordKind(
        title="Modifier un objectif",
        records=lambda contract: Objective.objects.filter(axis__contract=contract),
        form=_with_contract(forms.ObjectiveForm),
        fields=("axis", "level", "parent", "number", "title", "description"),
        update=lambda record, data, by: services.objective_update(objective=record, **data),
        delete=lambda record: services.objective_delete(objective=record),
        updated="L'objectif a été modifié.",
        deleted="L'objectif a été supprimé.",
        tab="contract_actions",
    ),
    "documents": RecordKind(
        title="Modifier un document",
        records=lambda contract: contract.documents.all(),
        form=_plain(forms.DocumentEditForm),
        fields=("title", "kind"),
        update=lambda record, data, by: services.document_update(document=record, **data),
        delete=lambda record: services.document_delete(document=record),
        updated="Le document a été modifié.",
        deleted="Le document a été supprimé.",
        tab="contract_documents",
        may="coordinate",
    ),
    "instances": RecordKind(
        title="Modifier une instance de gouvernance",
        records=lambda contract: contract.bodies.all(),
        form=_plain(forms.BodyForm),
        fields=("kind", "name", "description"),
        update=lambda record, data, by: services.body_update(body=record, **data),
        delete=lambda record: services.body_delete(body=record),
        updated="L'instance a été modifiée.",
        deleted="L'instance a été supprimée.",
        tab="contract_governance",
        may="coordinate",
    ),
    "constats": RecordKind(
        title="Modifier un constat du diagnostic",
        records=lambda contract: Finding.objects.filter(diagnosis__contract=contract),
        form=_plain(forms.FindingForm),
        fields=("theme", "title", "description"),
        update=lambda record, data, by: services.finding_update(finding=record, **data),
        delete=lambda record: services.finding_delete(finding=record),
        updated="Le constat a été modifié.",
        deleted="Le constat a été supprimé.",
        tab="contract_diagnosis",
        may="coordinate",
    ),
}

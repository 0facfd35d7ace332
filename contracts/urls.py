"""URLs of the contract pages and forms."""

from django.urls import path, re_path

from contracts import people_views, views
from contracts.records import RECORDS

KINDS = "|".join(RECORDS)

urlpatterns = [
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_summary, name="contract_summary"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path(
        "contracts/<int:pk>/status/<str:status>/",
        views.contract_transition_view,
        name="contract_transition",
    ),
    path("contracts/<int:pk>/signatories/new/", views.signatory_add, name="signatory_add"),
    path(
        "contracts/<int:pk>/coordination/new/",
        views.coordinator_assign_view,
        name="coordinator_assign",
    ),
    path(
        "contracts/<int:pk>/coordination/<int:assignment_pk>/edit/",
        people_views.coordination_edit,
        name="coordination_edit",
    ),
    path(
        "contracts/<int:pk>/coordination/<int:assignment_pk>/end/",
        people_views.coordination_end_view,
        name="coordination_end",
    ),
    path("personnes/", people_views.people, name="people"),
    path("personnes/ajouter/", people_views.member_add, name="member_add"),
    path(
        "personnes/invitations/<int:pk>/renvoyer/",
        people_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "personnes/invitations/<int:pk>/annuler/",
        people_views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "personnes/comptes/<int:pk>/desactiver/",
        people_views.account_deactivate,
        name="account_deactivate",
    ),
    path("contracts/<int:pk>/amendments/new/", views.amendment_add, name="amendment_add"),
    path("contracts/<int:pk>/axes/new/", views.axis_add, name="axis_add"),
    path("contracts/<int:pk>/objectives/new/", views.objective_add, name="objective_add"),
    path("contracts/<int:pk>/governance/", views.contract_governance, name="contract_governance"),
    path("contracts/<int:pk>/documents/", views.contract_documents, name="contract_documents"),
    path("contracts/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path(
        "contracts/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path("contracts/<int:pk>/diagnostic/", views.contract_diagnosis, name="contract_diagnosis"),
    path("contracts/<int:pk>/diagnostic/edit/", views.diagnosis_edit, name="diagnosis_edit"),
    path("contracts/<int:pk>/diagnostic/constats/new/", views.finding_add, name="finding_add"),
    path("contracts/<int:pk>/plan/", views.contract_plan, name="contract_plan"),
    path("contracts/<int:pk>/plan/renumeroter/", views.axes_renumber_view, name="axes_renumber"),
    path(
        "contracts/<int:pk>/plan/axes/<int:axis_pk>/<str:direction>/",
        views.axis_move_view,
        name="axis_move",
    ),
    # The parts of a contract their authors correct and remove (contracts/records.py).
    re_path(
        rf"^contracts/(?P<pk>[0-9]+)/(?P<kind>{KINDS})/(?P<record_pk>[0-9]+)/edit/$",
        views.record_edit,
        name="record_edit",
    ),
    re_path(
        rf"^contracts/(?P<pk>[0-9]+)/(?P<kind>{KINDS})/(?P<record_pk>[0-9]+)/delete/$",
        views.record_delete,
        name="record_delete",
    ),
]

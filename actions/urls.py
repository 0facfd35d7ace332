"""URLs of the action pages: contract tabs, action sheets and their forms, meetings, search."""

from django.urls import path

from actions import views

SHEET = "contracts/<int:pk>/actions/<int:action_pk>/"

urlpatterns = [
    path("actions/recherche/", views.search, name="action_search"),
    path("actions/recherche/<int:action_pk>/", views.searched_action, name="searched_action"),
    path("contracts/<int:pk>/actions/", views.contract_actions, name="contract_actions"),
    path(
        "contracts/<int:pk>/actions/export.<str:file_format>",
        views.action_list_export,
        name="action_list_export",
    ),
    path("contracts/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path(SHEET, views.action_sheet, name="action_sheet"),
    path(f"{SHEET}print/", views.action_print, name="action_print"),
    path(f"{SHEET}edit/", views.action_edit, name="action_edit"),
    path(f"{SHEET}delete/", views.action_delete, name="action_delete"),
    path(f"{SHEET}abandon/", views.action_abandon, name="action_abandon"),
    path(f"{SHEET}notes/new/", views.action_note_add, name="action_note_add"),
    path(f"{SHEET}notes/<int:note_pk>/edit/", views.action_note_edit, name="action_note_edit"),
    path(
        f"{SHEET}notes/<int:note_pk>/delete/", views.action_note_delete, name="action_note_delete"
    ),
    path(f"{SHEET}milestones/new/", views.milestone_add, name="milestone_add"),
    path(
        f"{SHEET}milestones/<int:milestone_pk>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        f"{SHEET}milestones/<int:milestone_pk>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(f"{SHEET}funding/new/", views.funding_add, name="funding_add"),
    path(f"{SHEET}funding/<int:line_pk>/edit/", views.funding_edit, name="funding_edit"),
    path(f"{SHEET}funding/<int:line_pk>/delete/", views.funding_delete, name="funding_delete"),
    path(f"{SHEET}documents/new/", views.action_document_add, name="action_document_add"),
    path(
        f"{SHEET}documents/<int:document_pk>/",
        views.action_document_download,
        name="action_document_download",
    ),
    path(
        f"{SHEET}documents/<int:document_pk>/edit/",
        views.action_document_edit,
        name="action_document_edit",
    ),
    path(
        f"{SHEET}documents/<int:document_pk>/delete/",
        views.action_document_delete,
        name="action_document_delete",
    ),
    path("contracts/<int:pk>/funding/", views.contract_funding, name="contract_funding"),
    path("contracts/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path(
        "contracts/<int:pk>/meetings/<int:meeting_pk>/",
        views.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "contracts/<int:pk>/meetings/<int:meeting_pk>/edit/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "contracts/<int:pk>/meetings/<int:meeting_pk>/delete/",
        views.meeting_delete,
        name="meeting_delete",
    ),
]

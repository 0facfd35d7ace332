"""URLs of a contract's documents."""

from django.urls import path

from reports import document_views, views

urlpatterns = [
    path("contracts/<int:pk>/reports/", views.contract_reports, name="contract_reports"),
    path("contracts/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("contracts/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("contracts/reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("contracts/reports/<int:pk>/download/", views.report_download, name="report_download"),
    path(
        "contracts/<int:pk>/reports/livre-des-fiches-actions.docx",
        document_views.action_book_docx,
        name="action_book_docx",
    ),
    path(
        "contracts/<int:pk>/actions/<int:action_pk>/fiche.pdf",
        document_views.action_sheet_pdf,
        name="action_sheet_pdf",
    ),
    path(
        "contracts/<int:pk>/actions/<int:action_pk>/fiche.docx",
        document_views.action_sheet_docx,
        name="action_sheet_docx",
    ),
]

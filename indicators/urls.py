"""URLs of the indicator pages: indicators tab, an indicator's page, values grid and review,
the ARS's queue of values to review, Excel round trip."""

from django.urls import path

from indicators import correction_views, plan_views, queue_views, renewal_views, views

urlpatterns = [
    path("contracts/<int:pk>/renew/", renewal_views.contract_renew, name="contract_renew"),
    path("contracts/<int:pk>/indicators/", views.contract_indicators, name="contract_indicators"),
    path("contracts/<int:pk>/indicators/new/", views.indicator_add, name="indicator_add"),
    path(
        "contracts/<int:pk>/indicators/<int:indicator_pk>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "contracts/<int:pk>/indicators/<int:indicator_pk>/edit/",
        correction_views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "contracts/<int:pk>/indicators/<int:indicator_pk>/delete/",
        correction_views.indicator_delete,
        name="indicator_delete",
    ),
    path("contracts/<int:pk>/values/", views.values_grid_view, name="values_grid"),
    path("contracts/<int:pk>/values/submit/", views.values_submit, name="values_submit"),
    path(
        "contracts/<int:pk>/values/<int:value_pk>/validate/",
        views.value_validate,
        name="value_validate",
    ),
    path(
        "contracts/<int:pk>/values/<int:value_pk>/reject/",
        views.value_reject,
        name="value_reject",
    ),
    path("valeurs/a-valider/", queue_views.values_review_queue, name="values_review_queue"),
    path(
        "contracts/<int:pk>/actions/<int:action_pk>/values/",
        views.values_grid_view,
        name="action_values_grid",
    ),
    path(
        "contracts/<int:pk>/actions/<int:action_pk>/values/submit/",
        views.values_submit,
        name="action_values_submit",
    ),
    path("plan-d-action/modele.xlsx", plan_views.plan_template, name="plan_template"),
    path("contracts/<int:pk>/plan/export.xlsx", plan_views.plan_export, name="plan_export"),
    path("contracts/<int:pk>/plan/import/", plan_views.plan_import, name="plan_import"),
    path(
        "contracts/<int:pk>/plan/import/correspondance/",
        plan_views.plan_import_mapping,
        name="plan_import_mapping",
    ),
    path(
        "contracts/<int:pk>/plan/import/confirm/",
        plan_views.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(
        "contracts/<int:pk>/plan/import/<int:job_pk>/",
        plan_views.plan_import_progress,
        name="plan_import_progress",
    ),
    path(
        "contracts/<int:pk>/plan/import/<int:job_pk>/status/",
        plan_views.plan_import_status,
        name="plan_import_status",
    ),
]

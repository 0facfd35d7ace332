"""URLs of the action pages."""

from django.urls import path

from actions import views

urlpatterns = [
    path("contracts/<int:pk>/actions/", views.contract_actions, name="contract_actions"),
    path("contracts/<int:pk>/funding/", views.contract_funding, name="contract_funding"),
]

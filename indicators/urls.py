"""URLs of the indicator pages."""

from django.urls import path

from indicators import views

urlpatterns = [
    path("contracts/<int:pk>/indicators/", views.contract_indicators, name="contract_indicators"),
]

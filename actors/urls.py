"""URLs of the account page."""

from django.urls import path

from actors import views

urlpatterns = [
    path("compte/", views.account, name="account"),
    path("compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="api_token_revoke"),
]

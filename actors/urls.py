"""URLs of logging in and out, and of the account page."""

from django.contrib.auth import views as auth_views
from django.urls import path

from actors import views

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("compte/", views.account, name="account"),
    path("compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="api_token_revoke"),
]

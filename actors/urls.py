"""URLs of logging in and out (with a password or ProConnect), of the password reset, of
invitations, and of the account page."""

from django.contrib.auth import views as auth_views
from django.urls import path

from actors import proconnect, views

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("connexion/proconnect/", proconnect.login_start, name="proconnect_login"),
    path("connexion/proconnect/retour/", proconnect.login_callback, name="proconnect_callback"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("compte/", views.account, name="account"),
    path("compte/mot-de-passe/", views.password_change, name="password_change"),
    path("compte/preferences/", views.preferences_save, name="account_preferences"),
    path("compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="api_token_revoke"),
]

"""Forms of the account page, and of the password reset (Django's own, e-mailing through the
platform's notifications)."""

from django import forms
from django.contrib.auth import forms as auth_forms

from actors.enums import TokenScope
from actors.services import password_reset_send


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître : l'outil ou le script qui l'utilise.",
    )
    scopes = forms.MultipleChoiceField(
        label="Droits du jeton",
        choices=TokenScope.choices,
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Un jeton n'a jamais plus de droits que vous.",
    )


class PreferencesForm(forms.Form):
    receives_weekly_digest = forms.BooleanField(
        label="Recevoir le point hebdomadaire par courriel",
        required=False,
        help_text="Le lundi : les valeurs d'indicateurs en retard et les fiches sans suivi de vos "
        "contrats ; pour les agents de l'ARS, les contrats qui arrivent à échéance ou n'ont plus "
        "de coordonnateur.",
    )


# The rules of AUTH_PASSWORD_VALIDATORS in a sentence: Django's own help is a list, which has no
# place inside a DSFR label.
NEW_PASSWORD_HELP = (
    "Au moins 8 caractères, pas seulement des chiffres, ni un mot de passe courant, ni proche de "
    "votre nom ou de votre adresse électronique."
)


class SetPasswordForm(auth_forms.SetPasswordForm):
    """A new password chosen from an invitation or a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique de votre compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Django found an active account with a password for the address: it is e-mailed
        through the notifications, like every e-mail of the platform."""
        password_reset_send(user=context["user"], uid=context["uid"], token=context["token"])

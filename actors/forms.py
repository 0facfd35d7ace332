"""Forms of the account page."""

from django import forms

from actors.enums import TokenScope


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

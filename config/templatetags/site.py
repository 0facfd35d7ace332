"""Template tags shared by every page: a button confirmed in a DSFR modal, French plurals."""

from django import template

from config.french import plural, plural_words

register = template.Library()


@register.inclusion_tag("includes/confirm_button.html", takes_context=True)
def confirm_button(
    context,
    *id_parts,
    action: str,
    label: str,
    title: str,
    message: str,
    subject="",
    hidden="",
    confirm_label="",
    danger=True,
):
    """A button that opens a DSFR modal asking to confirm before its form is sent (a POST to
    `action`). `subject` (what is concerned) takes the place of `{}` in `message` and in
    `hidden`, which completes the button's name for screen readers (« Supprimer » what)."""
    return {
        "id": "-".join(str(part) for part in ("confirmer", *id_parts)),
        "action": action,
        "label": label,
        "title": title,
        "message": message.replace("{}", str(subject)),
        "hidden": hidden.replace("{}", str(subject)),
        "confirm_label": confirm_label or label,
        "danger": danger,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter(name="plural")
def plural_filter(count, forms: str) -> str:
    """`{{ n|plural:"commune,communes" }}` → « 1 commune », « 2 communes », « 0 commune »
    (config/french.py); a list or a queryset counts its items."""
    return plural(_number(count), forms)


@register.filter(name="plural_words")
def plural_words_filter(count, forms: str) -> str:
    """The words alone: `<strong>{{ n }}</strong> {{ n|plural_words:"fiche,fiches" }}`."""
    return plural_words(_number(count), forms)


def _number(count) -> int:
    """A number, or the length of a list or a queryset."""
    return count if isinstance(count, int | str) else len(count)

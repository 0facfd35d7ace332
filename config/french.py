"""French wording that depends on a number: « 0 commune », « 1 commune », « 2 communes »."""


def plural(count, forms: str) -> str:
    """The number and its words: `forms` gives the singular, a comma, then the plural (both
    whole phrases, agreements included: « valeur enregistrée,valeurs enregistrées »). French
    takes 0 and 1 in the singular. Thousands are separated by a (narrow) space."""
    number = int(count)
    return f"{number:,} {plural_words(number, forms)}".replace(",", "\u202f")


def plural_words(count, forms: str) -> str:
    """The words alone, as `plural` agrees them with `count`."""
    singular, _, many = forms.partition(",")
    return singular if abs(int(count)) < 2 else (many or singular)


def number(value, decimals: int | None = None) -> str:
    """A number written the French way: « 1 500,25 » (narrow spaces between thousands), with
    `decimals` digits after the comma if given."""
    written = f"{value:,}" if decimals is None else f"{value:,.{decimals}f}"
    return written.replace(",", "\u202f").replace(".", ",")

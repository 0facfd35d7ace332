"""HTML written in Python where templates cost too much (hundreds of cells, boxes or options a
page)."""

import html


def escaped(text) -> str:
    """As Django's `conditional_escape`, without its lazy-string wrapper and safe-string copy:
    text already safe (`mark_safe`) is kept as is."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def attributes(attrs: dict) -> str:
    """A widget's attributes as `django/forms/widgets/attrs.html` writes them: in their order,
    `True` as the bare name, `False` left out."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )

"""HTML written in Python where templates cost too much (hundreds of cells or boxes a page)."""

import html


def escaped(text) -> str:
    """As Django's `escape`, without its lazy-string wrapper and safe-string copy."""
    return html.escape(str(text))

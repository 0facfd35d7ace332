"""A cell of the values grid, written in Python (device `grid_cells`): a grid holds hundreds
of cells, and the template took several times as long. The HTML is
`templates/indicators/_grid_cell.html`'s, from the same context
(`indicators.templatetags.indicators.grid_cell_context`)."""

from django.utils.safestring import mark_safe

from config.fastpaths.html import escaped


def grid_cell_html(cell: dict) -> str:
    """Its inputs when the row is editable (else the figure), the value's status badge, and the
    error of a refused entry; every text escaped here."""
    period, error, value = escaped(cell["period"]), cell["error"], cell["value"]
    parts = []
    if cell["editable"]:
        parts += [
            '<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
            f'name="{escaped(part["name"])}" value="{escaped(part["typed"])}" '
            f'placeholder="{part["placeholder"]}" aria-label="{escaped(part["label"])}, {period}">'
            for part in cell["parts"]
        ]
        parts.append(
            f'<input class="fr-input{" fr-input--error" if error else ""}" type="text" '
            f'inputmode="decimal" size="6" name="value-{escaped(cell["name"])}" '
            f'value="{escaped(cell["typed_value"])}" '
            f'aria-label="{escaped(cell["indicator_name"])}, {period}">'
        )
    else:
        parts.append(escaped(cell["figure"]) if value else "—")
    if value:
        parts += ["<br>", escaped(cell["badge"])]
        if cell["rejected"]:
            parts.append(f'<span class="fr-text--xs">{escaped(value.review_comment)}</span>')
    if error:
        parts.append(f'<p class="fr-message fr-message--error fr-text--xs">{escaped(error)}</p>')
    css = "fr-input-group--error" if error else ""
    return mark_safe(f'<td class="{css}">{"".join(parts)}</td>')  # every text escaped above

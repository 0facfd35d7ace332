"""A cell of the values grid, written in Python (device `grid_cells`): a grid holds hundreds
of cells, and the template took several times as long. The HTML is
`templates/indicators/_grid_cell.html`'s, from the same context
(`indicators.templatetags.indicators.grid_cell_context`)."""

from django.utils.safestring import mark_safe

from config.fastpaths.html import escaped


def grid_cell_html(cell: dict) -> str:
    """Its labelled inputs when the row is editable (else the figure), the value's status badge
    and comments, and the error of a refused entry; every text escaped here."""
    period, error, value = escaped(cell["period"]), cell["error"], cell["value"]
    parts = []
    if cell["editable"]:
        parts += _inputs(cell, period, error)
    else:
        parts.append(escaped(cell["figure"]) if value else "—")
    if value:
        parts += ["<br>", escaped(cell["badge"])]
        if cell["rejected"]:
            parts.append(
                f'<p class="fr-text--xs fr-mb-0">Motif du refus : {escaped(value.review_comment)}</p>'
            )
        if value.comment:
            parts.append(f'<p class="fr-text--xs fr-mb-0">{escaped(value.comment)}</p>')
    if error:
        parts.append(
            f'<p class="fr-message fr-message--error fr-text--xs" id="error-{escaped(cell["name"])}">'
            f"{escaped(error)}</p>"
        )
    css = "fr-input-group--error" if error else ""
    return mark_safe(f'<td class="{css}">{"".join(parts)}</td>')  # every text escaped above


def _inputs(cell: dict, period: str, error: str) -> list[str]:
    """The numerator and denominator inputs of a ratio, then the value's, each with its label."""
    indicator, name = escaped(cell["indicator_name"]), escaped(cell["name"])
    inputs = [
        f'<label class="fr-label fr-text--xs fr-mb-0" for="{escaped(part["name"])}">'
        f'{escaped(part["label"])}<span class="fr-sr-only"> ({escaped(part["of"])}), '
        f"{indicator}, {period}</span></label>"
        '<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
        f'id="{escaped(part["name"])}" name="{escaped(part["name"])}" '
        f'value="{escaped(part["typed"])}">'
        for part in cell["parts"]
    ]
    described = f' aria-describedby="error-{name}"' if error else ""
    inputs.append(
        f'<label class="fr-label fr-text--xs fr-mb-0" for="value-{name}">Valeur'
        f'<span class="fr-sr-only">, {indicator}, {period}</span></label>'
        f'<input class="fr-input{" fr-input--error" if error else ""}" type="text" '
        f'inputmode="decimal" size="6" id="value-{name}" name="value-{name}" '
        f'value="{escaped(cell["typed_value"])}"{described}>'
    )
    return inputs

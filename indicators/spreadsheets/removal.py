"""What the platform holds and the file does not: listed in the preview, and removed only when
the user asks (« supprimer ce qui n'est plus dans le fichier »), under guard.

Only the sheets the file has are compared (a file without « Indicateurs » removes no indicator),
and values are never removed. What would lose work is refused, each refusal saying the way out:
an axis that keeps fiches, an objective that keeps sub-objectives, an indicator with validated
values, a fiche with funding, documents or validated values.
"""

from indicators.enums import ValueStatus
from indicators.spreadsheets.importing import ImportRun

KEEP_OR_UNTICK = (
    "remettez-le dans le fichier, ou décochez « supprimer ce qui n'est plus dans le fichier »."
)


def missing_report(run: ImportRun, *, remove: bool):
    """List (and with `remove`, remove) what the file's sheets no longer hold, children first."""
    for sheet, missing, guard, delete in (
        ("Indicateurs", _missing_indicators, _indicator_guard, _delete),
        ("Actions", _missing_actions, _action_guard, _delete),
        ("Objectifs", _missing_objectives, _objective_guard, _delete),
        ("Axes", _missing_axes, _axis_guard, _delete),
    ):
        if not run.plan.has_sheet(sheet):
            continue
        report = run.report(sheet)
        for item, label in missing(run):
            if not remove:
                report.missing.append(label)
                continue
            refusal = guard(run, item)
            if refusal:
                run.plan.problem(
                    None, sheet, "", f"« {label} » n'est plus dans le fichier mais {refusal}"
                )
            else:
                delete(run, item)
                report.removed.append(label)


def _delete(run: ImportRun, item):
    item._history_user = run.by
    item.delete()


# What is missing ----------------------------------------------------------------------------


def _missing_indicators(run: ImportRun):
    from indicators.spreadsheets.indicator_rows import _label

    seen = set(run.indicator_rows)
    return [(i, _label(i)) for key, i in run.indicators.items() if key not in seen]


def _missing_actions(run: ImportRun):
    return [
        (action, str(action))
        for number, action in sorted(run.actions.items())
        if number not in run.action_rows
    ]


def _missing_objectives(run: ImportRun):
    # The deepest first: a specific objective goes before the general one above it.
    depth = {"operational": 0, "specific": 1, "general": 2}
    missing = [o for o in run.objectives if o.pk not in run.seen_objectives]
    missing.sort(key=lambda o: (depth.get(o.level, 0), o.axis.number, o.number))
    return [(o, f"Objectif {o}") for o in missing]


def _missing_axes(run: ImportRun):
    return [
        (axis, str(axis))
        for number, axis in sorted(run.axes.items())
        if number not in run.axis_rows
    ]


# The guards ---------------------------------------------------------------------------------


def _indicator_guard(run: ImportRun, indicator) -> str:
    if indicator.values.filter(status=ValueStatus.VALIDATED).exists():
        return f"ses valeurs validées par l'ARS le gardent : {KEEP_OR_UNTICK}"
    return ""


def _action_guard(run: ImportRun, action) -> str:
    if action.funding_lines.exists():
        return (
            "elle a des lignes de financement : supprimez-les d'abord sur la fiche, ou "
            + KEEP_OR_UNTICK.replace("remettez-le", "remettez-la")
        )
    if action.documents.exists():
        return (
            "elle a des documents : retirez-les d'abord de la fiche, ou "
            + KEEP_OR_UNTICK.replace("remettez-le", "remettez-la")
        )
    validated = action.indicators.filter(values__status=ValueStatus.VALIDATED).exists()
    if validated:
        return "ses indicateurs ont des valeurs validées par l'ARS : " + KEEP_OR_UNTICK.replace(
            "remettez-le", "remettez-la"
        )
    return ""


def _objective_guard(run: ImportRun, objective) -> str:
    if objective.children.exists():
        return "il a des sous-objectifs gardés : retirez-les du fichier aussi, ou " + KEEP_OR_UNTICK
    return ""


def _axis_guard(run: ImportRun, axis) -> str:
    numbers = list(axis.actions.order_by("number").values_list("number", flat=True))
    if numbers:
        return (
            f"il a encore des fiches actions ({', '.join(numbers[:5])}) : retirez-les du fichier "
            "aussi, ou rattachez-les à un autre axe, ou " + KEEP_OR_UNTICK
        )
    return ""

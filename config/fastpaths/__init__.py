"""Performance devices: code that replaces framework machinery or relies on private internals
of Django, DRF or a driver to save time on a hot path.

Each stays only while it earns at least 1 ms per request or 10 % of its figure in `make bench`,
measured in the same run with it switched off (`switched_off`): `enabled(name)` is the one
switch each device checks, and README.md here says what each saves, on which figure, which
private API it relies on and which test pins it.
"""

import contextlib

DEVICES = {
    "token_lookup": "recherche du jeton compilée une fois (CompiledLookup)",
    "prepared_statements": "requête des droits préparée par PostgreSQL",
    "json_rows": "listes et détails de l'API faits en JSON par PostgreSQL",
    "row_sql_cached": "SQL d'une ligne JSON compilé une fois par jour",
    "any_of": "identifiants du périmètre liés en un seul tableau (__any_of)",
    "collector_pause": "ramasse-miettes suspendu pendant l'export du plan",
    "form_renderer": "listes déroulantes et champs écrits en Python",
    "checkbox_choices": "cases à cocher écrites en Python",
    "grid_cells": "cellules de la grille des valeurs écrites en Python",
}
_switched_off: set[str] = set()


def enabled(name: str) -> bool:
    return name not in _switched_off


@contextlib.contextmanager
def switched_off(*names: str):
    """The devices `names` off for the block: the framework's own path instead."""
    unknown = set(names) - set(DEVICES)
    if unknown:
        raise ValueError(f"Dispositifs inconnus : {sorted(unknown)}")
    before = set(_switched_off)
    _switched_off.update(names)
    try:
        yield
    finally:
        _switched_off.clear()
        _switched_off.update(before)

"""The large plan import figure of `make bench` runs and leaves the database as it was (its
speed is measured by `make bench`, never asserted here)."""

from bench import plan_import


def test_the_import_figure_reads_previews_and_imports_then_rolls_back(world, monkeypatch):
    monkeypatch.setattr(plan_import, "ROWS", 40)
    before = world.contract.actions.count()

    [line] = plan_import.plan_import_figures(world.contract, world.coordinator)

    assert line.startswith("Import d'un classeur de 40 fiches actions")
    assert "aperçu" in line and "import confirmé" in line and "pic mémoire" in line
    assert world.contract.actions.count() == before
    assert not world.contract.axes.filter(number__gt=90).exists()

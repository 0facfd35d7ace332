"""The nightly batch figure weighs the one-by-one runs made before and after the workers'."""

from bench.batch import Measures, batch_lines


def test_the_ideal_is_half_the_mean_of_both_one_by_one_runs():
    measures = Measures(
        singles=[1.0, 3.0],  # 4 s before the workers' run…
        singles_after=[2.0, 4.0],  # …6 s after, on a machine that slowed down
        singles_cpu=4.5,
        wall=2.0,
        workers_cpu=3.8,
        machine_busy=1.9,
    )

    lines = batch_lines("Lot nocturne des bilans annuels 2025", measures, due=479, elapsed=30)

    assert "somme des temps unitaires 5.0 s (avant 4.0 s, après 6.0 s), /2 = 2.5 s" in lines[0]
    assert "efficacité 1.25 (cible ≥ 0,85)" in lines[0]
    assert "contre 4.5 s un par un" in lines[1]
    assert "temps unitaire médian 2.50 s, le plus long 4.00 s" in lines[2]

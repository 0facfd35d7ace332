"""What each performance device earns (config/fastpaths): its figure measured in the same run
with the device on and switched off, in turn, so that a machine that changes speed weighs on
both alike. A device stays while it earns at least 1 ms per request or 10 % of its figure.
"""

import functools
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import reverse

from config import fastpaths

# What a device must earn to stay (DESIGN.md §7).
MIN_GAIN_SECONDS = 0.001
MIN_GAIN_SHARE = 0.10


@dataclass(frozen=True)
class Probe:
    """A request a device speeds up: `url(subjects)` as the `who` client asks it."""

    label: str
    who: str  # "api" (the agent's read token), "web" (the agent), "staff" (an administrator)
    url: Callable


@dataclass(frozen=True)
class Gain:
    device: str
    label: str
    with_device: float
    without: float

    @property
    def saved(self) -> float:
        return self.without - self.with_device

    @property
    def share(self) -> float:
        return self.saved / self.without if self.without else 0.0

    @property
    def earns_its_keep(self) -> bool:
        return self.saved >= MIN_GAIN_SECONDS or self.share >= MIN_GAIN_SHARE


def _api(name: str, query: str = "") -> Callable:
    return lambda subjects: f"{reverse(name)}?{query.format(region=subjects.region.pk)}"


def _page(name: str, *args: str) -> Callable:
    def url(subjects):
        contract = subjects.contract
        action = contract.actions.order_by("pk").first()
        values = {"contract": contract.pk, "action": action.pk}
        return reverse(name, args=[values[arg] for arg in args])

    return url


ACTIONS = Probe(
    "API des fiches de la région", "api", _api("action-list", "region={region}&page_size=100")
)
VALUES = Probe("API des valeurs, page de 100", "api", _api("indicator-value-list", "page_size=100"))
PROBES = {
    "token_lookup": VALUES,
    "prepared_statements": VALUES,
    "json_rows": ACTIONS,
    "row_sql_cached": ACTIONS,
    "any_of": VALUES,
    "collector_pause": Probe("export du plan", "web", _page("plan_export", "contract")),
    "form_renderer": Probe(
        "modification d'une fiche action", "web", _page("action_edit", "contract", "action")
    ),
    "checkbox_choices": Probe(
        "compte rendu d'une réunion", "web", _page("meeting_create", "contract")
    ),
    "grid_cells": Probe("grille des valeurs", "web", _page("values_grid", "contract")),
}


def alternate(request: Callable, device: str, runs: int) -> tuple[float, float]:
    """Median times of `request` with `device` on and off, measured in turn."""
    request()
    with fastpaths.switched_off(device):
        request()
    on, off = [], []
    for _ in range(runs):
        on.append(_seconds(request))
        with fastpaths.switched_off(device):
            off.append(_seconds(request))
    return statistics.median(on), statistics.median(off)


def _seconds(request: Callable) -> float:
    start = time.perf_counter()
    request()
    return time.perf_counter() - start


def device_gains(clients: dict[str, Client], subjects, runs: int) -> Iterator[Gain]:
    """One gain per device."""
    for device, probe in PROBES.items():
        url = probe.url(subjects)
        client = clients[probe.who]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        on, off = alternate(functools.partial(client.get, url), device, runs)
        yield Gain(device, f"{probe.label} ({url})", on, off)


def gain_line(gain: Gain) -> str:
    verdict = "gagne sa place" if gain.earns_its_keep else "NE GAGNE PAS sa place"
    return (
        f"Dispositif {gain.device} — {fastpaths.DEVICES[gain.device]} — sur {gain.label} : "
        f"avec {gain.with_device * 1000:.2f} ms, sans {gain.without * 1000:.2f} ms, "
        f"gain {gain.saved * 1000:.2f} ms ({gain.share:.0%}) : {verdict} "
        "(≥ 1 ms ou ≥ 10 %)"
    )

// Writes the name, situation and population of the territory under the pointer or the
// keyboard focus beside the map: the SVG's own tooltips show on hover only.
for (const panel of document.querySelectorAll("[data-map-info]")) {
  const map = document.getElementById(panel.dataset.mapInfo);
  const show = (event) => {
    const title = event.target.closest("a")?.querySelector("title");
    if (title) {
      panel.textContent = title.textContent;
    }
  };
  map?.addEventListener("focusin", show);
  map?.addEventListener("mouseover", show);
}

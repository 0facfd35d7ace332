/*
 * A table wider than the screen scrolls sideways inside its DSFR frame: that scrolling box then
 * takes the keyboard focus (tabindex="0", outlined by the DSFR), so that the arrow keys scroll
 * it (WCAG 2.1.1, RGAA 12.13). A table that fits keeps no extra tab stop; the check runs again
 * when the box changes width. An external file, no inline script: the pages keep a strict
 * Content-Security-Policy.
 */
(function () {
  "use strict";

  var boxes = document.querySelectorAll(".fr-table > table, .fr-table__content");

  function reachable(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }

  Array.prototype.forEach.call(boxes, reachable);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        reachable(entry.target);
      });
    });
    Array.prototype.forEach.call(boxes, function (box) {
      observer.observe(box);
    });
  }
})();

/*
 * The queue « À valider »: a « Tout cocher » box ticks or unticks every value of the page.
 * Without scripts the box stays hidden and each value is ticked on its own. An external file,
 * no inline script: the pages keep a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var group = document.querySelector("[data-select-all]");
  if (!group) {
    return;
  }
  var all = group.querySelector("input");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-queue-value]"));

  function reflect() {
    var ticked = boxes.filter(function (box) {
      return box.checked;
    }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  all.addEventListener("change", function () {
    boxes.forEach(function (box) {
      box.checked = all.checked;
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", reflect);
  });
  group.hidden = false;
  reflect();
})();

/*
 * Follows a plan import running in the background: shows how many rows were read, then reloads
 * the page once it is finished (which then shows the outcome). An external file, no inline
 * script: the pages keep a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 1500;
  var MAX_POLLS = 600;

  function poll(element, count) {
    fetch(element.dataset.planImportStatusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.is_finished) {
          window.location.reload();
          return;
        }
        var bar = element.querySelector("[data-plan-import-progress]");
        var shown = element.querySelector("[data-plan-import-count]");
        var badge = element.querySelector("[data-plan-import-status]");
        if (bar) {
          bar.value = data.done;
        }
        if (shown) {
          shown.textContent = data.done + " / " + data.total;
        }
        if (badge) {
          badge.textContent = data.status_label;
        }
        if (count < MAX_POLLS) {
          window.setTimeout(poll, INTERVAL_MS, element, count + 1);
        }
      })
      .catch(function () {
        if (count < MAX_POLLS) {
          window.setTimeout(poll, INTERVAL_MS * 2, element, count + 1);
        }
      });
  }

  document.querySelectorAll("[data-plan-import-status-url]").forEach(function (element) {
    if (element.querySelector("[data-plan-import-progress]")) {
      poll(element, 0);
    }
  });
})();

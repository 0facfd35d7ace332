/*
 * Follows the documents being prepared (pending, running) and shows their new state, with the
 * download link once ready, without reloading the page. Each element carrying
 * data-report-status-url is polled until its document is finished.
 * An external file, no inline script: the pages keep a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 2000;
  var MAX_POLLS = 450; // 15 minutes: the longest a document may take.
  var BADGE_CLASSES = {
    pending: "fr-badge--info",
    running: "fr-badge--info",
    ready: "fr-badge--success",
    failed: "fr-badge--error",
  };

  function show(element, data) {
    var badge = element.querySelector("[data-report-badge] .fr-badge");
    if (badge) {
      badge.className = "fr-badge fr-badge--sm " + (BADGE_CLASSES[data.status] || "");
      badge.textContent = data.status_label;
    }
    var error = element.querySelector("[data-report-error]");
    if (error) {
      error.textContent = data.error_message || "";
    }
    var download = element.querySelector("[data-report-download]");
    if (download && data.download_url && !download.querySelector("a")) {
      var link = document.createElement("a");
      link.className = "fr-link fr-icon-download-line fr-link--icon-left";
      link.href = data.download_url;
      link.setAttribute("download", "");
      link.textContent = "Télécharger le PDF";
      download.appendChild(link);
    }
    element.dataset.reportFinished = data.is_finished ? "true" : "false";
  }

  function poll(element, count) {
    fetch(element.dataset.reportStatusUrl, {
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
        show(element, data);
        if (!data.is_finished && count < MAX_POLLS) {
          window.setTimeout(poll, INTERVAL_MS, element, count + 1);
        }
      })
      .catch(function () {
        // The server or the network hiccupped: try again, more slowly.
        if (count < MAX_POLLS) {
          window.setTimeout(poll, INTERVAL_MS * 5, element, count + 5);
        }
      });
  }

  document.querySelectorAll("[data-report-status-url]").forEach(function (element) {
    if (element.dataset.reportFinished !== "true") {
      poll(element, 0);
    }
  });
})();

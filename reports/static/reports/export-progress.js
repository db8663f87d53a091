// Polls a report export's status and moves its progress bar; reloads when the file is ready.
(function () {
  "use strict";
  var box = document.querySelector(".job[data-status-url]");
  if (!box || box.dataset.active !== "1") { return; }
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector(".progress");
  function text(selector, value) {
    var node = box.querySelector(selector);
    if (node) { node.textContent = value; }
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.style.width = job.percent + "%";
        meter.setAttribute("aria-valuenow", String(job.percent));
        text(".job-written", job.written);
        text(".job-total", job.total);
        text(".job-status", job.status_label);
        if (job.active) { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

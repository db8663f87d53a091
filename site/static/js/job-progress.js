// Polls a background job's status URL, moves its progress bar and fills the elements named by
// data-job-field from the JSON reply; reloads the page when the job has ended.
(function () {
  "use strict";
  var box = document.querySelector(".job[data-status-url]");
  if (!box || box.dataset.active !== "1") { return; }
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector(".progress");
  function show(job) {
    bar.style.width = job.percent + "%";
    meter.setAttribute("aria-valuenow", String(job.percent));
    box.querySelectorAll("[data-job-field]").forEach(function (node) {
      var value = job[node.dataset.jobField];
      if (value !== undefined && value !== null) { node.textContent = value; }
    });
    var status = box.querySelector(".job-status");
    if (status) { status.dataset.status = job.status; }
    var error = box.querySelector(".job-error");
    if (error && job.error) { error.textContent = job.error; error.hidden = false; }
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.active) { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

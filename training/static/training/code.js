// Keeps the trainer's check-in code current: asks the server for it when the step ends.
(function () {
  "use strict";
  var box = document.getElementById("checkin-code");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var seconds = document.getElementById("code-seconds");
  var bar = document.getElementById("code-bar");
  var count = document.getElementById("code-count");
  var left = parseInt(box.getAttribute("data-left"), 10) || 30;
  var step = parseInt(box.getAttribute("data-step"), 10) || 45;

  function show() {
    if (seconds) { seconds.textContent = String(Math.max(left, 0)); }
    if (bar) { bar.style.width = Math.max(0, Math.min(100, (left / step) * 100)) + "%"; }
  }

  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { left = 5; return; }
        box.textContent = data.code;
        left = data.seconds_left;
        step = data.step_seconds;
        if (count) { count.textContent = String(data.checked_in); }
        show();
      })
      .catch(function () { left = 5; });
  }

  show();
  setInterval(function () {
    left -= 1;
    if (left <= 0) { refresh(); } else { show(); }
  }, 1000);
})();

/* The lesson page side of a SCORM activity: accepts messages only from its own launcher frame
   on the content origin and posts each commit to the platform with the CSRF token. */
(function () {
  "use strict";
  var root = document.querySelector("[data-scorm-activity]");
  if (!root) {
    return;
  }
  var frame = root.querySelector("iframe.scorm-player");
  var statusBox = root.querySelector(".scorm-status");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]");
  var recording = root.dataset.recording === "1";
  var origin = root.dataset.contentOrigin;
  var queue = Promise.resolve();

  function show(answer) {
    if (!statusBox) {
      return;
    }
    if (!answer.ok) {
      if (answer.data && answer.data.detail) {
        statusBox.textContent = answer.data.detail;
      }
      return;
    }
    var text = root.dataset.savedText;
    if (answer.data.score !== null && answer.data.score !== undefined) {
      text = root.dataset.scoreTemplate.replace("{score}", answer.data.score + "%");
    }
    statusBox.textContent = text;
    var current = root.querySelector(".scorm-toc-item.is-current");
    var partStatus = current && current.querySelector(".scorm-toc-status");
    if (partStatus && !current.classList.contains("is-done")) {
      partStatus.textContent = root.dataset.partStartedText;
    }
    if (current && answer.data.completed && answer.data.passed !== false) {
      current.classList.add("is-done");
      if (partStatus) {
        partStatus.textContent = root.dataset.partDoneText;
      }
      // Simple sequencing: once a SCO is done, offer the next one in order.
      var next = root.querySelector(".scorm-next");
      if (next) {
        next.hidden = false;
      }
    }
    if (answer.data.lesson_done && !root.classList.contains("scorm-done")) {
      root.classList.add("scorm-done");
      var note = document.createElement("p");
      note.className = "done-note";
      note.textContent = "✓ " + root.dataset.doneText;
      statusBox.insertAdjacentElement("afterend", note);
    }
  }

  function post(body) {
    var text = JSON.stringify(body);
    queue = queue.then(function () {
      return fetch(root.dataset.commitUrl, {
        method: "POST",
        credentials: "same-origin",
        // A SCO often commits while the page unloads; keepalive lets that request finish.
        keepalive: text.length < 60000,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: text
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .catch(function () {
          return { ok: false, data: {} };
        })
        .then(function (answer) {
          show(answer);
          root.dataset.commits = String(Number(root.dataset.commits || 0) + 1);
          return answer;
        });
    });
    return queue;
  }

  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) {
      return;
    }
    var message = event.data;
    if (!message || typeof message !== "object") {
      return;
    }
    if (message.type === "scorm:commit" && recording && message.cmi && typeof message.cmi === "object") {
      post({ token: root.dataset.launchToken, cmi: message.cmi, terminate: !!message.terminate });
    } else if (message.type === "scorm:ready") {
      root.classList.add("scorm-ready");
    }
  });
})();

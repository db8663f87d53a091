/* The lesson page side of an H5P activity: accepts messages only from its own sandboxed
   player frame and posts statements and saved state to the API with the CSRF token. */
(function () {
  "use strict";
  var root = document.querySelector("[data-h5p-activity]");
  if (!root) {
    return;
  }
  var frame = root.querySelector("iframe.h5p-player");
  var resultBox = root.querySelector(".h5p-result");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]");
  var recording = root.dataset.recording === "1";
  var queue = Promise.resolve();
  // Statements the player emits together (answered, completed, progressed) go in one request.
  var pending = [];
  var flushTimer = null;

  function post(url, body) {
    queue = queue.then(function () {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        // State is also saved while the page unloads; keepalive lets that request finish.
        keepalive: JSON.stringify(body).length < 60000,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
        body: JSON.stringify(body)
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .catch(function () {
          return { ok: false, data: {} };
        });
    });
    return queue;
  }

  function showResult(answer) {
    if (!resultBox || !answer.data) {
      return;
    }
    if (!answer.ok) {
      // A refusal the learner can act on (e.g. an expired player: reload the page).
      if (answer.data.detail) {
        resultBox.textContent = answer.data.detail;
        resultBox.hidden = false;
      }
      return;
    }
    if (answer.data.score === null) {
      return;
    }
    var text = root.dataset.resultTemplate
      .replace("{score}", answer.data.score)
      .replace("{max}", answer.data.max_score);
    resultBox.textContent = text;
    resultBox.hidden = false;
    if (answer.data.lesson_done && !root.classList.contains("h5p-done")) {
      root.classList.add("h5p-done");
      var note = document.createElement("p");
      note.className = "done-note";
      note.textContent = "✓ " + root.dataset.doneText;
      resultBox.insertAdjacentElement("afterend", note);
    }
  }

  function flushStatements() {
    flushTimer = null;
    if (!pending.length) {
      return;
    }
    var batch = pending;
    pending = [];
    post(root.dataset.statementsUrl, {
      statement: batch.length === 1 ? batch[0] : batch,
      player_token: root.dataset.playerToken
    }).then(showResult);
  }

  window.addEventListener("pagehide", flushStatements);

  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow) {
      return;
    }
    var message = event.data;
    if (!message || typeof message !== "object") {
      return;
    }
    if (message.type === "h5p:resize" && typeof message.height === "number") {
      frame.style.height = Math.max(200, Math.min(5000, Math.ceil(message.height))) + "px";
    } else if (message.type === "h5p:xapi" && recording) {
      pending.push(message.statement);
      if (pending.length >= 50) {
        flushStatements();
      } else if (flushTimer === null) {
        flushTimer = setTimeout(flushStatements, 40);
      }
    } else if (message.type === "h5p:state" && recording) {
      post(root.dataset.stateUrl, {
        data_type: message.dataType,
        sub_content_id: message.subContentId,
        data: message.data,
        preload: message.preload !== false,
        invalidate: !!message.invalidate
      });
    } else if (message.type === "h5p:ready") {
      root.classList.add("h5p-ready");
    }
  });
})();

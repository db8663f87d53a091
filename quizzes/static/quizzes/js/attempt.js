// Autosave, resume and the countdown of a quiz attempt. The server keeps the answers and the
// time; this script only sends answers as the learner goes, keeps unsent ones on the device,
// shows the time the server says is left and submits the form when it runs out.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var status = document.querySelector(".save-status");
  var timer = document.querySelector(".quiz-timer");
  var storeKey = "quiz-attempt-" + form.dataset.attempt;
  var seq = parseInt(form.dataset.seq, 10) || 0;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var dirty = false, sending = false, debounce = null, retry = null, submitted = false;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function answers() {
    var result = {};
    form.querySelectorAll("fieldset[data-item]").forEach(function (set) {
      var id = set.dataset.item, kind = set.dataset.kind, name = "q-" + id;
      if (kind === "multiple") {
        result[id] = Array.prototype.map.call(
          set.querySelectorAll("input[name='" + name + "']:checked"), function (el) { return el.value; });
      } else if (kind === "single" || kind === "truefalse") {
        var checked = set.querySelector("input[name='" + name + "']:checked");
        result[id] = checked ? checked.value : "";
      } else if (kind === "short") {
        result[id] = set.querySelector("input[name='" + name + "']").value;
      } else if (kind === "matching") {
        var pairs = {};
        set.querySelectorAll("select[data-prompt]").forEach(function (sel) { pairs[sel.dataset.prompt] = sel.value; });
        result[id] = pairs;
      } else if (kind === "ordering" && set.dataset.touched) {
        result[id] = Array.prototype.map.call(
          set.querySelectorAll("input[name='" + name + "']"), function (el) { return el.value; });
      }
    });
    return result;
  }

  function restore(saved) {
    form.querySelectorAll("fieldset[data-item]").forEach(function (set) {
      var id = set.dataset.item, kind = set.dataset.kind, value = saved[id];
      if (value === undefined) return;
      if (kind === "multiple" || kind === "single" || kind === "truefalse") {
        var chosen = Array.isArray(value) ? value : [value];
        set.querySelectorAll("input").forEach(function (el) { el.checked = chosen.indexOf(el.value) >= 0; });
      } else if (kind === "short") {
        set.querySelector("input").value = value;
      } else if (kind === "matching") {
        set.querySelectorAll("select[data-prompt]").forEach(function (sel) { sel.value = value[sel.dataset.prompt] || ""; });
      } else if (kind === "ordering" && Array.isArray(value)) {
        var list = set.querySelector("ol");
        value.forEach(function (itemId) {
          var input = list.querySelector("input[value='" + itemId + "']");
          if (input) list.appendChild(input.closest("li"));
        });
        set.dataset.touched = "1";
      }
    });
  }

  function keep() {
    try { localStorage.setItem(storeKey, JSON.stringify({ seq: seq, answers: answers() })); } catch (e) { /* storage full or off */ }
  }

  function forget() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* storage off */ }
  }

  function changed() {
    dirty = true;
    keep();
    clearTimeout(debounce);
    debounce = setTimeout(save, 700);
  }

  function save() {
    if (submitted) return;
    if (sending) { dirty = true; return; }
    if (!dirty) return;
    dirty = false;
    sending = true;
    say(status.dataset.saving);
    fetch(form.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ seq: seq + 1, answers: answers() })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, code: response.status, body: body }; });
    }).then(function (reply) {
      sending = false;
      if (reply.ok) {
        seq = reply.body.seq;
        if (reply.body.remaining_seconds !== null) setRemaining(reply.body.remaining_seconds);
        if (dirty) { save(); return; }
        forget();
        say(status.dataset.saved, "ok");
        return;
      }
      say(reply.body.detail || "", "error");
      if (reply.body.code === "TimeUp" || reply.body.code === "AttemptClosed") {
        forget();
        submitted = true;
        window.location.reload();
      }
    }).catch(function () {
      sending = false;
      dirty = true;
      say(status.dataset.offline, "offline");
      clearTimeout(retry);
      retry = setTimeout(save, 5000);
    });
  }

  var endsAt = null;
  function setRemaining(seconds) { endsAt = Date.now() + seconds * 1000; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    if (endsAt === null) return;
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    timer.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    timer.classList.toggle("quiz-timer-low", left <= 60);
    if (left === 0 && !submitted) {
      say(status.dataset.timeUp, "error");
      submitted = true;
      forget();
      confirmSubmit();
      form.submit();
    }
  }
  if (timer) {
    setRemaining(parseInt(timer.dataset.remaining, 10));
    tick();
    setInterval(tick, 1000);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) { if (event.target.type === "text") changed(); });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.move");
    if (!button) return;
    var item = button.closest("li"), list = item.parentNode;
    if (button.classList.contains("move-up") && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (button.classList.contains("move-down") && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
    item.closest("fieldset").dataset.touched = "1";
    changed();
  });
  var confirmBox = document.getElementById("submit-confirm");

  function confirmSubmit() {
    var confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirm";
    confirmed.value = "1";
    form.appendChild(confirmed);
  }

  function unanswered() {
    var blank = 0;
    form.querySelectorAll("fieldset[data-item]").forEach(function (set) {
      var kind = set.dataset.kind, given;
      if (kind === "short") {
        given = set.querySelector("input[type=text]").value.trim() !== "";
      } else if (kind === "matching") {
        given = Array.prototype.some.call(set.querySelectorAll("select"), function (sel) { return sel.value !== ""; });
      } else if (kind === "ordering") {
        given = !!set.dataset.touched;
      } else {
        given = !!set.querySelector("input:checked");
      }
      if (!given) blank += 1;
    });
    return blank;
  }

  // Submitting grades the attempt and uses it up: with questions left blank, ask first.
  form.addEventListener("submit", function (event) {
    if (submitted || !confirmBox) return;
    var confirmed = event.submitter && event.submitter.name === "confirm";
    if (confirmed) {
      // The buttons are disabled below, and a disabled submitter is left out of the form data.
      confirmSubmit();
      return;
    }
    var blank = unanswered();
    if (blank > 0) {
      event.preventDefault();
      event.stopImmediatePropagation();
      confirmBox.querySelector(".unanswered-count").textContent = blank;
      confirmBox.hidden = false;
      confirmBox.focus();
    }
  });
  if (confirmBox) {
    confirmBox.querySelector(".confirm-back").addEventListener("click", function (event) {
      event.preventDefault();
      confirmBox.hidden = true;
      var first = Array.prototype.find.call(form.querySelectorAll("fieldset[data-item]"), function (set) {
        return set.querySelector("input, select");
      });
      if (first) first.scrollIntoView();
    });
  }

  form.addEventListener("submit", function () {
    submitted = true;
    forget();
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
  window.addEventListener("online", save);

  form.querySelectorAll("fieldset[data-kind=ordering]").forEach(function (set) {
    if (set.dataset.answered) set.dataset.touched = "1";
  });
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { stored = null; }
  if (stored && stored.seq === seq && stored.answers) {
    // Answers changed on this device after the last save that reached the server.
    restore(stored.answers);
    dirty = true;
    save();
  } else if (stored) {
    forget();
  }
})();

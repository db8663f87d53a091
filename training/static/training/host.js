// The host's live list of open questions, refreshed every few seconds.
(function () {
  "use strict";
  var list = document.getElementById("host-questions");
  if (!list) { return; }
  var url = list.getAttribute("data-url");
  var empty = list.getAttribute("data-empty");

  function render(questions) {
    list.textContent = "";
    if (!questions.length) {
      var li = document.createElement("li");
      li.className = "empty";
      li.textContent = empty;
      list.appendChild(li);
      return;
    }
    questions.forEach(function (q) {
      var li = document.createElement("li");
      li.className = "question";
      li.id = "q-" + q.id;
      var votes = document.createElement("span");
      votes.className = "votes";
      votes.textContent = "▲ " + q.votes;
      var text = document.createElement("span");
      text.textContent = q.text;
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [q.field, q.from, q.unit ? "→ " + q.unit : ""].filter(Boolean).join(" · ");
      li.appendChild(votes);
      li.appendChild(text);
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  setInterval(function () {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { render(data.questions); } })
      .catch(function () {});
  }, 5000);
})();

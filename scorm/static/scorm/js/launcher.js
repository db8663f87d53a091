/* Runs on the SCORM content origin (no platform cookie, no platform DOM). Creates the SCORM
   runtime the SCO looks for in its parent (window.API for 1.2, window.API_1484_11 for 2004),
   restores the learner's saved CMI, loads the SCO in the frame beneath, and hands every commit
   to the lesson page by postMessage; the lesson page checks and posts it. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("scorm-config").textContent);
  var parentOrigin = JSON.parse(document.getElementById("scorm-parent-origin").textContent);
  var scorm12 = config.version === "1.2";
  var settings = {
    autocommit: false,
    lmsCommitUrl: false,
    logLevel: 5,
    mastery_override: scorm12 && config.masteryScore !== null
  };
  var api;
  try {
    api = scorm12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(config.resume, "");
  } catch (error) {
    document.getElementById("scorm-error").hidden = false;
    return;
  }
  if (scorm12) {
    window.API = api;
  } else {
    window.API_1484_11 = api;
  }

  function send(terminate) {
    var cmi;
    try {
      cmi = JSON.parse(JSON.stringify(api.renderCommitCMI(terminate)));
    } catch (error) {
      return;
    }
    window.parent.postMessage({ type: "scorm:commit", cmi: cmi, terminate: terminate }, parentOrigin);
  }

  api.on(scorm12 ? "LMSCommit" : "Commit", function () { send(false); });
  api.on(scorm12 ? "LMSFinish" : "Terminate", function () { send(true); });

  document.getElementById("scorm-sco").src = config.scoUrl;
  window.parent.postMessage({ type: "scorm:ready" }, parentOrigin);
})();

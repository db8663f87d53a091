/* Runs inside the sandboxed player frame (an opaque origin without the platform's cookies,
   storage or DOM). Starts h5p-standalone and relays xAPI statements, saved state and the
   content height to the lesson page with postMessage; the lesson page checks and posts them. */
(function () {
  "use strict";
  var options = JSON.parse(document.getElementById("h5p-options").textContent);
  var parentOrigin = JSON.parse(document.getElementById("h5p-parent-origin").textContent);
  var container = document.getElementById("h5p-container");

  function send(message) {
    window.parent.postMessage(message, parentOrigin);
  }

  function plain(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // H5P core saves state with an AJAX POST; here the state goes to the lesson page instead.
  function relayState(core) {
    core.setUserData = function (contentId, dataType, data, extra) {
      var settings = extra || {};
      var json;
      try {
        json = JSON.stringify(data);
      } catch (error) {
        return;
      }
      send({
        type: "h5p:state",
        dataType: String(dataType),
        subContentId: String(settings.subContentId || 0),
        data: data === null ? null : json,
        preload: settings.preloaded !== false,
        invalidate: !!settings.deleteOnChange
      });
    };
    core.deleteUserData = function (contentId, dataType, subContentId) {
      send({
        type: "h5p:state",
        dataType: String(dataType),
        subContentId: String(subContentId || 0),
        data: null
      });
    };
  }

  function reportHeight() {
    send({ type: "h5p:resize", height: document.documentElement.scrollHeight });
  }

  // Start the content ourselves, after listening, so that its first "attempted" is relayed.
  options.preventH5PInit = false;
  new H5PStandalone.H5P(container, options)
    .then(function () {
      var core = window.H5P;
      core.externalDispatcher.on("xAPI", function (event) {
        send({ type: "h5p:xapi", statement: plain(event.data.statement) });
      });
      relayState(core);
      core.preventInit = false;
      core.init(container);
      // Content announces a new height with "resize" (the core's iframe contract).
      (core.instances || []).forEach(function (instance) {
        core.on(instance, "resize", reportHeight);
      });
      if (window.ResizeObserver) {
        new ResizeObserver(reportHeight).observe(document.body);
      }
      reportHeight();
      send({ type: "h5p:ready" });
    })
    .catch(function (error) {
      document.getElementById("h5p-error").hidden = false;
      send({ type: "h5p:error", message: String(error) });
      reportHeight();
    });
})();

// The trainer's scanner: reads learner cards with the camera where the browser can
// (BarcodeDetector), and always accepts a typed or pasted value. Submits without a reload.
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form) { return; }
  var input = form.querySelector("input[name=value]");
  var result = document.getElementById("scan-result");
  var video = document.getElementById("scanner-video");
  var cameraButton = document.getElementById("camera-start");
  var lastValue = "";
  var lastAt = 0;
  var busy = false;

  function showResult(level, message) {
    result.className = "scan-result scan-" + level;
    result.textContent = message;
    result.hidden = false;
  }

  function submit(value) {
    if (busy) { return; }
    busy = true;
    var body = new FormData(form);
    body.set("value", value);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        showResult(data.level || (data.ok ? "ok" : "error"), data.message);
        if (data.ok) { input.value = ""; }
        if (navigator.vibrate) { navigator.vibrate(data.ok ? 80 : [60, 60, 60]); }
      })
      .catch(function () { form.submit(); })
      .then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.value.trim()) { submit(input.value.trim()); }
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !video) { return; }
  cameraButton.hidden = false;
  cameraButton.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        cameraButton.hidden = true;
        return video.play();
      })
      .then(function () {
        function scan() {
          detector.detect(video).then(function (codes) {
            var now = Date.now();
            if (codes.length) {
              var value = codes[0].rawValue;
              // The same card held in front of the camera is sent once every few seconds.
              if (value !== lastValue || now - lastAt > 4000) {
                lastValue = value;
                lastAt = now;
                input.value = value;
                submit(value);
              }
            }
          }).catch(function () {}).then(function () { setTimeout(scan, 300); });
        }
        scan();
      })
      .catch(function () { cameraButton.hidden = true; });
  });
})();

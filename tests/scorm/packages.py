"""Our own small SCORM packages, built in memory: a SCORM 1.2 one (one SCO with a mastery score)
and a SCORM 2004 4th edition one (two SCOs sharing a script), each calling the runtime as real
authoring tools do: Initialize, GetValue of the resume data, SetValue of location, suspend_data,
score, status and an interaction, Commit, and Terminate."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="vn.taphuan.scorm12" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Bài học SCORM 1.2: Thẩm quyền cấp phép</title>
      <item identifier="item-1" identifierref="res-1">
        <title>Thẩm quyền của Sở KH&amp;CN</title>
        <adlcp:masteryscore>70</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="sco.js"/>
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="vn.taphuan.scorm2004" version="1.0"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Bài học SCORM 2004: Chuyển đổi số</title>
      <item identifier="item-1" identifierref="res-1"><title>Phần 1: Khái niệm</title></item>
      <item identifier="item-2" identifierref="res-2"><title>Phần 2: Kiểm tra</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormType="sco" href="phan1/index.html">
      <file href="phan1/index.html"/>
      <dependency identifierref="common"/>
    </resource>
    <resource identifier="res-2" type="webcontent" adlcp:scormType="sco" href="phan2/index.html">
      <file href="phan2/index.html"/>
      <dependency identifierref="common"/>
    </resource>
    <resource identifier="common" type="webcontent" adlcp:scormType="asset">
      <file href="shared/sco.js"/>
    </resource>
  </resources>
</manifest>
"""

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
  <h1>{title}</h1>
  <p id="resumed">…</p>
  <button type="button" id="step1">Học xong trang 1</button>
  <button type="button" id="finish">Nộp bài</button>
  <p id="done" hidden>Đã gửi kết quả.</p>
  <script src="{script}"></script>
</body></html>
"""

# One script for both versions, like the wrappers authoring tools ship (find the API in the
# parents, then call it by version).
SCRIPT = """(function () {
  "use strict";
  function find(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API_1484_11) { return { api: win.API_1484_11, v2004: true }; }
      if (win.API) { return { api: win.API, v2004: false }; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var found = find(window.parent);
  var api = found.api, v2004 = found.v2004;
  var call = {
    init: function () { return v2004 ? api.Initialize("") : api.LMSInitialize(""); },
    get: function (k) { return v2004 ? api.GetValue(k) : api.LMSGetValue(k); },
    set: function (k, v) { return v2004 ? api.SetValue(k, v) : api.LMSSetValue(k, v); },
    commit: function () { return v2004 ? api.Commit("") : api.LMSCommit(""); },
    finish: function () { return v2004 ? api.Terminate("") : api.LMSFinish(""); }
  };
  var K = v2004 ? {
    location: "cmi.location", exit: "cmi.exit", entry: "cmi.entry", time: "cmi.session_time",
    name: "cmi.learner_name"
  } : {
    location: "cmi.core.lesson_location", exit: "cmi.core.exit", entry: "cmi.core.entry",
    time: "cmi.core.session_time", name: "cmi.core.student_name"
  };
  call.init();
  document.getElementById("resumed").textContent = "entry=" + call.get(K.entry) +
    " location=" + call.get(K.location) + " suspend=" + call.get("cmi.suspend_data");
  document.getElementById("step1").addEventListener("click", function () {
    call.set(K.location, "trang-2");
    call.set("cmi.suspend_data", "da-xem=1;cau-hoi=0");
    if (v2004) {
      call.set("cmi.completion_status", "incomplete");
      call.set("cmi.progress_measure", "0.5");
    } else {
      call.set("cmi.core.lesson_status", "incomplete");
    }
    call.set(K.exit, "suspend");
    call.set(K.time, v2004 ? "PT30S" : "00:00:30");
    call.commit();
    document.getElementById("done").hidden = false;
  });
  document.getElementById("finish").addEventListener("click", function () {
    call.set("cmi.interactions.0.id", "cau-1");
    call.set("cmi.interactions.0.type", "choice");
    call.set("cmi.interactions.0.result", "correct");
    call.set(v2004 ? "cmi.interactions.0.learner_response" : "cmi.interactions.0.student_response",
      v2004 ? "b" : "b");
    call.set("cmi.suspend_data", "da-xem=2;cau-hoi=1");
    if (v2004) {
      call.set("cmi.score.raw", "80");
      call.set("cmi.score.min", "0");
      call.set("cmi.score.max", "100");
      call.set("cmi.score.scaled", "0.8");
      call.set("cmi.progress_measure", "1");
      call.set("cmi.completion_status", "completed");
      call.set("cmi.success_status", "passed");
    } else {
      call.set("cmi.core.score.raw", "80");
      call.set("cmi.core.score.min", "0");
      call.set("cmi.core.score.max", "100");
      call.set("cmi.core.lesson_status", "passed");
    }
    call.set(K.exit, v2004 ? "normal" : "");
    call.set(K.time, v2004 ? "PT1M" : "00:01:00");
    call.commit();
    call.finish();
    document.getElementById("done").hidden = false;
  });
})();
"""


def entries_12() -> dict[str, bytes]:
    return {
        "imsmanifest.xml": MANIFEST_12.encode(),
        "index.html": PAGE.format(title="Thẩm quyền của Sở KH&CN", script="sco.js").encode(),
        "sco.js": SCRIPT.encode(),
    }


SHARED = "../shared/sco.js"


def entries_2004() -> dict[str, bytes]:
    return {
        "imsmanifest.xml": MANIFEST_2004.encode(),
        "phan1/index.html": PAGE.format(title="Phần 1: Khái niệm", script=SHARED).encode(),
        "phan2/index.html": PAGE.format(title="Phần 2: Kiểm tra", script=SHARED).encode(),
        "shared/sco.js": SCRIPT.encode(),
    }


def build_zip(
    entries: dict[str, bytes], *, raw: list[tuple[zipfile.ZipInfo, bytes]] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for info, data in raw or []:
            zf.writestr(info, data)
    return buffer.getvalue()


def build_12() -> bytes:
    return build_zip(entries_12())


def build_2004() -> bytes:
    return build_zip(entries_2004())


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path

"""Small SCORM packages built in memory: self-check SCOs (multiple-choice questions scored by the
SCO itself), their manifest, and the zip. The script calls the runtime as authoring tools do:
Initialize, GetValue of the resume data, SetValue of location, suspend_data, interactions, score
and status, Commit and Terminate. The demo package (scorm.demo) and the test suite's packages
are both built here, so what the tests play is what a newcomer sees."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# A fixed timestamp for every member: the same content gives the same bytes, hence the same
# SHA-256, which is how the demo loader recognises a package it has already imported.
ZIP_DATE = (2025, 7, 1, 0, 0, 0)


@dataclass(frozen=True)
class Question:
    """One single-choice question; its identifier is the interaction's id and the form field."""

    identifier: str
    text: str
    choices: tuple[tuple[str, str], ...]  # (key, text); the key is the learner_response
    correct: str


@dataclass(frozen=True)
class SelfCheck:
    """One SCO: a page of questions, passed when at least `passing` of them are right."""

    identifier: str  # the manifest item's identifier
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    passing: float = 0.75


PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font: 16px/1.5 system-ui, "Segoe UI", Roboto, Arial, sans-serif; margin: 0;
    color: #1b1f24; background: #fff; }}
  main {{ max-width: 46rem; margin: 0 auto; padding: 1rem; }}
  h1 {{ font-size: 1.35rem; margin: 0 0 .5rem; }}
  fieldset {{ border: 1px solid #c9d1d9; border-radius: .5rem; margin: 0 0 1rem;
    padding: .75rem 1rem; }}
  legend {{ font-weight: 600; padding: 0 .25rem; }}
  label {{ display: block; padding: .25rem 0; cursor: pointer; }}
  button {{ font: inherit; padding: .5rem 1rem; margin: 0 .5rem .5rem 0; border-radius: .375rem;
    border: 1px solid #0b5cad; background: #fff; color: #0b5cad; cursor: pointer; }}
  button#finish {{ background: #0b5cad; color: #fff; }}
  button:disabled {{ opacity: .6; cursor: default; }}
  .status {{ background: #eef5fc; border-left: 4px solid #0b5cad; padding: .5rem .75rem; }}
</style>
</head>
<body>
<main>
  <h1>{title}</h1>
{intro}
  <p id="resumed" class="status" data-resumed="{resumed}">{start}</p>
  <form id="self-check" data-passing="{passing}">
{questions}
  </form>
  <button type="button" id="step1">{save}</button>
  <button type="button" id="finish">{submit}</button>
  <p id="done" class="status" role="status" hidden
    data-saved="{saved}" data-passed="{passed}" data-failed="{failed}"></p>
</main>
<script src="{script}"></script>
</body>
</html>
"""

# Texts live in the page (UTF-8, <meta charset>); the script stays ASCII, whatever charset a
# server would give it. One script for both versions, like the wrappers authoring tools ship.
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
    score: "cmi.score.", response: "learner_response", wrong: "incorrect"
  } : {
    location: "cmi.core.lesson_location", exit: "cmi.core.exit", entry: "cmi.core.entry",
    time: "cmi.core.session_time", score: "cmi.core.score.", response: "student_response",
    wrong: "wrong"
  };
  var started = new Date().getTime();
  var form = document.getElementById("self-check");
  var questions = [].slice.call(form.querySelectorAll("[data-question]"));
  var resumed = document.getElementById("resumed");
  var done = document.getElementById("done");

  function fill(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (m, key) { return values[key]; });
  }
  function chosen(q) {
    var input = q.querySelector("input:checked");
    return input ? input.value : "";
  }
  function answered() { return questions.filter(chosen).length; }
  function encode() {
    return questions.filter(chosen).map(function (q) {
      return q.getAttribute("data-question") + "=" + chosen(q);
    }).join(";");
  }
  function restore(data) {
    data.split(";").forEach(function (pair) {
      var parts = pair.split("=");
      var input = form.querySelector("input[name='" + parts[0] + "'][value='" + parts[1] + "']");
      if (input) { input.checked = true; }
    });
  }
  function bookmark() {
    var next = questions.filter(function (q) { return !chosen(q); })[0];
    return (next || questions[questions.length - 1]).getAttribute("data-question");
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function elapsed() {
    var s = Math.round((new Date().getTime() - started) / 1000);
    if (v2004) { return "PT" + s + "S"; }
    return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }
  function say(template, values) {
    done.textContent = fill(template, values);
    done.hidden = false;
  }

  call.init();
  var entry = call.get(K.entry), location = call.get(K.location);
  var suspend = call.get("cmi.suspend_data");
  resumed.setAttribute("data-entry", entry);
  resumed.setAttribute("data-location", location);
  resumed.setAttribute("data-suspend", suspend);
  if (suspend) {
    restore(suspend);
    resumed.textContent = fill(resumed.getAttribute("data-resumed"),
      { answered: answered(), total: questions.length });
    var at = form.querySelector("[data-question='" + location + "']");
    if (at) { at.scrollIntoView(); }
  }

  document.getElementById("step1").addEventListener("click", function () {
    call.set(K.location, bookmark());
    call.set("cmi.suspend_data", encode());
    if (v2004) {
      call.set("cmi.completion_status", "incomplete");
      var progress = Math.round(answered() / questions.length * 100) / 100;
      call.set("cmi.progress_measure", String(progress));
    } else {
      call.set("cmi.core.lesson_status", "incomplete");
    }
    call.set(K.exit, "suspend");
    call.set(K.time, elapsed());
    call.commit();
    say(done.getAttribute("data-saved"), { answered: answered(), total: questions.length });
  });

  document.getElementById("finish").addEventListener("click", function () {
    var right = 0;
    questions.forEach(function (q, n) {
      var answer = chosen(q), correct = q.getAttribute("data-correct");
      var prefix = "cmi.interactions." + n + ".";
      call.set(prefix + "id", q.getAttribute("data-question"));
      call.set(prefix + "type", "choice");
      if (v2004) { call.set(prefix + "correct_responses.0.pattern", correct); }
      if (answer) { call.set(prefix + K.response, answer); }
      call.set(prefix + "result", answer === correct ? "correct" : K.wrong);
      if (answer === correct) { right++; }
    });
    var share = right / questions.length, percent = Math.round(share * 100);
    var passed = share >= parseFloat(form.getAttribute("data-passing"));
    call.set(K.location, "ket-qua");
    call.set("cmi.suspend_data", encode());
    call.set(K.score + "raw", String(percent));
    call.set(K.score + "min", "0");
    call.set(K.score + "max", "100");
    if (v2004) {
      call.set("cmi.score.scaled", String(Math.round(share * 100) / 100));
      call.set("cmi.progress_measure", "1");
      call.set("cmi.completion_status", "completed");
      call.set("cmi.success_status", passed ? "passed" : "failed");
    } else {
      call.set("cmi.core.lesson_status", passed ? "passed" : "failed");
    }
    call.set(K.exit, v2004 ? "normal" : "");
    call.set(K.time, elapsed());
    call.commit();
    call.finish();
    document.getElementById("step1").disabled = true;
    document.getElementById("finish").disabled = true;
    say(done.getAttribute(passed ? "data-passed" : "data-failed"),
      { right: right, total: questions.length, percent: percent });
  });
})();
"""

# The package's own texts: its content is Vietnamese, like any package a trainer would upload.
# {answered}, {total}, {right} and {percent} are filled in by the script.
TEXTS = {
    "start": "Chọn một đáp án cho mỗi câu, rồi bấm “Nộp bài”. Bạn có thể lưu và làm tiếp sau.",
    "resumed": "Bài làm dang dở đã được khôi phục: bạn đã trả lời {answered}/{total} câu.",
    "save": "Lưu và làm tiếp sau",
    "submit": "Nộp bài",
    "saved": "Đã lưu bài làm ({answered}/{total} câu). Lần sau bạn sẽ tiếp tục từ đây.",
    "passed": "Bạn trả lời đúng {right}/{total} câu ({percent}%): đạt.",
    "failed": "Bạn trả lời đúng {right}/{total} câu ({percent}%): chưa đạt, hãy xem lại "
    "nội dung rồi làm lại.",
}

QUESTION = """    <fieldset data-question="{identifier}" data-correct="{correct}">
      <legend>{number}. {text}</legend>
{choices}
    </fieldset>"""
CHOICE = """      <label><input type="radio" name="{name}" value="{key}"> {text}</label>"""


def sco_page(sco: SelfCheck, *, script: str) -> bytes:
    """The SCO's HTML page; `script` is the path of SCRIPT relative to the page."""
    questions = "\n".join(
        QUESTION.format(
            identifier=escape(q.identifier),
            correct=escape(q.correct),
            number=number,
            text=escape(q.text),
            choices="\n".join(
                CHOICE.format(name=escape(q.identifier), key=escape(key), text=escape(text))
                for key, text in q.choices
            ),
        )
        for number, q in enumerate(sco.questions, start=1)
    )
    intro = f"  <p>{escape(sco.intro)}</p>" if sco.intro else ""
    return PAGE.format(
        title=escape(sco.title),
        intro=intro,
        passing=sco.passing,
        questions=questions,
        script=escape(script),
        **{key: escape(text) for key, text in TEXTS.items()},
    ).encode()


MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="{item}" identifierref="res-1">
        <title>{item_title}</title>
        <adlcp:masteryscore>{mastery_score}</adlcp:masteryscore>
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
<manifest identifier="{identifier}" version="1.0"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources>
{resources}
    <resource identifier="common" type="webcontent" adlcp:scormType="asset">
      <file href="shared/sco.js"/>
    </resource>
  </resources>
</manifest>
"""
ITEM_2004 = '      <item identifier="{item}" identifierref="res-{n}"><title>{title}</title></item>'
RESOURCE_2004 = """    <resource identifier="res-{n}" type="webcontent" adlcp:scormType="sco"
        href="{href}">
      <file href="{href}"/>
      <dependency identifierref="common"/>
    </resource>"""


def manifest_12(*, identifier: str, title: str, sco: SelfCheck) -> str:
    """A SCORM 1.2 manifest with one SCO (index.html and sco.js); its mastery score is the
    SCO's passing share."""
    return MANIFEST_12.format(
        identifier=escape(identifier),
        title=escape(title),
        item=escape(sco.identifier),
        item_title=escape(sco.title),
        mastery_score=round(sco.passing * 100),
    )


def manifest_2004(*, identifier: str, title: str, scos: Sequence[SelfCheck]) -> str:
    """A SCORM 2004 4th edition manifest, one item per SCO in order (folders phan1, phan2, …)
    sharing shared/sco.js."""
    return MANIFEST_2004.format(
        identifier=escape(identifier),
        title=escape(title),
        items="\n".join(
            ITEM_2004.format(item=escape(sco.identifier), n=n, title=escape(sco.title))
            for n, sco in enumerate(scos, start=1)
        ),
        resources="\n".join(
            RESOURCE_2004.format(n=n, href=f"phan{n}/index.html") for n in range(1, len(scos) + 1)
        ),
    )


def entries_12(*, identifier: str, title: str, sco: SelfCheck) -> dict[str, bytes]:
    """The files of a SCORM 1.2 package, by path."""
    return {
        "imsmanifest.xml": manifest_12(identifier=identifier, title=title, sco=sco).encode(),
        "index.html": sco_page(sco, script="sco.js"),
        "sco.js": SCRIPT.encode(),
    }


def entries_2004(*, identifier: str, title: str, scos: Sequence[SelfCheck]) -> dict[str, bytes]:
    """The files of a SCORM 2004 4th edition package, by path."""
    entries = {
        "imsmanifest.xml": manifest_2004(identifier=identifier, title=title, scos=scos).encode()
    }
    for n, sco in enumerate(scos, start=1):
        entries[f"phan{n}/index.html"] = sco_page(sco, script="../shared/sco.js")
    entries["shared/sco.js"] = SCRIPT.encode()
    return entries


def build_zip(
    entries: dict[str, bytes], *, raw: Sequence[tuple[zipfile.ZipInfo, bytes]] = ()
) -> bytes:
    """The zip of `entries` (same entries, same bytes), then any prepared `raw` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
        for info, data in raw:
            zf.writestr(info, data)
    return buffer.getvalue()

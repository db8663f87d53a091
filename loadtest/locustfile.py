"""The learner's main path under load (Locust), through the real URLs and forms.

Each simulated learner signs in once with the sign-in form (CSRF token included), then loops:
catalogue, a lesson, "mark as done", quiz start, the attempt page, one autosave per question
(the JSON endpoint the attempt page's script calls), submit (the attempt form) and the review.
Every response is checked, so a broken step counts as a failure, not as a fast request.

No Django here: the plan (URLs and accounts) comes from `manage.py prepare_loadtest`, named by
LOADTEST_PLAN; LOADTEST_WAIT is the think time range in seconds between two steps ("0.5,2").
Run by `manage.py run_loadtest` (`make loadtest`), or by hand:
`locust -f loadtest/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000`.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from typing import Any

import gevent
from locust import HttpUser, between, task
from locust.exception import StopUser

with open(os.environ.get("LOADTEST_PLAN", "var/loadtest/plan.json"), encoding="utf-8") as _file:
    PLAN: dict[str, Any] = json.load(_file)
_WAIT = [float(x) for x in os.environ.get("LOADTEST_WAIT", "0.5,2").split(",")]
_accounts = itertools.cycle(PLAN["learners"])
# Learners who have tried to sign in: the path starts once all have, so that the sign-in storm
# (one password hash each) is measured as "login" and not inside the path's figures.
_arrived = 0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ATTEMPT_PATH = re.compile(r"/luot/(\d+)/$")
REVIEW_PATH = re.compile(r"/ket-qua/(\d+)/$")


class Question:
    """One question of the attempt form: its id, kind and what a learner can choose."""

    def __init__(self, item: str, kind: str) -> None:
        self.item = item
        self.kind = kind
        self.options: list[str] = []  # radio / checkbox values, ordering items
        self.prompts: dict[str, list[str]] = {}  # matching: prompt id -> match ids

    def answer(self, rng: random.Random) -> Any:
        """What a learner picks, in the JSON shape the autosave endpoint takes."""
        if self.kind in ("single", "truefalse"):
            return rng.choice(self.options)
        if self.kind == "multiple":
            return rng.sample(self.options, rng.randint(1, len(self.options)))
        if self.kind == "short":
            return rng.choice(["Phân quyền", "phan quyen", "Phân cấp"])
        if self.kind == "matching":
            return {prompt: rng.choice(matches) for prompt, matches in self.prompts.items()}
        if self.kind == "ordering":
            return rng.sample(self.options, len(self.options))
        raise ValueError(f"unknown question kind {self.kind}")

    def form_fields(self, value: Any) -> list[tuple[str, str]]:
        """The same answer as the attempt form posts it."""
        name = f"q-{self.item}"
        if self.kind == "matching":
            return [(f"{name}-{prompt}", match) for prompt, match in value.items()]
        if isinstance(value, list):
            return [(name, choice) for choice in value]
        return [(name, value)]


class AttemptForm(HTMLParser):
    """Reads the attempt page: the form's save URL, submit URL, sequence and questions."""

    def __init__(self) -> None:
        super().__init__()
        self.save_url = ""
        self.submit_url = ""
        self.seq = 0
        self.csrf = ""
        self.questions: list[Question] = []
        self._prompt = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("id") == "quiz-form":
            self.save_url, self.submit_url = a["data-save-url"], a["action"]
            self.seq = int(a.get("data-seq") or 0)
        elif tag == "fieldset" and "data-item" in a:
            self.questions.append(Question(a["data-item"], a["data-kind"]))
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a["value"]
        elif tag == "input" and self.questions and a.get("name", "").startswith("q-"):
            if a.get("type") in ("radio", "checkbox", "hidden"):
                self.questions[-1].options.append(a["value"])
        elif tag == "select" and "data-prompt" in a:
            self._prompt = a["data-prompt"]
            self.questions[-1].prompts[self._prompt] = []
        elif tag == "option" and self._prompt and a.get("value"):
            self.questions[-1].prompts[self._prompt].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._prompt = ""


class Learner(HttpUser):
    """One learner account of the plan, signed in once, walking the path again and again."""

    wait_time = between(_WAIT[0], _WAIT[-1])

    def on_start(self) -> None:
        account = next(_accounts)
        self.rng = random.Random(account["username"])
        self.lessons = itertools.cycle(PLAN["lessons"])
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            signed_in = response.status_code == 302
            if signed_in:
                response.success()
            else:
                response.failure(f"sign-in refused for {account['username']}")
        self._wait_for_the_others()
        if not signed_in:
            raise StopUser

    def _wait_for_the_others(self) -> None:
        global _arrived
        _arrived += 1
        runner = self.environment.runner
        expected = runner.target_user_count if runner is not None else 0
        deadline = time.monotonic() + 120
        while _arrived < (expected or 0) and time.monotonic() < deadline:
            gevent.sleep(0.2)
        # Learners then start their path at random moments within one think time.
        gevent.sleep(self.rng.uniform(0, _WAIT[-1]))

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken") or ""

    def _page(self, url: str, name: str, must_contain: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or must_contain not in response.text:
                response.failure(f"{name}: HTTP {response.status_code} without {must_contain!r}")
                return ""
            response.success()
            return response.text

    def _post(self, url: str, name: str, data: Any, expect: re.Pattern[str] | str) -> str:
        """POST a form, expecting a redirect whose Location matches `expect`."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            where = response.headers.get("Location", "")
            found = expect.search(where) if isinstance(expect, re.Pattern) else expect in where
            if response.status_code != 302 or not found:
                response.failure(f"{name}: HTTP {response.status_code} to {where!r}")
                return ""
            response.success()
            return where

    @task
    def learner_path(self) -> None:
        if not self._page(PLAN["catalogue"], "catalogue", PLAN["course"]):
            return
        self.wait()
        lesson = next(self.lessons)
        if not self._page(lesson, "lesson", "Nghị định 133/2025/NĐ-CP"):
            return
        self.wait()
        csrf = {"csrfmiddlewaretoken": self._csrf()}
        if not self._post(lesson + "hoan-thanh/", "mark done", csrf, "/"):
            return
        self.wait()
        started = self._post(PLAN["quiz"] + "lam-bai/", "quiz start", csrf, ATTEMPT_PATH)
        if not started:
            return
        text = self._page(started, "attempt page", 'id="quiz-form"')
        if not text:
            return
        form = AttemptForm()
        form.feed(text)
        self._answer_and_submit(form)

    def _answer_and_submit(self, form: AttemptForm) -> None:
        answers: dict[str, Any] = {}
        seq = form.seq
        for question in form.questions:
            self.wait()
            answers[question.item] = question.answer(self.rng)
            seq += 1
            with self.client.post(
                form.save_url,
                json={"seq": seq, "answers": answers},
                headers={"X-CSRFToken": form.csrf},
                name="autosave",
                catch_response=True,
            ) as response:
                if response.status_code != 200 or response.json().get("seq") != seq:
                    response.failure(f"autosave: HTTP {response.status_code} {response.text[:200]}")
                    return
                response.success()
        self.wait()
        fields = [("csrfmiddlewaretoken", form.csrf)]
        for question in form.questions:
            fields += question.form_fields(answers[question.item])
        review = self._post(form.submit_url, "submit", fields, REVIEW_PATH)
        if review:
            self._page(review, "review", 'class="percent"')

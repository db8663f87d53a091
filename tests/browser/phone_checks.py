"""Checks a page must pass on a 360×740 phone: weight, axe-core, tap targets, header, English.

Shared by the role walk (tests/browser/test_role_walk.py), which asserts them, and by the
page-weight table it prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

VIEWPORT = {"width": 360, "height": 740}
MAX_PAGE_BYTES = 60 * 1024
MAX_HEADER_SHARE = 0.20
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Rules the issue names: fail on them whatever impact axe gives them.
ALWAYS_FAIL_RULES = {"heading-order", "scrollable-region-focusable"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Words of English UI text that no Vietnamese sentence uses (checked on whole words, so
# "in" (print) and "to" (large), which are Vietnamese too, are left out).
ENGLISH_WORDS = frozenset(
    " ".join(
        (
            "the and of with your you are from this that these minutes minute hours ago true",
            "false none submit save cancel edit delete search next previous page log course",
            "courses session sessions report reports certificate certificates user progress",
            "percent enrolled completed certified attempt attempts quiz question questions",
            "answer answers unit province manage import staff learner card home menu skip",
            "content yet passed grade left details back entries",
        )
    ).split()
)


@dataclass
class Weight:
    """What the browser fetched for one page, split into what counts and what is media."""

    counted: int = 0
    media: int = 0
    largest: list[tuple[int, str]] = field(default_factory=list)


def is_media(response: Any) -> bool:
    """Images, audio/video, PDFs and anything inside an embedded player frame (H5P, video)."""
    request = response.request
    if request.resource_type in ("image", "media"):
        return True
    if request.frame != request.frame.page.main_frame:
        return True
    content_type = response.headers.get("content-type", "")
    return content_type.startswith(("image/", "video/", "audio/", "application/pdf"))


def weigh(responses: list[Any]) -> Weight:
    """Bytes on the wire (response headers and encoded body) of a page load."""
    weight = Weight()
    for response in responses:
        try:
            sizes = response.request.sizes()
        except Exception:  # noqa: BLE001 (a request the page cancelled has no sizes)
            continue
        size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
        if is_media(response):
            weight.media += size
        else:
            weight.counted += size
            weight.largest.append((size, response.url))
    weight.largest.sort(reverse=True)
    return weight


def run_axe(page: Any) -> list[str]:
    """Serious and critical axe-core violations (plus the always-failing rules) on the page.

    axe is evaluated through the DevTools protocol rather than added as a <script>: Playwright's
    add_script_tag(path=...) inlines the file, which the site's CSP (script-src 'self') refuses.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})
        .then(r => r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))""",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS_FAIL_RULES
    ]


# Tap targets per WCAG 2.5.8: at least 24×24 CSS px, except a link inside a sentence (its
# line box is set by the text). A control wrapped in or named by a <label> is measured with
# that label, which is part of its target. Primary actions (buttons styled as such, the
# header's controls) must be 44 px tall.
TARGETS_JS = """() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "[role=button]";
  const small = [], short = [];
  const describe = el => {
    const classes = String(el.className || "").trim().replace(/\\s+/g, ".");
    const text = el.innerText || el.value || el.getAttribute("aria-label") || el.name || "";
    const name = el.tagName.toLowerCase() + (classes ? "." + classes : "");
    return `${name} '${text.trim().slice(0, 30)}'`;
  };
  const inSentence = el => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement.closest(
      "p, li, td, th, dd, dt, label, span, div, small, figcaption, legend");
    if (!block) return false;
    return block.innerText.replace(/\\s+/g, " ").trim().length > el.innerText.trim().length + 3;
  };
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
    if (el.closest("[inert], .skip-link")) continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const label = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
    if (label && el.tagName === "INPUT") {
      const lb = label.getBoundingClientRect();
      box = {width: Math.max(box.width, lb.width), height: Math.max(box.height, lb.height)};
    }
    if ((box.width < 24 || box.height < 24) && !inSentence(el)) {
      small.push(`${describe(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    const primary = el.matches(
      ".button, .site-header button, .site-header .account a, .menu-toggle");
    if (primary && box.height < 44) short.push(`${describe(el)} ${Math.round(box.height)} px tall`);
  }
  return {small, short};
}"""

# Visible text in Vietnamese parts of the page (a part marked lang="en", such as the
# language switcher's "English", is meant to be English).
TEXT_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest("script, style, code, [hidden]")) continue;
    const lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
    if (!lang.startsWith("vi")) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(node.textContent);
  }
  return out.join(" ");
}"""


def english_in(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z]+", text)
    return sorted({w for w in words if w.lower() in ENGLISH_WORDS})


def header_share(page: Any) -> float:
    height = page.locator(".site-header").evaluate("el => el.getBoundingClientRect().height")
    return float(height) / VIEWPORT["height"]


def page_problems(page: Any) -> list[str]:
    """Every phone problem of the page now shown: axe, tap targets, header, English."""
    problems = [f"axe: {v}" for v in run_axe(page)]
    targets = page.evaluate(TARGETS_JS)
    problems += [f"target under 24 px: {t}" for t in targets["small"]]
    problems += [f"primary action under 44 px: {t}" for t in targets["short"]]
    share = header_share(page)
    if share > MAX_HEADER_SHARE:
        problems.append(f"header takes {share:.0%} of the screen")
    english = english_in(page.evaluate(TEXT_JS))
    if english:
        problems.append(f"English words: {', '.join(english)}")
    return problems

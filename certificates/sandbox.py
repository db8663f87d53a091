"""The template language of certificate bodies: Django's, cut down and bounded.

A body is written by a template editor and rendered by every worker that issues a
certificate, so it gets only the tags and filters a certificate needs (no `{% include %}`,
`{% extends %}`, `{% load %}`, `{% url %}`, `{% debug %}`, no filter that pads a value to
a width it is given) and each render runs under a budget: at most `MAX_LOOP_ITERATIONS`
loop turns, `MAX_OUTPUT_CHARS` of output, `MAX_VALUE_CHARS` per filtered value and
`MAX_SECONDS` of time. A body that goes past any limit stops with a TemplateProblem
instead of holding a worker or its memory.

The budget is checked inside the render (on every loop turn and every filter call), not
by a watchdog: a render in a subprocess would also bound it, but would cost a process per
certificate in the bulk pipeline and a fork of a threaded worker holding database
connections; with no unbounded primitive left, the in-process checks are enough.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.template import (
    Context,
    Engine,
    Library,
    Node,
    NodeList,
    Template,
    defaultfilters,
    defaulttags,
)
from django.template.base import Lexer, Parser, Token, TokenType
from django.template.exceptions import TemplateSyntaxError
from django.utils.translation import gettext as _

from certificates.errors import TemplateProblem

MAX_SOURCE_CHARS = 50_000
MAX_LOOP_ITERATIONS = 2_000
MAX_OUTPUT_CHARS = 60_000
MAX_VALUE_CHARS = 20_000
MAX_SECONDS = 2.0

# Tags a certificate body may use, with the words that close or split them.
_TAGS: dict[str, Callable[[Parser, Token], Node]] = {
    "autoescape": defaulttags.autoescape,
    "comment": defaulttags.comment,
    "cycle": defaulttags.cycle,
    "filter": defaulttags.do_filter,
    "firstof": defaulttags.firstof,
    "if": defaulttags.do_if,
    "ifchanged": defaulttags.ifchanged,
    "now": defaulttags.now,
    "resetcycle": defaulttags.resetcycle,
    "spaceless": defaulttags.spaceless,
    "templatetag": defaulttags.templatetag,
    "verbatim": defaulttags.verbatim,
    "with": defaulttags.do_with,
}
_INNER_WORDS = {"elif", "else", "empty"}
# Filters that cannot turn a short value into a long one on their own.
_FILTERS = (
    "add",
    "capfirst",
    "cut",
    "date",
    "default",
    "default_if_none",
    "divisibleby",
    "escape",
    "first",
    "force_escape",
    "join",
    "last",
    "length",
    "linebreaks",
    "linebreaksbr",
    "lower",
    "pluralize",
    "safe",
    "slice",
    "striptags",
    "time",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "urlencode",
    "wordcount",
    "yesno",
)
_INVALID_FILTER = re.compile(r"Invalid filter: '([^']*)'")

register = Library()


class Budget:
    """What one render may still spend; raises TemplateProblem when it is spent."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.iterations = 0
        self.output = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateProblem(
                _("The body takes too long to fill in (more than %(seconds)s seconds).")
                % {"seconds": f"{MAX_SECONDS:g}"}
            )

    def turn(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise TemplateProblem(
                _("The body's loops run more than %(count)s times.")
                % {"count": MAX_LOOP_ITERATIONS}
            )
        self.check_time()

    def spend(self, chars: int) -> None:
        self.output += chars
        if self.output > MAX_OUTPUT_CHARS:
            raise _too_long()


def _too_long() -> TemplateProblem:
    return TemplateProblem(
        _("The filled-in body is longer than %(count)s characters.") % {"count": MAX_OUTPUT_CHARS}
    )


class BoundedContext(Context):
    """A template context that carries the budget of its render."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__(dict(values), autoescape=True)
        self.budget = Budget()


def _budget(context: Context) -> Budget:
    budget = getattr(context, "budget", None)
    if not isinstance(budget, Budget):
        raise TemplateProblem(_("A certificate body can only be filled in with its budget."))
    return budget


class _LoopTurn(Node):
    """One turn of a `{% for %}` loop, paid for from the render's budget."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        budget = _budget(context)
        budget.turn()
        output: str = self.nodelist.render(context)
        budget.spend(len(output))
        return output


@register.tag("for")
def bounded_for(parser: Parser, token: Token) -> Node:
    node = defaulttags.do_for(parser, token)
    if not isinstance(node, defaulttags.ForNode):
        raise TemplateSyntaxError("for")
    loop = node.nodelist_loop
    if not isinstance(loop, NodeList):
        raise TemplateSyntaxError("for")
    node.nodelist_loop = NodeList([_LoopTurn(loop)])
    return node


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value = function(*args, **kwargs)
        if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
            raise TemplateProblem(
                _("A filtered value in the body is longer than %(count)s characters.")
                % {"count": MAX_VALUE_CHARS}
            )
        return value

    return bounded


for _name, _compiler in _TAGS.items():
    register.tag(_name, _compiler)
for _name in _FILTERS:
    register.filter(_name, _bounded_filter(defaultfilters.register.filters[_name]))


class _SandboxEngine(Engine):
    default_builtins = ["certificates.sandbox"]


_ENGINE = _SandboxEngine(autoescape=True, loaders=[], libraries={}, string_if_invalid="")
ALLOWED_TAGS = frozenset(_TAGS) | {"for"}


def _closing_words() -> set[str]:
    return {f"end{name}" for name in ALLOWED_TAGS} | _INNER_WORDS


def compile_body(source: str) -> Template:
    """The body as a template of the certificate language; TemplateProblem if it is not one."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateProblem(
            _("The body is longer than %(count)s characters.") % {"count": MAX_SOURCE_CHARS}
        )
    allowed = ALLOWED_TAGS | _closing_words()
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK or not token.contents.strip():
            continue
        word = token.split_contents()[0]
        if word not in allowed:
            raise TemplateProblem(
                _(
                    "The tag {%% %(tag)s %%} is not allowed in a certificate template "
                    "(line %(line)s). Allowed tags: %(allowed)s."
                )
                % {"tag": word[:40], "line": token.lineno, "allowed": ", ".join(sorted(_TAGS))}
            )
    try:
        return _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        unknown = _INVALID_FILTER.search(str(exc))
        if unknown:
            raise TemplateProblem(
                _("The filter |%(filter)s is not allowed in a certificate template.")
                % {"filter": unknown.group(1)[:40]}
            ) from exc
        raise TemplateProblem(
            _("The body has a template error: %(error)s") % {"error": exc}
        ) from exc


def render_body(template: Template, values: Mapping[str, Any]) -> str:
    """The body filled in with `values`, within the budget of one certificate."""
    context = BoundedContext(values)
    try:
        output: str = template.render(context)
    except TemplateProblem:
        raise
    except Exception as exc:
        # A value the body cannot use as it says (`{% for a, b in name %}`): the editor's
        # mistake to report, not a server error.
        raise TemplateProblem(
            _("The template cannot be rendered: %(error)s") % {"error": str(exc)[:200]}
        ) from exc
    context.budget.check_time()
    if len(output) > MAX_OUTPUT_CHARS:
        raise _too_long()
    return output

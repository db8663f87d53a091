"""Save-time reading of a template's HTML and CSS for what a certificate must not hold.

This is the second line: the fetcher (certificates.fetcher) refuses every URL outside its
allow-list while rendering, and rendering drops attachments whatever the template says.
These checks tell the editor, in words, why a template is refused before it is stored.
"""

from __future__ import annotations

from html.parser import HTMLParser

import tinycss2
from django.utils.translation import gettext as _

from certificates import fetcher
from certificates.errors import TemplateProblem
from certificates.models import CertificateTemplate

# Elements that embed or fetch other documents, run code or change how URLs resolve.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "applet",
        "audio",
        "base",
        "embed",
        "frame",
        "frameset",
        "iframe",
        "link",
        "meta",
        "object",
        "portal",
        "script",
        "source",
        "track",
        "video",
    }
)
_URL_ATTRIBUTES = frozenset(
    {"src", "href", "xlink:href", "data", "srcset", "poster", "background", "action"}
)
_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# CSS functions whose argument is fetched.
_CSS_URL_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "local"})


def _short(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "…"


def refused_url(url: str) -> TemplateProblem:
    return TemplateProblem(
        _(
            "The address “%(url)s” is not allowed in a certificate template. Use the images "
            "of the template (background_url, signature_url, seal_url) or a data: URI."
        )
        % {"url": _short(url)}
    )


def _check_css_tokens(
    template: CertificateTemplate, tokens: list[tinycss2.ast.Node], field: str
) -> None:
    for token in tokens:
        if token.type == "url":
            if not fetcher.is_allowed(template, token.value):
                problem = refused_url(token.value)
                problem.field = field
                raise problem
        elif token.type == "function" and token.lower_name in _CSS_URL_FUNCTIONS:
            strings = [arg.value for arg in token.arguments if arg.type in {"string", "url"}]
            if token.lower_name == "local" or not strings:
                raise TemplateProblem(
                    _("The style function %(name)s() is not allowed in a certificate template.")
                    % {"name": token.lower_name},
                    field=field,
                )
            for value in strings:
                if not fetcher.is_allowed(template, value):
                    problem = refused_url(value)
                    problem.field = field
                    raise problem
        elif token.type == "at-rule" and token.lower_at_keyword == "import":
            raise TemplateProblem(
                _("@import is not allowed in a certificate style sheet."), field=field
            )
        for attribute in ("prelude", "content", "arguments", "value"):
            children = getattr(token, attribute, None)
            if isinstance(children, list):
                _check_css_tokens(template, children, field)


def check_css(template: CertificateTemplate, css: str, *, field: str = "css") -> None:
    """Raise TemplateProblem if the style sheet imports or loads anything not allowed."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    _check_css_tokens(template, list(rules), field)


class _BodyReader(HTMLParser):
    def __init__(self, template: CertificateTemplate, *, source: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.template = template
        self.source = source
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            raise TemplateProblem(
                _("The element <%(tag)s> is not allowed in a certificate template.") % {"tag": tag}
            )
        self.in_style = tag == "style"
        for name, value in attrs:
            self._check_attribute(tag, name.lower(), value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and not self._unfilled(data):
            check_css(self.template, data, field="body_html")

    def _unfilled(self, value: str) -> bool:
        """Whether `value` is template source still to be filled in (checked once it is)."""
        return self.source and ("{{" in value or "{%" in value)

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name == "rel" and "attachment" in value.lower():
            raise TemplateProblem(
                _('A certificate cannot carry attached files (rel="attachment").')
            )
        if self._unfilled(value):
            return
        if name == "style":
            tokens = tinycss2.parse_declaration_list(value, skip_comments=True)
            _check_css_tokens(self.template, list(tokens), "body_html")
        if name not in _URL_ATTRIBUTES and not name.endswith(":href"):
            return
        plain = value.strip()
        if not plain or plain.startswith("#"):
            return
        if tag in {"a", "area"} and name == "href":
            try:
                scheme_ok = fetcher.decoded(plain).lower().startswith(_LINK_SCHEMES)
            except fetcher.RefusedURL:
                scheme_ok = False
            if scheme_ok and plain.lower().startswith(_LINK_SCHEMES):
                return
        if not fetcher.is_allowed(self.template, plain):
            raise refused_url(plain)


def check_html(template: CertificateTemplate, html: str, *, source: bool = False) -> None:
    """Raise TemplateProblem if the HTML embeds, links or attaches anything not allowed.

    With `source`, `html` is the body before it is filled in: values that still hold
    template syntax are left to the check of the filled-in body.
    """
    reader = _BodyReader(template, source=source)
    reader.feed(html)
    reader.close()

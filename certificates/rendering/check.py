"""The check a certificate template passes before it is saved, run on its made-up sample."""

from __future__ import annotations

import logging
import re

from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError

from certificates import fetcher, fonts, sandbox, template_checks
from certificates.errors import MissingGlyph, TemplateProblem
from certificates.models import CertificateTemplate
from certificates.rendering.document import render_document
from certificates.rendering.markup import compile_body, context_for
from certificates.rendering.preview import sample_data
from certificates.rendering.printed import check_data

logger = logging.getLogger(__name__)


def check_template(template: CertificateTemplate) -> None:
    """Raise TemplateProblem unless the template makes a one-page certificate from its own
    assets alone: no file, URL or upload of anyone else, no attachment, within its budget."""
    body = compile_body(template)
    template_checks.check_html(template, template.body_html, source=True)
    template_checks.check_css(template, template.css or "")
    data = sample_data(template)
    try:
        check_data(data)
        filled = sandbox.render_body(body, context_for(data, template))
        text = re.sub(r"<[^>]+>", " ", filled)
        fonts.check_glyphs({"body_html": text}, {"body_html": _("the body")})
    except MissingGlyph as exc:
        field = exc.field if exc.field in {f.name for f in template._meta.fields} else "body_html"
        raise TemplateProblem(exc.message, field=field) from exc
    template_checks.check_html(template, filled)
    url_fetcher = fetcher.TemplateFetcher(template, strict=True)
    try:
        render_document([data], template, url_fetcher=url_fetcher)
    except FatalURLFetchingError as exc:
        refused = exc.__cause__
        url = refused.url if isinstance(refused, fetcher.RefusedURL) else str(exc)
        raise template_checks.refused_url(url) from exc
    except (TemplateProblem, MissingGlyph):
        raise
    except Exception as exc:
        logger.warning("certificate template %s cannot be rendered", template.pk, exc_info=True)
        raise TemplateProblem(
            _("The template cannot be rendered: %(error)s") % {"error": str(exc)[:200]}
        ) from exc
    if url_fetcher.refused:
        # Some refusals (inside an SVG image) are caught by WeasyPrint, not raised.
        raise template_checks.refused_url(url_fetcher.refused[0])

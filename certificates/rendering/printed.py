"""The values of the frozen data printed on a certificate, and the check the font covers them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from certificates import fonts

# Values of the frozen data that are printed on the certificate.
PRINTED_FIELDS = (
    "holder_name",
    "holder_position",
    "unit_name",
    "province_name",
    "achievement_title",
    "achievement_kind",
    "period",
    "hours",
    "score",
    "attendance",
    "serial",
    "place",
    "date_line",
    "valid_until_text",
    "issuer_name",
    "issuer_unit",
    "title",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def field_labels() -> dict[str, str]:
    labels = {
        "holder_name": _("the holder's name"),
        "holder_position": _("the position"),
        "unit_name": _("the unit"),
        "province_name": _("the province"),
        "achievement_title": _("the course or session title"),
        "achievement_kind": _("the achievement wording"),
        "issuer_name": _("the issuing body"),
        "issuer_unit": _("the issuing unit"),
        "title": _("the title"),
        "signer_authority": _("the signing authority"),
        "signer_title": _("the signer's title"),
        "signer_name": _("the signer's name"),
        "place": _("the place"),
    }
    return {key: str(labels.get(key, key)) for key in PRINTED_FIELDS}


def check_data(data: Mapping[str, Any]) -> None:
    """Raise MissingGlyph if any printed value has a character the font cannot print."""
    fonts.check_glyphs({key: data.get(key, "") for key in PRINTED_FIELDS}, field_labels())

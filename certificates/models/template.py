"""The certificate template: an HTML/CSS body with variables, images and the signer block."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import PreviewableMixin

from lib.text import clean_text


class PageSize(models.TextChoices):
    A4 = "A4", "A4"
    A5 = "A5", "A5"
    LETTER = "letter", "Letter"


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class CertificateTemplate(PreviewableMixin, models.Model):
    """How a certificate looks. Editing it never changes a certificate already issued:
    each certificate stores its own PDF and the data it was made from."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    issuer_name = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("In capitals, e.g. BỘ KHOA HỌC VÀ CÔNG NGHỆ."),
    )
    issuer_unit = models.CharField(
        _("issuing unit"), max_length=200, blank=True, help_text=_("e.g. VỤ PHÁP CHẾ.")
    )
    place = models.CharField(
        _("place on the date line"), max_length=100, default="Hà Nội", help_text=_("e.g. Hà Nội.")
    )
    title = models.CharField(_("title"), max_length=150, default="GIẤY CHỨNG NHẬN")
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=150,
        blank=True,
        help_text=_("e.g. KT. BỘ TRƯỞNG (leave empty when the head signs)."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=150, help_text=_("e.g. THỨ TRƯỞNG.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed under the whole page. Leave empty for the built-in border."),
    )
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    body_html = models.TextField(
        _("body (HTML)"),
        help_text=_(
            "Django template syntax. Variables: holder_name, holder_position, unit_name, "
            "province_name, achievement_title, achievement_kind, hours, result, score, "
            "attendance, period, serial, code, verify_url, qr, date_line, valid_until, "
            "issuer_name, issuer_unit, title, signer_authority, signer_title, signer_name, "
            "signature_url, seal_url, background_url."
        ),
    )
    css = models.TextField(_("style sheet (CSS)"), blank=True)
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used by rules that do not name a template."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issuer_name"), FieldPanel("issuer_unit")]),
                FieldRowPanel([FieldPanel("title"), FieldPanel("place")]),
            ],
            heading=_("Header"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signer_authority"),
                FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
                FieldRowPanel([FieldPanel("signature_image"), FieldPanel("seal_image")]),
            ],
            heading=_("Signer"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
                FieldPanel("background_image"),
                FieldPanel("body_html"),
                FieldPanel("css"),
            ],
            heading=_("Layout"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_template"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in (
            "name",
            "issuer_name",
            "issuer_unit",
            "place",
            "title",
            "signer_authority",
            "signer_title",
            "signer_name",
        ):
            setattr(self, name, clean_text(getattr(self, name)))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        from certificates.errors import TemplateProblem
        from certificates.rendering import check_template

        try:
            check_template(self)
        except TemplateProblem as exc:
            raise ValidationError({exc.field: exc.message}) from exc

    @property
    def fingerprint(self) -> str:
        """SHA-256 of everything that shapes a PDF made from this template."""
        parts = {
            name: getattr(self, name)
            for name in (
                "issuer_name",
                "issuer_unit",
                "place",
                "title",
                "signer_authority",
                "signer_title",
                "signer_name",
                "signature_image_id",
                "seal_image_id",
                "background_image_id",
                "page_size",
                "orientation",
                "body_html",
                "css",
            )
        }
        encoded = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [("pdf", str(_("PDF with sample data"))), ("html", str(_("HTML layout")))]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from certificates.rendering import preview_response

        return preview_response(self, html=mode_name == "html")

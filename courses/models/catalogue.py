"""Snippets shared by courses: the fields of S&T management and the decentralised-task catalogue."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from lib.text import clean_text, fold


class Field(index.Indexed, models.Model):
    """A field (lĩnh vực) of state management, e.g. intellectual property."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = pgettext_lazy("S&T field", "field")
        verbose_name_plural = pgettext_lazy("S&T field", "fields")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_text(self.name)
        self.short_name = clean_text(self.short_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class GovernmentLevel(models.TextChoices):
    MINISTRY = "bo", pgettext_lazy("government level", "Ministry")
    DISTRICT = "huyen", pgettext_lazy("government level", "District (abolished)")
    PROVINCE = "tinh", pgettext_lazy("government level", "Province")
    COMMUNE = "xa", pgettext_lazy("government level", "Commune")


class TransferKind(models.TextChoices):
    DEVOLUTION = "phan_quyen", _("Devolution (phân quyền)")
    DELEGATION = "phan_cap", _("Delegation (phân cấp)")
    DELIMITATION = "phan_dinh", _("Delimitation of authority (phân định thẩm quyền)")


class DecentralisedTask(index.Indexed, models.Model):
    """A state-management task moved from the ministry to provinces or communes."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    field = models.ForeignKey(
        Field,
        verbose_name=pgettext_lazy("S&T field", "field"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    from_level = models.CharField(
        _("from level"), max_length=10, choices=GovernmentLevel.choices, default="bo"
    )
    to_level = models.CharField(_("to level"), max_length=10, choices=GovernmentLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=TransferKind.choices)
    processing_time = models.CharField(_("processing time"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    folded_text = models.TextField(editable=False, default="")

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("field"),
        FieldPanel("legal_basis"),
        FieldPanel("from_level"),
        FieldPanel("to_level"),
        FieldPanel("kind"),
        FieldPanel("processing_time"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["field__sort_order", "code"]
        verbose_name = _("decentralised task")
        verbose_name_plural = _("decentralised tasks")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.code = clean_text(self.code).upper()
        self.name = clean_text(self.name)
        self.legal_basis = clean_text(self.legal_basis)
        self.processing_time = clean_text(self.processing_time)
        self.description = clean_text(self.description)
        self.folded_text = fold(
            " ".join([self.code, self.name, self.legal_basis, self.description])
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("courses:task_detail", args=[self.code])

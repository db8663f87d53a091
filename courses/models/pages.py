"""The course tree: home → catalogue → course → module → lesson."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock
from courses.page_forms import CoursePageAdminForm
from courses.slugs import FoldedSlugMixin
from lib.text import fold


class HomePage(FoldedSlugMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    base_form_class = CoursePageAdminForm
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1
    template = "courses/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["featured_courses"] = selectors.catalogue()[:6]
        context["catalogue"] = CourseIndexPage.objects.live().first()
        return context


class CourseIndexPage(FoldedSlugMixin, Page):
    """The catalogue at /khoa-hoc/, filtered by field and searched accent-insensitively."""

    intro = RichTextField(_("introduction"), blank=True)

    base_form_class = CoursePageAdminForm
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from courses import selectors
        from courses.models.catalogue import Field
        from lib.params import text_param

        context = super().get_context(request, *args, **kwargs)
        query = text_param(request.GET.get("q"))
        field = Field.objects.filter(slug=text_param(request.GET.get("linh-vuc"), 60)).first()
        context.update(
            query=query,
            selected_field=field,
            fields=Field.objects.all(),
            courses=selectors.catalogue(query=query, field=field),
        )
        return context


class CompletionRule(models.TextChoices):
    ALL_LESSONS = "all", _("All lessons done")
    PERCENT = "percent", _("A share of lessons done")


class CoursePage(RoutablePageMixin, FoldedSlugMixin, Page):
    field = models.ForeignKey(
        "courses.Field",
        verbose_name=pgettext_lazy("S&T field", "field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text=_("Leave empty for a course that spans all fields."),
    )
    summary = models.TextField(_("summary"))
    objectives = models.TextField(
        _("objectives"), blank=True, help_text=_("One objective per line.")
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=1)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    owner_unit = models.ForeignKey(
        "people.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completion_rule = models.CharField(
        _("completion rule"), max_length=10, choices=CompletionRule.choices, default="all"
    )
    completion_percent = models.PositiveSmallIntegerField(
        _("share of lessons required (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    folded_text = models.TextField(editable=False, default="")

    base_form_class = CoursePageAdminForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("field"),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        FieldPanel("hours"),
        FieldPanel("legal_basis"),
        FieldPanel("owner_unit"),
        MultiFieldPanel(
            [FieldPanel("completion_rule"), FieldPanel("completion_percent")],
            heading=_("Completion"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.folded_text = fold(
            " ".join([self.title, self.summary, self.objectives, self.audience, self.legal_basis])
        )
        super().save(*args, **kwargs)

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_outline(self, request.user))
        return context

    @path("ghi-danh/", name="enrol")
    def enrol_view(self, request: HttpRequest) -> HttpResponse:
        from courses.views import enrol

        return enrol(request, self)


class ModulePage(FoldedSlugMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    base_form_class = CoursePageAdminForm
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    # Any lesson-like page whose own parent_page_types allows a module (lessons, and the
    # quiz and H5P pages that higher apps define as LessonPage subclasses).
    subpage_types = None
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self)
        context["course"] = CoursePage.objects.ancestor_of(self).first()
        return context


class LessonPage(RoutablePageMixin, FoldedSlugMixin, Page):
    """A unit of learning. Subclasses done by an activity (a quiz, H5P) set
    `manual_completion = False` and complete the lesson through courses.services."""

    manual_completion = True

    minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    base_form_class = CoursePageAdminForm
    content_panels = [*Page.content_panels, FieldPanel("minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.lesson_state(self, request.user))
        return context

    @path("hoan-thanh/", name="complete")
    def complete_view(self, request: HttpRequest) -> HttpResponse:
        from courses.views import complete_lesson

        return complete_lesson(request, self)

"""People and the organisation they work in: provinces, units, users and staff profiles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from jobs.models import TrackedJob
from lib.text import clean_text, fold


class Level(models.TextChoices):
    """The three tiers of government a unit belongs to."""

    MINISTRY = "bo", _("Ministry")
    PROVINCE = "tinh", _("Province")
    COMMUNE = "xa", _("Commune")


class Province(models.Model):
    """One of the 34 provincial-level units in force since 1 July 2025."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_city = models.BooleanField(_("centrally-run city"), default=False)
    folded_name = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_text(self.name)
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return f"Thành phố {self.name}" if self.is_city else f"Tỉnh {self.name}"


class Unit(models.Model):
    """An organisational unit: a ministry department, a provincial Sở KH&CN, or a commune."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        MINISTRY_UNIT = "ministry_unit", _("Ministry unit (Cục/Vụ)")
        DEPARTMENT = "department", _("Provincial Department of S&T")
        COMMUNE = "commune", _("Commune, ward or special zone")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    folded_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="unit_name_unique_in_province"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["ministry", "ministry_unit"], province__isnull=True)
                | models.Q(kind__in=["department", "commune"], province__isnull=False),
                name="unit_province_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_text(self.name)
        self.folded_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def level(self) -> Level:
        if self.kind in (self.Kind.MINISTRY, self.Kind.MINISTRY_UNIT):
            return Level.MINISTRY
        return Level.PROVINCE if self.kind == self.Kind.DEPARTMENT else Level.COMMUNE


class User(AbstractUser):
    """A person who signs in. Organisation details live on the StaffProfile."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
            ),
        ]

    def __str__(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.full_name if profile else self.get_username()

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile:
            return str(profile.full_name)
        return super().get_full_name() or self.get_username()


class StaffProfile(models.Model):
    """A civil servant's record: who they are and which unit they work in."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff"
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    staff_code = models.CharField(_("staff code"), max_length=40, blank=True)
    folded_name = models.CharField(max_length=150, editable=False, db_index=True)
    source_import = models.ForeignKey(
        "StaffImport",
        verbose_name=_("created by the import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_staff",
    )
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)

    class Meta:
        ordering = ["folded_name"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["staff_code"],
                condition=~models.Q(staff_code=""),
                name="staff_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = clean_text(self.full_name)
        self.position = clean_text(self.position)
        self.phone = clean_text(self.phone)
        self.staff_code = clean_text(self.staff_code).upper()
        self.folded_name = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def province(self) -> Province | None:
        return self.unit.province


class StaffImport(TrackedJob):
    """One uploaded staff list: its preview, and how far applying its valid rows has got."""

    run_task = "people.tasks.apply_staff_import"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_imports",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    created_rows = models.PositiveIntegerField(_("people created"), default=0)
    updated_rows = models.PositiveIntegerField(_("people updated"), default=0)
    failed_rows = models.PositiveIntegerField(_("rows not saved"), default=0)
    # How many valid rows have been applied; a resumed job continues from here.
    rows_applied = models.PositiveIntegerField(_("rows applied"), default=0)
    report = models.JSONField(_("preview"), default=dict, blank=True)
    apply_errors = models.JSONField(_("errors while saving"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")

    def __str__(self) -> str:
        return self.original_name

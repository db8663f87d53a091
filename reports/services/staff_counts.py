"""The stored number of active staff per unit, behind the matrix's staff column."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from people.models import StaffProfile, Unit
from reports.models import UnitStaff
from reports.services.placements import LEVEL_OF_KIND


def recount_staff(unit_ids: Iterable[int] | None = None) -> None:
    """Store the number of active staff of these units (every unit if None)."""
    units = Unit.objects.filter(province__isnull=False)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    counts = dict(
        StaffProfile.objects.filter(unit__in=units, user__is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
        .order_by()
    )
    rows = [
        UnitStaff(
            unit_id=pk,
            province_id=province_id,
            level=LEVEL_OF_KIND.get(kind, ""),
            staff=counts[pk],
        )
        for pk, province_id, kind in units.values_list("pk", "province_id", "kind")
        if counts.get(pk)
    ]
    with transaction.atomic():
        UnitStaff.objects.filter(unit__in=units).exclude(unit_id__in=list(counts)).delete()
        UnitStaff.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["unit"],
            update_fields=["province", "level", "staff"],
        )

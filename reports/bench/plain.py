"""The province × field matrix as a competent Django developer would write it without a facts
table: grouped counts over the stored enrolments (their `completed_at`), joined to the
learner's unit, with an indexed existence test for a valid certificate.

This is the honest baseline for the facts table: same cells, no recomputation of progress.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from certificates.models import Certificate, CertificateStatus
from courses.models import Enrolment
from people.models import StaffProfile
from reports.bench.naive import Tally


def plain_matrix() -> tuple[Tally, dict[int, tuple[int, int, int]]]:
    """The cells, the staff per province and each province's distinct totals (a person
    enrolled in two fields counts once in their province's total, as on the dashboard)."""
    certified = Certificate.objects.filter(
        person_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        status=CertificateStatus.VALID,
    )
    enrolments = (
        Enrolment.objects.order_by()
        .filter(user__profile__unit__province__isnull=False)
        .alias(certified=Exists(certified))
    )
    counts = {
        "enrolled": Count("user_id", distinct=True),
        "completed": Count("user_id", distinct=True, filter=Q(completed_at__isnull=False)),
        "certificates": Count("user_id", distinct=True, filter=Q(certified=True)),
    }
    cells: Any = enrolments.values(
        province=F("user__profile__unit__province_id"), field=F("course__field_id")
    ).annotate(**counts)
    totals: Any = enrolments.values(province=F("user__profile__unit__province_id")).annotate(
        **counts
    )
    staff = (
        StaffProfile.objects.order_by()
        .filter(user__is_active=True, unit__province__isnull=False)
        .values("unit__province_id")
        .annotate(n=Count("pk"))
        .values_list("unit__province_id", "n")
    )
    return (
        Tally(
            staff=dict(staff),
            cells={
                (r["province"], r["field"]): (r["enrolled"], r["completed"], r["certificates"])
                for r in cells
            },
        ),
        {r["province"]: (r["enrolled"], r["completed"], r["certificates"]) for r in totals},
    )

"""Read queries on the organisation shared by the admin's listings and choosers."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lib.text import fold
from people.models import Unit


def matching_units(units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    """Units whose name holds every word of `query`, accents and case aside ("so khoa hoc"
    finds "Sở Khoa học và Công nghệ …"), or whose code contains it."""
    words = fold(query).split()
    if not words:
        return units
    by_name = Q()
    for word in words:
        by_name &= Q(folded_name__contains=word)
    return units.filter(by_name | Q(code__icontains=query.strip()))

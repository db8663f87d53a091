"""Where each person sits (province, unit, level), copied onto their facts, and moved with them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from people.models import Level, StaffProfile, Unit
from reports.models import CourseFact, SessionFact

LEVEL_OF_KIND: dict[str, str] = {
    Unit.Kind.MINISTRY: Level.MINISTRY,
    Unit.Kind.MINISTRY_UNIT: Level.MINISTRY,
    Unit.Kind.DEPARTMENT: Level.PROVINCE,
    Unit.Kind.COMMUNE: Level.COMMUNE,
}


@dataclass(frozen=True)
class Placement:
    """Where a person sits in the organisation, copied onto their facts."""

    province_id: int | None
    unit_id: int | None
    level: str


NOWHERE = Placement(None, None, "")


def month_of(moment: datetime | None) -> int | None:
    """The local month of `moment` as 202611."""
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return local.year * 100 + local.month


def placements(user_ids: Iterable[int]) -> dict[int, Placement]:
    rows = StaffProfile.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "unit_id", "unit__province_id", "unit__kind"
    )
    return {
        user_id: Placement(province_id, unit_id, LEVEL_OF_KIND.get(kind, ""))
        for user_id, unit_id, province_id, kind in rows
    }


def move_person(user_id: int) -> None:
    """Copy a person's current unit, province and level onto all their facts."""
    place = placements([user_id]).get(user_id, NOWHERE)
    values = {"province_id": place.province_id, "unit_id": place.unit_id, "level": place.level}
    CourseFact.objects.filter(user_id=user_id).exclude(**values).update(
        **values, updated_at=timezone.now()
    )
    SessionFact.objects.filter(user_id=user_id).exclude(**values).update(
        **values, updated_at=timezone.now()
    )


def move_people(user_ids: Sequence[int]) -> None:
    """`move_person` for many people at once: one update per place they now hold."""
    by_place: dict[Placement, list[int]] = defaultdict(list)
    found = placements(user_ids)
    for user_id in user_ids:
        by_place[found.get(user_id, NOWHERE)].append(user_id)
    now = timezone.now()
    for place, people in by_place.items():
        values = {"province_id": place.province_id, "unit_id": place.unit_id, "level": place.level}
        for model in (CourseFact, SessionFact):
            model.objects.filter(user_id__in=people).exclude(**values).update(
                **values, updated_at=now
            )

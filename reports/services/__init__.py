from reports.services.course_facts import (
    compute_course_facts,
    recategorise_course,
    refresh_course_facts,
)
from reports.services.placements import move_people, move_person
from reports.services.rebuild import Rebuilt, rebuild_facts
from reports.services.session_facts import compute_session_facts, refresh_session_facts
from reports.services.staff_counts import recount_staff

__all__ = [
    "Rebuilt",
    "compute_course_facts",
    "compute_session_facts",
    "move_people",
    "move_person",
    "rebuild_facts",
    "recategorise_course",
    "recount_staff",
    "refresh_course_facts",
    "refresh_session_facts",
]

from reports.services.facts import (
    compute_course_facts,
    compute_session_facts,
    move_people,
    move_person,
    recategorise_course,
    recount_staff,
    refresh_course_facts,
    refresh_session_facts,
)
from reports.services.rebuild import Rebuilt, rebuild_facts

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

from reports.services.facts import (
    Rebuilt,
    compute_course_facts,
    compute_session_facts,
    move_people,
    move_person,
    rebuild_facts,
    recategorise_course,
    recount_staff,
    refresh_course_facts,
    refresh_session_facts,
)

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

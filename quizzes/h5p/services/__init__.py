"""State changes for H5P: packages, library approval, activity pages, statements and state."""

from quizzes.h5p.services.packages import (
    ContentNotReady,
    NotAllowed,
    add_activity_page,
    approve_library,
    can_approve,
    can_upload,
    check_package,
    extract_content,
    submit_package,
)
from quizzes.h5p.services.results import (
    ACTOR_DOMAIN,
    ActivityNotAvailable,
    PlayerNotIssued,
    StatementRejected,
    actor_mail,
    check_access,
    completes_lesson,
    object_iri,
    record_statement,
    record_statements,
    save_state,
)

__all__ = [
    "ACTOR_DOMAIN",
    "ActivityNotAvailable",
    "ContentNotReady",
    "NotAllowed",
    "PlayerNotIssued",
    "StatementRejected",
    "actor_mail",
    "add_activity_page",
    "approve_library",
    "can_approve",
    "can_upload",
    "check_access",
    "check_package",
    "completes_lesson",
    "extract_content",
    "object_iri",
    "record_statement",
    "record_statements",
    "save_state",
    "submit_package",
]

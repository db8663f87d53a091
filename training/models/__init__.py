from training.models.attendance import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    ParticipantImport,
    WalkIn,
)
from training.models.qa import OPEN_STATUSES, Question, QuestionStatus, QuestionVote
from training.models.registration import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationBatch,
    RegistrationSource,
    RegistrationStatus,
    ReminderKind,
    ReminderSent,
)
from training.models.sessions import LISTED_STATUSES, Part, Session, SessionMode, SessionStatus

__all__ = [
    "ACTIVE_STATUSES",
    "ATTENDED_STATUSES",
    "LISTED_STATUSES",
    "OPEN_STATUSES",
    "Attendance",
    "AttendanceMethod",
    "AttendanceStatus",
    "Part",
    "ParticipantImport",
    "Question",
    "QuestionStatus",
    "QuestionVote",
    "Registration",
    "RegistrationBatch",
    "RegistrationSource",
    "RegistrationStatus",
    "ReminderKind",
    "ReminderSent",
    "Session",
    "SessionMode",
    "SessionStatus",
    "WalkIn",
]

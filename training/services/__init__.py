"""State changes for training sessions; views, API, admin, tasks and the demo call these."""

from training.services.attendance import (
    CardCheckIn,
    check_in_by_card,
    check_in_with_code,
    checkin_window,
    in_window,
    mark_roster,
    recompute_attendance,
    recompute_session,
)
from training.services.bulk import (
    RegistrationPreview,
    preview_staff_registration,
    undo_bulk_registration,
)
from training.services.participants import (
    apply_participant_report,
    preview_participant_report,
    unmatched_reason,
)
from training.services.qa import (
    answer_question,
    ask_question,
    assign_question,
    reject_question,
    upvote,
    withdraw_vote,
)
from training.services.registration import (
    BulkRegistration,
    cancel_registration,
    decide_registration,
    fill_seats,
    is_invited,
    local,
    may_act_for,
    pending_for,
    register,
    register_staff,
    staff_to_register,
)
from training.services.reminders import due_kind, send_due_reminders
from training.services.walk_ins import link_walk_in, record_walk_in

__all__ = [
    "BulkRegistration",
    "CardCheckIn",
    "RegistrationPreview",
    "answer_question",
    "apply_participant_report",
    "ask_question",
    "assign_question",
    "cancel_registration",
    "check_in_by_card",
    "check_in_with_code",
    "checkin_window",
    "decide_registration",
    "due_kind",
    "fill_seats",
    "in_window",
    "is_invited",
    "link_walk_in",
    "local",
    "mark_roster",
    "may_act_for",
    "pending_for",
    "preview_participant_report",
    "preview_staff_registration",
    "recompute_attendance",
    "recompute_session",
    "record_walk_in",
    "register",
    "register_staff",
    "reject_question",
    "send_due_reminders",
    "staff_to_register",
    "undo_bulk_registration",
    "unmatched_reason",
    "upvote",
    "withdraw_vote",
]

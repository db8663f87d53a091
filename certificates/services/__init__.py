"""State changes of the certificates domain: issue, revoke, re-issue, decide, bulk jobs."""

from certificates.services.auto import check_and_issue, schedule_check, schedule_for_target
from certificates.services.issue import (
    finish_pending,
    issue_certificate,
    prepare,
    reserve,
    store_pdfs,
)
from certificates.services.jobs import (
    resume_job,
    run_issue_chunk,
    run_job,
    start_export_job,
    start_issue_job,
)
from certificates.services.records import (
    can_manage,
    decide,
    may_act_for,
    reissue_certificate,
    revoke_certificate,
    withdraw_decision,
)

__all__ = [
    "can_manage",
    "check_and_issue",
    "decide",
    "finish_pending",
    "issue_certificate",
    "may_act_for",
    "prepare",
    "reissue_certificate",
    "reserve",
    "resume_job",
    "revoke_certificate",
    "run_issue_chunk",
    "run_job",
    "schedule_check",
    "schedule_for_target",
    "start_export_job",
    "start_issue_job",
    "store_pdfs",
    "withdraw_decision",
]

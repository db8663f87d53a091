from reports.models.exports import ExportFormat, ExportJob
from reports.models.facts import CourseFact, CourseMonth, SessionFact, UnitStaff
from reports.models.reminders import DigestSent, ReminderKind, ReminderRule, ReminderSent

__all__ = [
    "CourseFact",
    "CourseMonth",
    "DigestSent",
    "ExportFormat",
    "ExportJob",
    "ReminderKind",
    "ReminderRule",
    "ReminderSent",
    "SessionFact",
    "UnitStaff",
]

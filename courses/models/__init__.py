from courses.models.catalogue import DecentralisedTask, Field, GovernmentLevel, TransferKind
from courses.models.enrolment import Enrolment, EnrolmentBatch, LessonCompletion
from courses.models.pages import (
    CompletionRule,
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    ModulePage,
)

__all__ = [
    "CompletionRule",
    "CourseIndexPage",
    "CoursePage",
    "DecentralisedTask",
    "Enrolment",
    "EnrolmentBatch",
    "Field",
    "GovernmentLevel",
    "HomePage",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "TransferKind",
]

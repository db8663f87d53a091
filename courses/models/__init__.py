from courses.models.catalogue import DecentralisedTask, Field, GovernmentLevel, TransferKind
from courses.models.enrolment import Enrolment, LessonCompletion
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
    "Field",
    "GovernmentLevel",
    "HomePage",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "TransferKind",
]

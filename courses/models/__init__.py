from courses.models.authoring import CreateFormKey
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
    "CreateFormKey",
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

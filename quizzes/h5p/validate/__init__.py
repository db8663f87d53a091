"""Validation of uploaded .h5p packages, following the H5P core's rules plus our limits."""

from quizzes.h5p.validate.archive import (
    CONTENT_EXTENSIONS,
    LIBRARY_EXTENSIONS,
    RATIO_MIN_BYTES,
    Limits,
)
from quizzes.h5p.validate.package import (
    MAX_PROBLEMS,
    PackageReport,
    limits_from_settings,
    validate_package,
)
from quizzes.h5p.validate.problems import MESSAGES, PackageRejected, Problem
from quizzes.h5p.validate.rules import CORE_API, LibraryInfo, LibraryRef

__all__ = [
    "CONTENT_EXTENSIONS",
    "CORE_API",
    "LIBRARY_EXTENSIONS",
    "MAX_PROBLEMS",
    "MESSAGES",
    "RATIO_MIN_BYTES",
    "LibraryInfo",
    "LibraryRef",
    "Limits",
    "PackageRejected",
    "PackageReport",
    "Problem",
    "limits_from_settings",
    "validate_package",
]

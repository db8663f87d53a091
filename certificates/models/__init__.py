from certificates.models.certificate import (
    HOLDING_STATUSES,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    ImmutableRecord,
    SerialCounter,
)
from certificates.models.job import CertificateJob, JobKind, JobStatus
from certificates.models.rule import (
    CertificateRule,
    EligibilityOverride,
    LessonsMode,
    OverrideDecision,
)
from certificates.models.template import CertificateTemplate, Orientation, PageSize

__all__ = [
    "HOLDING_STATUSES",
    "Certificate",
    "CertificateEvent",
    "CertificateJob",
    "CertificateRule",
    "CertificateStatus",
    "CertificateTemplate",
    "EligibilityOverride",
    "EventKind",
    "ImmutableRecord",
    "JobKind",
    "JobStatus",
    "LessonsMode",
    "Orientation",
    "OverrideDecision",
    "PageSize",
    "SerialCounter",
]

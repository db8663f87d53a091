from reports.models.exports import ExportFormat, ExportJob
from reports.models.facts import CourseFact, SessionFact

__all__ = ["CourseFact", "ExportFormat", "ExportJob", "SessionFact"]

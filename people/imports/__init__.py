"""Bulk staff import from XLSX and CSV: read the file, preview every row, apply the valid ones."""

from people.imports.access import ImportNotAllowed, ImportScope, can_import_staff, import_scope
from people.imports.apply import (
    CHUNK_SIZE,
    ImportStateError,
    apply_import,
    confirm_import,
    create_import,
    preview_file,
    resume_import,
)
from people.imports.preview import Action, Preview, PreviewRow
from people.imports.problems import RowError, render_message
from people.imports.read import (
    FIELD_LABELS,
    FIELDS,
    HEADER_ALIASES,
    ImportFileError,
    SourceRow,
    SourceTable,
    read_table,
)
from people.imports.selectors import visible_imports
from people.imports.template import TEMPLATE_FILE_NAME, template_workbook
from people.imports.validate import preview_table

__all__ = [
    "CHUNK_SIZE",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_ALIASES",
    "TEMPLATE_FILE_NAME",
    "Action",
    "ImportFileError",
    "ImportNotAllowed",
    "ImportScope",
    "ImportStateError",
    "Preview",
    "PreviewRow",
    "RowError",
    "SourceRow",
    "SourceTable",
    "apply_import",
    "can_import_staff",
    "confirm_import",
    "create_import",
    "import_scope",
    "preview_file",
    "preview_table",
    "read_table",
    "render_message",
    "resume_import",
    "template_workbook",
    "visible_imports",
]

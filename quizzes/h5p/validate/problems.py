"""What can be wrong with an uploaded package, as codes with parameters and their messages."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lib.archive import (
    ARCHIVE_MESSAGES,
    PackageRejected,
    Problem,
    megabytes,
    register_messages,
)

__all__ = ["MESSAGES", "PackageRejected", "Problem", "megabytes"]

MESSAGES: dict[str, Promise] = {
    **ARCHIVE_MESSAGES,
    "not_h5p": _("The file name must end in .h5p."),
    "content_extension": _("“%(name)s”: files of type .%(ext)s are not allowed in content."),
    "library_extension": _("“%(name)s”: files of type .%(ext)s are not allowed in a library."),
    "no_extension": _("“%(name)s” has no file extension."),
    "missing_file": _("The package has no %(name)s."),
    "json_too_big": _("%(name)s is larger than %(limit)s MB."),
    "broken_json": _("%(name)s is not valid JSON."),
    "not_object": _("%(name)s must hold a JSON object."),
    "bad_field": _("%(name)s: the field “%(field)s” is missing or invalid."),
    "main_not_preloaded": _(
        "h5p.json: the main library %(library)s is not among the preloaded dependencies."
    ),
    "library_folder": _(
        "The library folder “%(folder)s” must be named %(expected)s (from its library.json)."
    ),
    "library_folder_name": _("“%(folder)s” is not a valid library folder name."),
    "library_twice": _("The library %(library)s is in the package twice."),
    "preloaded_missing": _("%(library)s: the file “%(name)s” listed in library.json is missing."),
    "preloaded_path": _(
        "%(library)s: “%(name)s” in library.json must be a .%(ext)s file inside the library."
    ),
    "language_name": _("“%(name)s” is not a valid language file name."),
    "core_api": _("%(library)s needs H5P core %(version)s, newer than this platform supports."),
    "missing_main_library": _(
        "The main library %(library)s is neither in the package nor installed."
    ),
    "missing_library": _(
        "The library %(library)s is needed but neither in the package nor installed."
    ),
    "library_not_approved": _(
        "The library %(library)s is installed but a ministry admin has not approved it yet; "
        "upload the package again once it is approved."
    ),
    "export_with_libraries": _(
        "This package was exported without its libraries. Export it again with them: in Lumi, "
        "Export → “Bundle all libraries”; on h5p.org, “Reuse” → “Download as an .h5p file”; in "
        "the Moodle content bank, “Download”, which includes the libraries. Or ask a ministry "
        "admin to install these library versions (by uploading a package that contains them) "
        "and approve them."
    ),
    "dependency_cycle": _(
        "The libraries depend on each other in a circle (%(cycle)s), so they cannot be loaded "
        "in order."
    ),
}


register_messages(MESSAGES)

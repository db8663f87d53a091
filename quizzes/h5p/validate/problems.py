"""What can be wrong with an uploaded package, as codes with parameters and their messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "not_h5p": _("The file name must end in .h5p."),
    "too_big": _("The file is larger than %(limit)s MB."),
    "not_zip": _("The file is not a readable zip archive."),
    "too_many_files": _("The package holds %(count)s files; at most %(limit)s are allowed."),
    "total_too_big": _("The package unpacks to %(size)s MB; at most %(limit)s MB are allowed."),
    "file_too_big": _("“%(name)s” unpacks to %(size)s MB; at most %(limit)s MB per file."),
    "zip_bomb": _(
        "“%(name)s” is compressed %(ratio)s times (at most %(limit)s): a possible zip bomb."
    ),
    "unsafe_path": _("“%(name)s” has an unsafe path (absolute, “..” or a backslash)."),
    "bad_name": _("“%(name)s” has control characters in its name."),
    "symlink": _("“%(name)s” is a link or a special file; only plain files are allowed."),
    "encrypted": _("“%(name)s” is encrypted."),
    "bad_compression": _("“%(name)s” uses a compression method that is not supported."),
    "duplicate": _("“%(name)s” appears more than once in the package."),
    "content_extension": _("“%(name)s”: files of type .%(ext)s are not allowed in content."),
    "library_extension": _("“%(name)s”: files of type .%(ext)s are not allowed in a library."),
    "no_extension": _("“%(name)s” has no file extension."),
    "missing_file": _("The package has no %(name)s."),
    "json_too_big": _("%(name)s is larger than %(limit)s MB."),
    "broken_json": _("%(name)s is not valid JSON."),
    "not_object": _("%(name)s must hold a JSON object."),
    "unreadable": _("“%(name)s” cannot be read from the archive."),
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
    "more": _("…and %(count)s more problems."),
}


@dataclass(frozen=True)
class Problem:
    """One reason a package is refused: a code from MESSAGES and its parameters."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)

    def message(self) -> str:
        text = str(MESSAGES[self.code])
        return text % self.params if self.params else text

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        params = data.get("params")
        return cls(str(data["code"]), dict(params) if isinstance(params, dict) else {})


def megabytes(size: int) -> str:
    """A size in MB for messages, e.g. "12.5"."""
    return f"{size / 1048576:.1f}".rstrip("0").rstrip(".")


class PackageRejected(Exception):
    """The package failed validation; `problems` names each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = problems

    def messages(self) -> list[str]:
        return [problem.message() for problem in self.problems]

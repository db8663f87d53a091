"""Refusals of the certificates domain. Each carries a message in the user's language."""

from __future__ import annotations


class CertificateError(Exception):
    """Base class: `message` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingGlyph(CertificateError):
    """A character of the data has no glyph in the certificate font."""

    def __init__(self, message: str, *, character: str, field: str) -> None:
        super().__init__(message)
        self.character = character
        self.field = field


class TemplateProblem(CertificateError):
    """The template cannot be rendered (syntax, a missing glyph, more than one page)."""

    def __init__(self, message: str, *, field: str = "body_html") -> None:
        super().__init__(message)
        self.field = field


class AlreadyIssued(CertificateError):
    """The person already holds a valid certificate for this course or session."""


class NotAllowed(CertificateError):
    """The acting user may not do this."""


class InvalidState(CertificateError):
    """The certificate or job is not in a state that allows this."""


class ReasonRequired(CertificateError):
    """A written reason is needed."""


class SigningUnavailable(CertificateError):
    """The organisation's signing key cannot be used (wrong passphrase, expired, no token)."""

"""Refusals raised by training services. Each carries a message for the person who acted."""

from __future__ import annotations


class TrainingError(Exception):
    """A training action refused, with a message in the user's language."""

    def __init__(self, message: str = "", *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        # A stable name for the reason, for callers and tests that must not parse the text.
        self.code = code

    def __str__(self) -> str:
        return self.message


class NotAllowed(TrainingError):
    """The acting user may not do this."""


class RegistrationRefused(TrainingError):
    """The session does not take this registration (closed, past the deadline, not invited)."""


class CancellationRefused(TrainingError):
    """The registration can no longer be cancelled."""


class CheckInRefused(TrainingError):
    """A check-in that is refused: wrong, expired or foreign code, outside the window."""


class AlreadyCheckedIn(CheckInRefused):
    """The person already checked in to this part."""


class ImportRefused(TrainingError):
    """A participant report that cannot be read or applied."""


class QuestionRefused(TrainingError):
    """A Q&A action refused."""

"""Refusals of the quiz services, each with a message for the learner."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class QuizError(Exception):
    """A refused quiz action; `message` says why in the user's language, `status` for the API."""

    default_message: Any = _("This action is not possible.")
    status = 400

    def __init__(self, message: Any = None, **params: Any) -> None:
        self.params = params
        text = message if message is not None else self.default_message
        self.message = str(text) % params if params else str(text)
        super().__init__(self.message)


class QuizUnavailable(QuizError):
    default_message = _("This quiz is not available to you. Enrol in its course first.")
    status = 403


class QuizNotOpen(QuizError):
    default_message = _("This quiz is not open now.")
    status = 403


class NoAttemptsLeft(QuizError):
    default_message = _("You have used all %(count)s attempts allowed for this quiz.")
    status = 403


class QuizHasNoQuestions(QuizError):
    default_message = _("This quiz has no questions yet. Please tell the trainer.")
    status = 409


class AttemptNotFound(QuizError):
    default_message = _("This attempt does not exist.")
    status = 404


class NotYourAttempt(QuizError):
    default_message = _("This attempt belongs to another learner. Nothing was changed.")
    status = 403


class AttemptClosed(QuizError):
    default_message = _("This attempt has already been submitted. Nothing was changed.")
    status = 409


class TimeUp(QuizError):
    default_message = _(
        "The time limit ended at %(time)s. Answers sent after that were not saved; the attempt "
        "was graded with the answers saved before the end."
    )
    status = 409


class UnknownQuestion(QuizError):
    default_message = _(
        "An answer refers to a question that is not in this attempt. Nothing was saved."
    )
    status = 400


class InvalidAnswer(QuizError):
    default_message = _("The answer to question %(position)s is not valid. Nothing was saved.")
    status = 400


class StaleAnswers(QuizError):
    default_message = _(
        "These answers are older than answers already saved (sent twice, or from another "
        "window). Nothing was changed; reload the page to continue."
    )
    status = 409

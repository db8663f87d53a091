from quizzes.models.attempt import Attempt, AttemptQuestion, AttemptState, QuizResult
from quizzes.models.bank import (
    AcceptedAnswer,
    Category,
    Choice,
    Difficulty,
    MatchPair,
    OrderItem,
    PartialCredit,
    Question,
    QuestionKind,
    QuestionTag,
    QuestionVersion,
)
from quizzes.models.quiz import GradingMethod, QuizPage, QuizSlot, SlotKind

__all__ = [
    "AcceptedAnswer",
    "Attempt",
    "AttemptQuestion",
    "AttemptState",
    "Category",
    "Choice",
    "Difficulty",
    "GradingMethod",
    "MatchPair",
    "OrderItem",
    "PartialCredit",
    "Question",
    "QuestionKind",
    "QuestionTag",
    "QuestionVersion",
    "QuizPage",
    "QuizResult",
    "QuizSlot",
    "SlotKind",
]

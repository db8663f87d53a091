"""Signals that tell higher apps (training, certificates, reports) about quiz events."""

from django.dispatch import Signal

# Sent with: attempt. Sent once per attempt, after it is graded and the transaction commits.
attempt_submitted = Signal()
# Sent with: user, quiz, attempt, result. Sent once per user and quiz, when first passed.
quiz_passed = Signal()

"""Signals that tell higher apps (training, certificates, reports) about quiz events."""

from django.dispatch import Signal

# Sent with: attempt. Sent once per attempt, after it is graded and the transaction commits.
attempt_submitted = Signal()
# Sent with: user, quiz, attempt, result. Sent once per user and quiz, when first passed.
quiz_passed = Signal()
# Sent with: quiz_id, user_id. Sent inside the transaction that changed a quiz result.
result_changed = Signal()

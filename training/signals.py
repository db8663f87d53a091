"""Signals that tell higher apps (certificates, reports) about training events."""

from django.dispatch import Signal

# Sent with: registration, user, session, attendance_percent. Sent after the transaction that
# changed a person's attendance commits, once per service call and person.
attendance_changed = Signal()
# Sent with: registration, previous_status. Sent after a registration's status changes.
registration_changed = Signal()
# Sent with: session_id, user_id. Sent inside the transaction that changed a person's
# registration or attendance, so that derived records stay in step with it.
participation_changed = Signal()
# Sent with: question. Sent inside the transaction that published an answer, so that higher
# apps (the assistant) can queue work to take it in after the commit.
answer_published = Signal()

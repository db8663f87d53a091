"""Signals that tell higher apps (reports) about changes to people written in bulk."""

from django.dispatch import Signal

# Sent with: user_ids (people created or moved to another unit), unit_ids (their units, old
# and new). Sent inside the transaction that wrote them with bulk queries, which send no
# post_save: derived records (report facts, staff counts) follow through it.
staff_moved = Signal()

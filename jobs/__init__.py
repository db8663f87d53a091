"""Background work that survives a dead broker and a killed worker.

`enqueue` records every task in the database before it reaches the broker (a transactional
outbox); `TrackedJob` gives long jobs a heartbeat; the periodic `sweep` hands the broker what
it could not take earlier and restarts jobs whose heartbeat went quiet.
"""

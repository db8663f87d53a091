"""A Celery worker started by the test suite: the test database, a real broker, no eager mode."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["TEST"] = {"NAME": DATABASES["default"]["NAME"]}
# The test's own queue, so the tasks this worker queues itself come back to it.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")

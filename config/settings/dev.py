"""Development: the embedded default used by `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# `make run` serves 127.0.0.1; "localhost" is another host to the browser (no cookie of the
# platform), so SCORM content plays there.
SCORM_ORIGIN = env.str(
    "SCORM_ORIGIN", default=f"http://localhost:{env.int('PORT', default=8000)}"
).rstrip("/")

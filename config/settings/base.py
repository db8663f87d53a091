"""Settings shared by every environment; everything that varies comes from the environment."""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A fixed development key, refused by production settings (see production.py).
DEFAULT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lib",
    "jobs",
    "people",
    "courses",
    "quizzes",
    "quizzes.h5p",
    "scorm",
    "training",
    "assistant",
    "certificates",
    "reports",
    "config",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jobs.middleware.UndeliveredTaskMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site_context",
            ],
        },
    },
]

# Embedded default: one SQLite file under var/; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server and an eager task read while another request writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.auth.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:my_courses"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks, e.g. the nginx
# host); empty: none, and the client address is the connection's peer (see lib/client_address.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo fails at start, not on the first sign-in

# Brute-force lockout (people/lockout.py): five failures against one account, however its
# username or e-mail is typed and from any address, lock it for 15 minutes; so do
# SIGNIN_ADDRESS_FAILURE_LIMIT failures from one client address across any accounts.
AXES_HANDLER = "people.lockout.SignInLockoutHandler"
AXES_USERNAME_CALLABLE = "people.lockout.account_key"
AXES_CLIENT_IP_CALLABLE = "lib.client_address.client_address"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Password reset e-mails: requests allowed per client address and per account (e-mail address)
# in a window of seconds (people/views.py); counted in the shared cache.
PASSWORD_RESET_ADDRESS_RATE = (env.int("PASSWORD_RESET_ADDRESS_LIMIT", default=10), 3600)
PASSWORD_RESET_ACCOUNT_RATE = (env.int("PASSWORD_RESET_ACCOUNT_LIMIT", default=3), 3600)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Our catalogue first, then our Vietnamese overrides for Wagtail's thin admin catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SITE_DIR / "static"]
# Covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # Media on S3-compatible storage when a bucket is configured (django-storages reads AWS_*).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tập huấn KH&CN <no-reply@localhost>")

# Celery: without a broker URL tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# A task is acknowledged only when it has finished, and a worker that dies mid-task gives its
# task back, so a killed worker loses nothing; tasks are idempotent, so a retry is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this long. It must exceed the
# longest task (a chunk of 250 certificates renders in 13–28 s here, at 51–112 ms each), or a
# slow task would be run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800),
}
# A dead broker is reported within about a second instead of holding the request.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# jobs.sweep: a queued or running job with no sign of life for this long is restarted, and a
# task that has waited this long for the broker is sent again.
JOBS_STALE_AFTER_SECONDS = env.int("JOBS_STALE_AFTER_SECONDS", default=600)
JOBS_DISPATCH_GRACE_SECONDS = env.int("JOBS_DISPATCH_GRACE_SECONDS", default=30)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}

WAGTAIL_SITE_NAME = "Tập huấn KH&CN"
# ASCII slugs: Vietnamese URLs survive being pasted into chat apps and SMS.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Unset, it follows the port `make run PORT=…` serves on, so QR codes and e-mails reach the server.
WAGTAILADMIN_BASE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
SITE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_PASSWORD_RESET_ENABLED = True

# Staff import limits: a file larger than this is refused before it is parsed.
STAFF_IMPORT_MAX_BYTES = 5 * 1024 * 1024
STAFF_IMPORT_MAX_ROWS = 20_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Each eager task and each page save would otherwise log a line.
        "celery.app.trace": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- H5P (quizzes.h5p) ------------------------------------------------------------------------
# Where package code is played. Empty: the platform's own host, isolated by an iframe sandbox
# without allow-same-origin. Set it (e.g. https://h5p.taphuan.most.gov.vn, or
# http://127.0.0.1:8001 in development) to also serve players and package files from a
# separate, cookieless origin that runs the same code.
H5P_ORIGIN = env.str("H5P_ORIGIN", default="").rstrip("/")
# Upload limits, checked from the zip's central directory before anything is extracted.
H5P_MAX_UPLOAD_BYTES = env.int("H5P_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
H5P_MAX_TOTAL_BYTES = env.int("H5P_MAX_TOTAL_BYTES", default=250 * 1024 * 1024)
H5P_MAX_FILE_BYTES = env.int("H5P_MAX_FILE_BYTES", default=100 * 1024 * 1024)
H5P_MAX_FILES = env.int("H5P_MAX_FILES", default=3000)
H5P_MAX_RATIO = env.int("H5P_MAX_RATIO", default=100)
H5P_MAX_JSON_BYTES = env.int("H5P_MAX_JSON_BYTES", default=5 * 1024 * 1024)
# How long the signed URLs of a player and its files stay valid.
H5P_URL_MAX_AGE = env.int("H5P_URL_MAX_AGE", default=4 * 3600)

# --- SCORM (scorm) -----------------------------------------------------------------------------
# Where SCORM launchers and package files are served: a host of its own (cookies are per host,
# not per port), e.g. https://scorm.taphuan.most.gov.vn. SCORM content needs same-origin storage
# and its launcher's API, so it cannot play in an opaque sandbox; with no separate origin
# SCORM activities do not play at all.
SCORM_ORIGIN = env.str("SCORM_ORIGIN", default="").rstrip("/")
# The same archive limits as H5P, checked from the zip's central directory before extraction.
SCORM_MAX_UPLOAD_BYTES = env.int("SCORM_MAX_UPLOAD_BYTES", default=H5P_MAX_UPLOAD_BYTES)
SCORM_MAX_TOTAL_BYTES = env.int("SCORM_MAX_TOTAL_BYTES", default=H5P_MAX_TOTAL_BYTES)
SCORM_MAX_FILE_BYTES = env.int("SCORM_MAX_FILE_BYTES", default=H5P_MAX_FILE_BYTES)
SCORM_MAX_FILES = env.int("SCORM_MAX_FILES", default=H5P_MAX_FILES)
SCORM_MAX_RATIO = env.int("SCORM_MAX_RATIO", default=H5P_MAX_RATIO)
SCORM_MAX_MANIFEST_BYTES = env.int("SCORM_MAX_MANIFEST_BYTES", default=H5P_MAX_JSON_BYTES)
# How long a launch URL stays valid (a learner may stay in one SCO for hours).
SCORM_URL_MAX_AGE = env.int("SCORM_URL_MAX_AGE", default=8 * 3600)

# --- Security headers (config/middleware.py) ---------------------------------------------------
# Referrer: verification codes in URLs never leave the site.
SECURE_REFERRER_POLICY = "same-origin"
# Only the QR scanner of the attendance desk uses a device (the camera).
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()"
)
# Origins whose players may be framed by lessons' video embeds, and extra origins images and
# media come from (the S3 bucket's public origin when media are on S3-compatible storage).
CSP_FRAME_ORIGINS = env.list(
    "CSP_FRAME_ORIGINS",
    default=[
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
)
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
# The site runs no inline script. Style attributes stay allowed (progress bars set a width);
# they cannot run code, and images they might load are held to img-src.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
    "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *CSP_FRAME_ORIGINS, *([H5P_ORIGIN] if H5P_ORIGIN else [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# Wagtail's admin still initialises some widgets (date and snippet choosers) with inline
# scripts that carry per-field ids, so no hash or nonce can name them, and its rich-text editor
# injects <style> elements: under /admin/ only, signed-in editors' pages may run inline script
# and style; everything else stays as strict.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": [*CONTENT_SECURITY_POLICY["img-src"], "blob:"],
}
# No third party learns staff e-mail hashes through avatar images in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin does not call releases.wagtail.org; upgrades follow requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- training (sessions, registration, attendance) -------------------------------------------
# The self check-in code changes every this many seconds; the previous code is still accepted.
TRAINING_CHECKIN_CODE_SECONDS = env.int("TRAINING_CHECKIN_CODE_SECONDS", default=45)
# Check-in opens this long before a part starts and closes this long after it ends.
TRAINING_CHECKIN_OPENS_MINUTES = env.int("TRAINING_CHECKIN_OPENS_MINUTES", default=15)
TRAINING_CHECKIN_GRACE_MINUTES = env.int("TRAINING_CHECKIN_GRACE_MINUTES", default=10)
# A check-in this long after the start is recorded as late.
TRAINING_LATE_AFTER_MINUTES = env.int("TRAINING_LATE_AFTER_MINUTES", default=15)
# Wrong codes a learner may type in ten minutes before check-in pauses for them.
TRAINING_CHECKIN_MAX_FAILURES = env.int("TRAINING_CHECKIN_MAX_FAILURES", default=10)
TRAINING_PARTICIPANT_REPORT_MAX_BYTES = 2 * 1024 * 1024
TRAINING_PARTICIPANT_REPORT_MAX_ROWS = 10_000
CELERY_BEAT_SCHEDULE = {
    **vars().get("CELERY_BEAT_SCHEDULE", {}),
    # Resends tasks the broker missed and restarts jobs whose worker died.
    "jobs-sweep": {"task": "jobs.tasks.sweep", "schedule": 60.0},
    # Idempotent: each reminder is recorded, so running often never sends one twice.
    "training-send-due-reminders": {
        "task": "training.tasks.send_due_reminders",
        "schedule": 300.0,
    },
    # Grades attempts left open past their deadline (a closed tab, a lost connection).
    "quizzes-finish-overdue-attempts": {
        "task": "quizzes.tasks.finish_overdue_attempts",
        "schedule": 300.0,
    },
    # Daily at 8:00 local time (CELERY_TIMEZONE): each reminder is recorded per rule and period.
    "reports-send-reminders": {
        "task": "reports.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Monday 7:00 local time, so managers plan the week; one digest per manager and week.
    "reports-send-digests": {
        "task": "reports.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}
# --- end training ---------------------------------------------------------------------------

# --- Certificates (certificates app) -------------------------------------------------------
# Serial numbers: {seq} (accepts a format spec such as {seq:04d}) restarts at 1 every {year}.
CERTIFICATE_SERIAL_PATTERN = env.str("CERTIFICATE_SERIAL_PATTERN", default="{seq}/{year}/GCN-BKHCN")
# Ed25519 key that signs Open Badges 3.0 credentials: a PEM in the environment, or a file.
# Without either, a development key is generated on first use into var/ (never committed).
CERTIFICATE_SIGNING_KEY_PEM = env.str("CERTIFICATE_SIGNING_KEY_PEM", default="")
CERTIFICATE_SIGNING_KEY_PATH = env.path(
    "CERTIFICATE_SIGNING_KEY_PATH", default=VAR_DIR / "certificate-signing-ed25519.pem"
)
CERTIFICATE_SIGNING_KEY_AUTOGENERATE = env.bool(
    "CERTIFICATE_SIGNING_KEY_AUTOGENERATE", default=True
)
# The issuer profile of the Open Badges credentials.
CERTIFICATE_ISSUER = {
    "name": env.str("CERTIFICATE_ISSUER_NAME", default="Bộ Khoa học và Công nghệ"),
    "url": env.str("CERTIFICATE_ISSUER_URL", default="https://mst.gov.vn"),
    "email": env.str("CERTIFICATE_ISSUER_EMAIL", default=""),
}
# The OFL font embedded in every certificate PDF (regular, bold, italic, bold italic).
CERTIFICATE_FONT_DIR = env.path("CERTIFICATE_FONT_DIR", default=BASE_DIR / "certificates" / "fonts")
# Public verification: lookups allowed per client address and window (seconds).
CERTIFICATE_VERIFY_RATE = (env.int("CERTIFICATE_VERIFY_LIMIT", default=30), 60)
# Questions to the assistant per person (or address, signed out) and minute.
ASSISTANT_RATE = (env.int("ASSISTANT_LIMIT", default=20), 60)
# The assistant's saved rankings, one directory per index version (see assistant/store.py);
# on a disk the web processes and the Celery workers share.
ASSISTANT_INDEX_DIR = env.path("ASSISTANT_INDEX_DIR", default=VAR_DIR / "assistant-index")
CERTIFICATE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Certificates rendered in one WeasyPrint document by the bulk pipeline.
CERTIFICATE_BATCH_SIZE = env.int("CERTIFICATE_BATCH_SIZE", default=100)
# People per Celery task of a bulk issue; each task renders them in batches of the size above.
CERTIFICATE_JOB_CHUNK_SIZE = env.int("CERTIFICATE_JOB_CHUNK_SIZE", default=250)
# PAdES signatures on certificate PDFs (certificates/signing.py), with the organisation's key:
# a PKCS#12 file and its passphrase, or a PKCS#11 token (module, token label, key label, PIN).
# Without any setting, development and tests sign with the PKI of `manage.py make_dev_pki`
# when it exists; production refuses to start with signing on and no signer (config/settings/
# production.py and the certificates system check).
DEV_PKI_DIR = VAR_DIR / "pki"
_DEV_PKCS12 = DEV_PKI_DIR / "signer.p12"
_pdf_signer_set = bool(
    env.str("PDF_SIGNING_PKCS12_PATH", default="")
    or env.str("PDF_SIGNING_PKCS11_MODULE", default="")
)
CERTIFICATE_PDF_SIGNING = {
    "ENABLED": env.bool("PDF_SIGNING_ENABLED", default=_pdf_signer_set or _DEV_PKCS12.exists()),
    "PKCS12_PATH": env.str(
        "PDF_SIGNING_PKCS12_PATH", default="" if _pdf_signer_set else str(_DEV_PKCS12)
    ),
    "PKCS12_PASSPHRASE": env.str(
        "PDF_SIGNING_PKCS12_PASSPHRASE", default="" if _pdf_signer_set else "dev-pki-passphrase"
    ),
    "PKCS11_MODULE": env.str("PDF_SIGNING_PKCS11_MODULE", default=""),
    "PKCS11_TOKEN_LABEL": env.str("PDF_SIGNING_PKCS11_TOKEN_LABEL", default=""),
    "PKCS11_KEY_LABEL": env.str("PDF_SIGNING_PKCS11_KEY_LABEL", default=""),
    # When the token holds the key but not its certificate.
    "PKCS11_CERT_PATH": env.str("PDF_SIGNING_PKCS11_CERT_PATH", default=""),
    "PKCS11_PIN": env.str("PDF_SIGNING_PKCS11_PIN", default=""),
    # Intermediate CA certificates (PEM or DER files) embedded with each signature.
    "CHAIN_PATHS": env.list("PDF_SIGNING_CHAIN_PATHS", default=[]),
    # What the verification page trusts, and the CRLs it checks the signer against.
    "TRUST_ROOTS": env.list(
        "PDF_SIGNING_TRUST_ROOTS",
        default=[] if _pdf_signer_set else [str(DEV_PKI_DIR / "root-ca.pem")],
    ),
    "CRL_PATHS": env.list(
        "PDF_SIGNING_CRL_PATHS",
        default=[] if _pdf_signer_set else [str(DEV_PKI_DIR / "issuing-ca.crl")],
    ),
    # An RFC 3161 timestamp authority makes the signatures PAdES B-T.
    "TSA_URL": env.str("PDF_SIGNING_TSA_URL", default=""),
    "TSA_TIMEOUT": env.int("PDF_SIGNING_TSA_TIMEOUT", default=10),
    "REASON": "Cấp giấy chứng nhận",
    "LOCATION": env.str("PDF_SIGNING_LOCATION", default="Hà Nội"),
}
# WeasyPrint logs every rendering step at INFO.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # type: ignore[index]

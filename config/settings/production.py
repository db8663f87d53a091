"""Production: refuses to start with DEBUG on or a weak secret key; HTTPS only (HSTS)."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
# What Django's own check (security.W009) only warns about is refused here.
if (
    SECRET_KEY == DEFAULT_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browsers keep to HTTPS for a year once they have seen the site (set 0 to withdraw it).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
X_FRAME_OPTIONS = "SAMEORIGIN"
# Never sign credentials with a key generated on a web host: configure one (see README).
CERTIFICATE_SIGNING_KEY_AUTOGENERATE = env.bool(
    "CERTIFICATE_SIGNING_KEY_AUTOGENERATE", default=False
)
# Certificates are signed with the organisation's key, never the development PKI: with signing
# on (the default), a PKCS#12 file or a PKCS#11 token must be configured.
CERTIFICATE_PDF_SIGNING = {
    **CERTIFICATE_PDF_SIGNING,  # noqa: F405
    "ENABLED": env.bool("PDF_SIGNING_ENABLED", default=True),
}
if CERTIFICATE_PDF_SIGNING["ENABLED"] and not (
    env.str("PDF_SIGNING_PKCS12_PATH", default="")
    or env.str("PDF_SIGNING_PKCS11_MODULE", default="")
):
    raise ImproperlyConfigured(
        "Certificate PDFs are signed but no signer is configured: set PDF_SIGNING_PKCS12_PATH "
        "and PDF_SIGNING_PKCS12_PASSPHRASE, or PDF_SIGNING_PKCS11_MODULE, "
        "PDF_SIGNING_PKCS11_TOKEN_LABEL, PDF_SIGNING_PKCS11_KEY_LABEL and PDF_SIGNING_PKCS11_PIN "
        "(and PDF_SIGNING_TRUST_ROOTS); "
        "or PDF_SIGNING_ENABLED=false. / Chưa cấu hình khóa ký số giấy chứng nhận."
    )

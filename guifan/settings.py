"""Settings, all from environment variables (GUIFAN_*); unset, an embedded SQLite database is used."""

import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GUIFAN_DATA_DIR", BASE_DIR.parent / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("GUIFAN_DEBUG", "0") == "1"

# --- Keys (issue 9: keyring and safe start; docs/deployment.md) -----------------------------------------------------
# From the environment or the key file GUIFAN_KEYRING_FILE (guifan.core.keyring). With DEBUG off nothing starts (no
# command, no WSGI server) while a key is missing, a known development default or too short; development keys are
# allowed with DEBUG on and in the test run (GUIFAN_DEVELOPMENT_KEYS=1, set by guifan.core.pytest_keys).
from guifan.core import keyring as _keyring  # noqa: E402

DEVELOPMENT_KEYS_ALLOWED = DEBUG or os.environ.get("GUIFAN_DEVELOPMENT_KEYS") == "1"
_keys = _keyring.from_environment(os.environ, development=DEVELOPMENT_KEYS_ALLOWED)
if not DEVELOPMENT_KEYS_ALLOWED:
    _keyring.refuse_unsafe(_keys)
SECRET_KEY = _keys.secret_key
# Keys for personal data: the field keys encrypt ID numbers and phones ({key id: base64 secret}, new values under the
# current one), the hash key keys the hash used to find and de-duplicate them.
FIELD_KEYS = _keys.field_keys
FIELD_KEY_CURRENT = _keys.current_field_key
FIELD_HASH_KEY = _keys.hash_key
FIELD_LEGACY_KEY = _keys.legacy_field_key  # reads values written before key ids, until `guifan keys rotate`
FIELD_CIPHER = _keys.cipher  # aes-gcm | sm4-gcm
KEYRING_FILE = _keys.file
# --- end of keys ----------------------------------------------------------------------------------------------------

ALLOWED_HOSTS = [h for h in os.environ.get("GUIFAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    # Ours first, so that our translations of shared words win over Django's own.
    "guifan.core",
    "guifan.accounts",
    "guifan.regions",
    "guifan.orgs",
    "guifan.members",
    "guifan.standards",
    "guifan.assessment",
    "guifan.meetings",
    "guifan.training",
    "guifan.dues",
    "guifan.recruitment",
    "guifan.centres",
    "guifan.expansion",
    "guifan.venues",
    "guifan.points",
    "guifan.facts",
    "guifan.reporting",
    "guifan.rating",
    "guifan.modelsites",
    "guifan.funding",
    "guifan.rectification",
    "guifan.dashboards",
    "guifan.documents",
    "guifan.seeding",
    "guifan.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "guifan.accounts.middleware.ScopeMiddleware",
    "guifan.accounts.member_pages.MemberPagesMiddleware",
    "guifan.core.middleware.RequestIdMiddleware",
    "guifan.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "guifan.urls"
WSGI_APPLICATION = "guifan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'guifan.sqlite3'}"
# Keep connections open between requests (each gunicorn worker reuses its own), checked before reuse.
DATABASES = {"default": dj_database_url.parse(os.environ.get("GUIFAN_DATABASE_URL") or _default_sqlite,
                                              conn_max_age=int(os.environ.get("GUIFAN_DB_CONN_MAX_AGE", "60")),
                                              conn_health_checks=True)}
_engine = DATABASES["default"]["ENGINE"]
if "sqlite" in _engine:
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif "mysql" in _engine:
    DATABASES["default"]["OPTIONS"] = {"charset": "utf8mb4"}
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise serves static files with DEBUG off too, straight from the apps: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True

# --- Limits and the API for clients (issue 9; docs/api.md, docs/security.md "API") ---------------------------
# Clients (the mobile platform, the mini-program) send `Authorization: Bearer <device token>` (guifan.api); the
# browsable docs use the login session. Basic auth is off. Every list is paged, at most API_MAX_PAGE_SIZE rows.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "guifan.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "guifan.core.api.pagination.ClampedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
API_MAX_PAGE_SIZE = int(os.environ.get("GUIFAN_API_MAX_PAGE_SIZE", "500"))
# A device token expires this many days after it is issued.
API_TOKEN_DAYS = float(os.environ.get("GUIFAN_API_TOKEN_DAYS", "30"))
SPECTACULAR_SETTINGS = {
    "TITLE": "guifan API",
    "VERSION": "0.2.0",
    "DESCRIPTION": "The register (read-only, within your scope), device tokens, reports and notices. See docs/api.md.",
    # Swagger UI and Redoc served from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "guifan.api.schema.document_errors"],
    "ENUM_NAME_OVERRIDES": {"AttendanceStatusEnum": "guifan.meetings.models.Attendance.Status"},
}
# Uploaded workbooks larger than this are refused before they are read; so are sheets of more data rows than
# IMPORT_MAX_ROWS (counted before any cell is read), and reading and checking stop after IMPORT_MAX_SECONDS.
IMPORT_MAX_BYTES = int(os.environ.get("GUIFAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("GUIFAN_IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_SECONDS = float(os.environ.get("GUIFAN_IMPORT_MAX_SECONDS", "300"))
# --- end of limits and the API ----------------------------------------------------------------------------------
# Evidence of a meeting (photos, PDF): the largest file accepted (guifan.meetings, docs/meetings.md).
EVIDENCE_MAX_BYTES = int(os.environ.get("GUIFAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

# Background jobs (guifan.core.jobs, docs/jobs.md): Django's tasks API through django-tasks. The database backend
# (run `guifan db_worker` beside the web server; `make demo` does) is the default; `immediate` runs each job in the
# request that starts it (tests, or a one-user installation without a worker).
TASKS = {"default": {"BACKEND": {"database": "django_tasks_db.DatabaseBackend",
                                 "immediate": "django_tasks.backends.immediate.ImmediateBackend"}[
    os.environ.get("GUIFAN_TASKS", "database")]}}
GUIFAN_JOB_FILES_HOURS = float(os.environ.get("GUIFAN_JOB_FILES_HOURS", "24"))  # a job's file is kept this long
GUIFAN_JOB_STALE_MINUTES = float(os.environ.get("GUIFAN_JOB_STALE_MINUTES", "10"))  # no sign of life: failed
# An export of at most this many rows is answered at once; a larger one is a background job.
GUIFAN_EXPORT_INLINE_ROWS = int(os.environ.get("GUIFAN_EXPORT_INLINE_ROWS", "5000"))
# A figures template of more organisations than this is prepared as a background job (about a second's worth).
GUIFAN_TEMPLATE_INLINE_ORGANISATIONS = int(os.environ.get("GUIFAN_TEMPLATE_INLINE_ORGANISATIONS", "500"))
# Notices (issue 14.4, docs/notifications.md): besides the in-app notice centre, the channels each notice goes to
# (a JSON list of {"class": dotted path, **options}); the demo writes them to a file. Reminders run daily at the hour.
GUIFAN_NOTICE_FILE = os.environ.get("GUIFAN_NOTICE_FILE", str(DATA_DIR / "notices.jsonl"))
GUIFAN_NOTICE_CHANNELS = json.loads(os.environ.get("GUIFAN_NOTICE_CHANNELS", "null") or "null") or (
    [{"class": "guifan.core.channels.FileChannel"}] if DEBUG else [])
GUIFAN_NOTICE_ADDRESS_BOOK = os.environ.get("GUIFAN_NOTICE_ADDRESS_BOOK", "")
GUIFAN_REMINDER_HOUR = int(os.environ.get("GUIFAN_REMINDER_HOUR", "7"))
GUIFAN_REMINDER_DAYS = {"probation": 30, "term": 60, "rectification": 7}
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_without_traceback": {"()": "guifan.core.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals_without_traceback"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("GUIFAN_LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("Party organisation standardisation")

# Import error workbooks are deleted after this many hours (`guifan purge_files`, run from cron).
ERROR_WORKBOOK_HOURS = float(os.environ.get("GUIFAN_ERROR_WORKBOOK_HOURS", 24))

# --- HTTPS and browser protections (issue 9: production behind a TLS reverse proxy; docs/deployment.md) -------------
# GUIFAN_HTTPS=1: the site is served over HTTPS only (redirect, HSTS, cookies sent over HTTPS only). Behind nginx,
# GUIFAN_PROXY_SSL_HEADER names the header the proxy sets to "https" (e.g. X-Forwarded-Proto; the proxy must
# overwrite it on every request).
HTTPS = os.environ.get("GUIFAN_HTTPS", "0") == "1"
if HTTPS:
    SECURE_SSL_REDIRECT = os.environ.get("GUIFAN_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("GUIFAN_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GUIFAN_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("GUIFAN_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if os.environ.get("GUIFAN_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["GUIFAN_PROXY_SSL_HEADER"].partition("=")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip() or "https")
# Origins allowed to POST forms (the site's own https:// origins by default, from ALLOWED_HOSTS).
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GUIFAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o] or (
    [f"https://{h.lstrip('.')}" if not h.startswith(".") else f"https://*{h}" for h in ALLOWED_HOSTS if h != "*"]
    if HTTPS else [])

# Content-Security-Policy (django-csp), in development too so that a violation shows early: scripts, styles, images
# and fonts from this site only, no inline script, event handler, style element or style attribute, no plugin, not
# framed. Views needing more say so with csp.decorators (the API's Swagger page: its own <style> block).
from csp.constants import NONE, SELF  # noqa: E402

MIDDLEWARE.append("csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- end of HTTPS and browser protections ---------------------------------------------------------------------------

# --- Account controls (GB/T 22239-2019 level 3, 8.1.4.1 identification and authentication) -------------------
# Passwords: 8+ characters of three of four kinds, not common, not like the user name, not all digits, none of the
# last 5 again; changed every 90 days; the first login (and the first after an administrator's reset) must change it.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "guifan.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "guifan.accounts.passwords.PasswordHistoryValidator"},
]
GUIFAN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GUIFAN_PASSWORD_MAX_AGE_DAYS", "90"))
GUIFAN_PASSWORD_HISTORY = 5
# Lockout (django-axes): 5 wrong passwords for one user name lock it for 30 minutes, on the login page, the admin
# login and the API's token endpoint alike. By user name, not IP: an office intranet puts many people behind one
# address.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = float(os.environ.get("GUIFAN_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # "no ip_address": deliberate, see above; rotating IPs gains nothing either
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "guifan.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# The API's token endpoint logs in through authenticate(): axes counts its failures with the login page's.
# Sessions end when the browser closes and after 30 idle minutes: the account middleware renews the session at most
# once a minute (not on every request as SESSION_SAVE_EVERY_REQUEST would), and the stored session expires with it.
GUIFAN_SESSION_IDLE_MINUTES = int(os.environ.get("GUIFAN_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = GUIFAN_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Second factor (django-otp, TOTP): required for the city, county and township roles and staff; optional otherwise.
OTP_TOTP_ISSUER = "guifan"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # administrators never see a user's secret key or its QR code
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE += ["guifan.accounts.controls.AccountControlsMiddleware",
               "axes.middleware.AxesMiddleware"]  # axes last, as its documentation asks
# --- end of account controls --------------------------------------------------------------------------------------

# --- Audit trail (等保 level 3; docs/security.md "Audit") -------------------------------------------------------
# The keys of the audit tables' hash chains (guifan.core.chain), from the keyring, apart from the hash key: kept
# outside the database, so that whoever can edit the tables cannot rebuild the chain. Each link records the id of
# its key; new links use the current one; "legacy" is the key of links made before key ids (keyring.audit_keyring).
AUDIT_KEY_CURRENT, AUDIT_KEYS = _keyring.audit_keyring(_keys)
# Audit rows are kept at least this many days (the standard asks 6 months); a lower value is refused (system check
# core.E001 and `guifan audit archive`).
AUDIT_RETENTION_MIN_DAYS = 180
AUDIT_RETENTION_DAYS = int(os.environ.get("GUIFAN_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS))
# The request header (Django's META name, e.g. HTTP_X_FORWARDED_FOR) a trusted reverse proxy puts the client address
# in; unset, the security log records REMOTE_ADDR. Only set it when every request comes through that proxy.
AUDIT_CLIENT_IP_HEADER = os.environ.get("GUIFAN_CLIENT_IP_HEADER", "")
MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "guifan.core.middleware.DeniedAccessMiddleware")
# --- end of the audit trail block -------------------------------------------------------------------------------

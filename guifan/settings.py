"""Settings, all from environment variables (GUIFAN_*); unset, an embedded SQLite database is used."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GUIFAN_DATA_DIR", BASE_DIR.parent / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("GUIFAN_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("GUIFAN_SECRET_KEY", "insecure-development-key-change-me")
# Keys for personal data: one encrypts ID numbers and phones, one keys the hash used to find and de-duplicate them.
FIELD_ENCRYPTION_KEY = os.environ.get("GUIFAN_FIELD_KEY", "development-field-key-change-me")
FIELD_HASH_KEY = os.environ.get("GUIFAN_HASH_KEY", "development-hash-key-change-me")
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
    "guifan.facts",
    "guifan.reporting",
    "guifan.seeding",
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
    "guifan.core.middleware.RequestIdMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "guifan API",
    "VERSION": "0.1.0",
    # Swagger UI and Redoc served from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Uploaded workbooks larger than this are refused before they are read.
IMPORT_MAX_BYTES = int(os.environ.get("GUIFAN_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GUIFAN_LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("Party organisation standardisation")

# --- Audit trail (等保 level 3; docs/security.md "Audit") -------------------------------------------------------
# The key of the audit tables' hash chain (guifan.core.chain): kept outside the database, so that whoever can edit
# the tables cannot rebuild the chain. Set it in production; changing it makes `guifan audit verify` fail.
AUDIT_CHAIN_KEY = os.environ.get("GUIFAN_AUDIT_KEY", "development-audit-key-change-me")
# Audit rows are kept at least this many days (the standard asks 6 months); a lower value is refused (system check
# core.E001 and `guifan audit archive`).
AUDIT_RETENTION_MIN_DAYS = 180
AUDIT_RETENTION_DAYS = int(os.environ.get("GUIFAN_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS))
# The request header (Django's META name, e.g. HTTP_X_FORWARDED_FOR) a trusted reverse proxy puts the client address
# in; unset, the security log records REMOTE_ADDR. Only set it when every request comes through that proxy.
AUDIT_CLIENT_IP_HEADER = os.environ.get("GUIFAN_CLIENT_IP_HEADER", "")
MIDDLEWARE.append("guifan.core.middleware.DeniedAccessMiddleware")
# --- end of the audit trail block -------------------------------------------------------------------------------

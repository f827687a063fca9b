"""One settings module, configured only from environment variables with safe defaults.

Variables (all optional):
  DATABASE_URL              default: SQLite file under FENGQIAO_DATA_DIR (WAL mode)
  FENGQIAO_DATA_DIR         default: ./var
  FENGQIAO_SECRET_KEY       default: generated once into the data directory
  FENGQIAO_DEBUG            "1" turns debug on (off by default)
  FENGQIAO_ALLOWED_HOSTS    comma list, default "127.0.0.1,localhost"
  FENGQIAO_SECURE           "1" for HTTPS deployments (secure cookies, HSTS, redirect)
  FENGQIAO_REDIS_URL        use Redis for background jobs (default: SQLite-backed huey)
  FENGQIAO_SESSION_MINUTES  idle session timeout, default 30
  FENGQIAO_PASSWORD_MIN_LENGTH  minimum password length, default 10
  FENGQIAO_SEAL_MAX_BYTES   largest 院印 image accepted, default 2 MB
  FENGQIAO_IMPORT_MAX_BYTES largest bulk-import .xlsx accepted, default 5 MB
  FENGQIAO_REQUEST_MAX_BYTES  largest request body, refused before reading, default 210 MB
  FENGQIAO_TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For is believed (comma list)
  FENGQIAO_LOGIN_FAILURE_LIMIT / _ADDRESS_FAILURE_LIMIT / _COOLOFF_MINUTES  login lockout
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("FENGQIAO_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    given = os.environ.get("FENGQIAO_SECRET_KEY")
    if given:
        return given
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("FENGQIAO_DEBUG")
ALLOWED_HOSTS = env_list("FENGQIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("FENGQIAO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "huey.contrib.djhuey",
    "fengqiao.core",
    "fengqiao.courts",
    "fengqiao.audit",
    "fengqiao.cases",
    "fengqiao.suggestions",
    "fengqiao.feedback",
    "fengqiao.publicity",
    "fengqiao.library",
    "fengqiao.mining",
    "fengqiao.dashboard",
    "fengqiao.guide",
    "fengqiao.documents",
    "fengqiao.portal",
    "fengqiao.administration",
    "fengqiao.evaluation",
    "fengqiao.selection",
    "fengqiao.guidance",
    "fengqiao.outreach",
]

MIDDLEWARE = [
    "fengqiao.core.middleware.RequestSizeLimitMiddleware",  # first: before any body is read
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fengqiao.core.middleware.CleanInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fengqiao.core.middleware.NoStoreForSignedInMiddleware",
    "fengqiao.administration.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fengqiao.urls"
WSGI_APPLICATION = "fengqiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fengqiao.courts.context_processors.navigation",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'fengqiao.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file (not :memory:) so subprocesses in tests can open it; one per test process.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "courts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password policy (Django's validators with Chinese messages): at least
# FENGQIAO_PASSWORD_MIN_LENGTH characters, not like the username or name, not a common
# password, not all digits.
PASSWORD_MIN_LENGTH = env_int("FENGQIAO_PASSWORD_MIN_LENGTH", 10)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "fengqiao.administration.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "phone")},
    },
    {
        "NAME": "fengqiao.administration.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "fengqiao.administration.passwords.CommonPasswordValidator"},
    {"NAME": "fengqiao.administration.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (fengqiao/courts/lockout.py): FENGQIAO_LOGIN_FAILURE_LIMIT (5) failures for
# one account from any address, or FENGQIAO_LOGIN_ADDRESS_FAILURE_LIMIT (20) from one client
# address on any accounts, lock for FENGQIAO_LOGIN_COOLOFF_MINUTES (15); never permanently.
AXES_FAILURE_LIMIT = env_int("FENGQIAO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("FENGQIAO_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("FENGQIAO_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours (a float)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "fengqiao.courts.lockout.AccountAndAddressLockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Reverse proxies (addresses or networks, comma list) whose X-Forwarded-For is believed; only
# requests arriving from them are attributed to the forwarded client address.
TRUSTED_PROXIES = env_list("FENGQIAO_TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "fengqiao.core.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Unified identity (LDAP) login: off unless FENGQIAO_LDAP_URL is set; the variables are listed in
# fengqiao/courts/ldap_settings.py. Matches existing accounts only, after the lockout backend.
from fengqiao.courts.ldap_settings import ldap_settings, with_ldap_backend  # noqa: E402

globals().update(ldap_settings(os.environ))
AUTHENTICATION_BACKENDS = with_ldap_backend(
    AUTHENTICATION_BACKENDS, enabled=globals()["FENGQIAO_LDAP_ENABLED"]
)

# Idle session timeout.
SESSION_COOKIE_AGE = env_int("FENGQIAO_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE = env_bool("FENGQIAO_SECURE")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve assets straight from the package (no collectstatic step needed to run); `make run`
# still collects them so whitenoise can serve compressed copies.
WHITENOISE_USE_FINDERS = True
# django-ninja's bundled Swagger UI for /api/docs (fengqiao/core/api_docs.py); found without
# importing ninja, which is not an installed app (that would load pydantic at every start).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    Path(importlib.util.find_spec("ninja").origin).parent / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploads are spooled here (not /tmp) so the periodic clean-up can remove what a
# killed worker left behind (fengqiao/core/leftovers.py).
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp" / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
# Signed letters (.docx at signing, .pdf from the background worker), written once.
FENGQIAO_LETTERS_DIR = Path(os.environ.get("FENGQIAO_LETTERS_DIR", DATA_DIR / "letters"))
# PDF conversion: at most this many LibreOffice processes at once, each with its own
# long-lived profile under FENGQIAO_SOFFICE_DIR (started warm, never inside a web request).
FENGQIAO_PDF_CONVERTERS = env_int("FENGQIAO_PDF_CONVERTERS", 1)
FENGQIAO_SOFFICE_DIR = Path(os.environ.get("FENGQIAO_SOFFICE_DIR", DATA_DIR / "soffice"))
# "auto": a long-running unoserver per slot when the `unoserver` package and LibreOffice's
# Python (Debian python3-uno, run by FENGQIAO_UNO_PYTHON) are there, else one soffice per
# conversion; "unoserver" or "soffice" to force one.
FENGQIAO_PDF_BACKEND = os.environ.get("FENGQIAO_PDF_BACKEND", "auto")
FENGQIAO_UNO_PYTHON = os.environ.get("FENGQIAO_UNO_PYTHON", "/usr/bin/python3")
# slot n listens on this port + 2n (XML-RPC) and + 2n + 1 (UNO), on 127.0.0.1 only
FENGQIAO_UNOSERVER_PORT = env_int("FENGQIAO_UNOSERVER_PORT", 2103)
# Queue the PDF of a signed letter (or of a 体检报告) for the background worker after the commit
# (tests turn it off and call the task directly).
FENGQIAO_LETTER_PDF_ENQUEUE = env_bool("FENGQIAO_LETTER_PDF_ENQUEUE", True)
# Files older than this that no row references are removed by the periodic clean-up.
FENGQIAO_LEFTOVER_GRACE_S = env_int("FENGQIAO_LEFTOVER_GRACE_S", 3600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

FENGQIAO_LETTER_LINK_DAYS = env_int("FENGQIAO_LETTER_LINK_DAYS", 90)
# 告知函 (第五条): default period the recipient is given to answer the 征求意见稿.
FENGQIAO_NOTICE_REPLY_DAYS = env_int("FENGQIAO_NOTICE_REPLY_DAYS", 15)
FENGQIAO_UPLOAD_MAX_BYTES = env_int("FENGQIAO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FENGQIAO_SEAL_MAX_BYTES = env_int("FENGQIAO_SEAL_MAX_BYTES", 2 * 1024 * 1024)
FENGQIAO_IMPORT_MAX_BYTES = env_int("FENGQIAO_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Whole request body, refused from its Content-Length before it is read (a reply carries at
# most 10 attachments of FENGQIAO_UPLOAD_MAX_BYTES each, plus the form).
FENGQIAO_REQUEST_MAX_BYTES = env_int(
    "FENGQIAO_REQUEST_MAX_BYTES", 10 * FENGQIAO_UPLOAD_MAX_BYTES + 10 * 1024 * 1024
)

REDIS_URL = os.environ.get("FENGQIAO_REDIS_URL", "")
HUEY = {
    "name": "fengqiao",
    "immediate": env_bool("FENGQIAO_HUEY_IMMEDIATE"),
    "consumer": {"workers": env_int("FENGQIAO_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

EMAIL_HOST = os.environ.get("FENGQIAO_EMAIL_HOST", "")
EMAIL_PORT = env_int("FENGQIAO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("FENGQIAO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FENGQIAO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("FENGQIAO_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("FENGQIAO_EMAIL_FROM", "fengqiao@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        }
    },
    "filters": {"client_errors_one_line": {"()": "fengqiao.core.logging.ClientErrorsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "filters": ["client_errors_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FENGQIAO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

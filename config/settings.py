"""Settings for the worker mental-health service network.

Everything comes from the environment through the small typed helpers below.
Nothing set gives the embedded default: SQLite under ``var/``, Celery tasks run
in-process, e-mail and SMS printed to the console, a local-memory cache.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import overload
from urllib.parse import parse_qs, unquote, urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


# --- environment helpers -----------------------------------------------------


@overload
def env_str(name: str) -> str | None: ...
@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value (stripped), or `default` when unset or blank."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_required(name: str) -> str:
    value = env_str(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(name: str, url: str) -> dict[str, object]:
    """Parse ``postgres://user:pass@host:port/db?sslmode=…`` or ``sqlite:///path``.

    Raises ImproperlyConfigured naming the variable for anything else, so a
    typo fails at start instead of at the first query.
    """
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://host/db.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} has a malformed port.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            # Django's backend; its health check skips the round trip when it can.
            "ENGINE": "core.db.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": env_str("DATABASE_TEST_NAME", f"test_{db_name}")},
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("//") or path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"{name} must give a file, e.g. sqlite:///var/db.sqlite3.")
        return sqlite_database(path)
    raise ImproperlyConfigured(
        f"{name} must start with postgres:// or sqlite:///, got scheme {parts.scheme!r}."
    )


def sqlite_database(path: str | Path) -> dict[str, object]:
    """SQLite set up for several people writing at once (gunicorn threads).

    WAL lets readers go on while one connection writes; IMMEDIATE takes the
    write lock when a transaction begins, so two bookings queue for it instead
    of both reading and then failing to upgrade ("database is locked", which no
    busy timeout can wait out); the timeout is how long a writer queues.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def redis_url(name: str) -> str | None:
    value = env_str(name)
    if value is None:
        return None
    if urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://.")
    return value


# --- core ----------------------------------------------------------------------

DJANGO_ENV = env_str("DJANGO_ENV", "development")
# The network's clock (core.clock): "today", opening and office hours, due dates.
# TIME_ZONE and CELERY_TIMEZONE follow it; there is no separate TIME_ZONE variable.
NETWORK_TIME_ZONE = env_str("NETWORK_TIME_ZONE", "Asia/Shanghai")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production.")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")
    DEBUG = False
else:
    # A development key, never used when DJANGO_ENV=production.
    SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-not-for-production-7c1e0b")  # type: ignore[assignment]
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
    DEBUG = env_bool("DEBUG", False)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
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
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "core",
    "network",
    "assessments",
    "appointments",
    "courses",
    "hotline",
    "learning",
    "kpis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.privacy.PrivacyMiddleware",  # right after sessions: it sets the session's length
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.StaffMFAMiddleware",
    # Redis away: 503 with a message, never a 500 (core.ratelimit fails open first).
    "core.middleware.CacheUnavailableMiddleware",
    # A page showing a form the request got wrong answers 400 (core.web).
    "core.web.InvalidFormStatusMiddleware",
    # NotFound → 404 and PermissionDenied → 403 from any view (core.web).
    "core.web.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    }
]

# --- data ----------------------------------------------------------------------

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))  # type: ignore[arg-type]

_database_url = env_str("DATABASE_URL")
if _database_url is None:
    DATABASES = {"default": sqlite_database(VAR_DIR / "db.sqlite3")}
else:
    DATABASES = {"default": database_from_url("DATABASE_URL", _database_url)}

# Hotline caller profiles (core.crypto): the key of the keyed HMAC repeat callers are
# looked up by, and the Fernet key(s) their numbers are encrypted with (comma-separated,
# newest first, for rotation). Production must set both; elsewhere a development key file
# is made under VAR_DIR on first use.
HOTLINE_CALLER_KEY = (
    env_required("HOTLINE_CALLER_KEY") if PRODUCTION else env_str("HOTLINE_CALLER_KEY")
)
FIELD_ENCRYPTION_KEY = (
    env_required("FIELD_ENCRYPTION_KEY") if PRODUCTION else env_str("FIELD_ENCRYPTION_KEY")
)
HOTLINE_DEV_KEY_FILE = VAR_DIR / "hotline-dev-keys.json"
# A risk flag on a caller's profile lasts this many days after the call that raised it.
HOTLINE_RISK_FLAG_DAYS = env_int("HOTLINE_RISK_FLAG_DAYS", 90)
# A contact request carrying risk not closed within this many minutes is flagged.
HOTLINE_CONTACT_RISK_MINUTES = env_int("HOTLINE_CONTACT_RISK_MINUTES", 30)
# Crisis escalation: minutes each step of a line without its own chain waits for an
# acknowledgement; an acknowledged crisis still open after REMIND minutes reminds the
# acknowledger, who has CONFIRM minutes to confirm before it is unacknowledged again.
HOTLINE_CRISIS_STEP_MINUTES = env_int("HOTLINE_CRISIS_STEP_MINUTES", 5)
HOTLINE_CRISIS_REMIND_MINUTES = env_int("HOTLINE_CRISIS_REMIND_MINUTES", 30)
HOTLINE_CRISIS_CONFIRM_MINUTES = env_int("HOTLINE_CRISIS_CONFIRM_MINUTES", 10)

# --- learning --------------------------------------------------------------------------
# Premium online courses the centre plans per month (the 2025 notice: two a month); the
# staff page warns when this month or the next two have fewer scheduled.
LEARNING_PREMIUM_PER_MONTH = env_int("LEARNING_PREMIUM_PER_MONTH", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = redis_url("REDIS_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, one client per server (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "xinling"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ----------------------------------------------------------------------
# Reliability per DESIGN.md: late acks, requeue on a lost worker, hard time
# limit well below the broker's visibility timeout, JSON only.

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
if CELERY_TASK_TIME_LIMIT >= CELERY_BROKER_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_TASK_TIME_LIMIT must be below CELERY_VISIBILITY_TIMEOUT, "
        "or a slow task is delivered twice."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
# Our tasks record their outcome in the database; without a result store to
# wait for, .delay() fails fast when Redis is down and the sweeper takes over.
CELERY_TASK_IGNORE_RESULT = True
# Beat schedules run by the network's clock (NETWORK_TIME_ZONE, below).
CELERY_TIMEZONE = NETWORK_TIME_ZONE
# The outbox (core.outbox): a failed send waits OUTBOX_BACKOFF_SECONDS, doubling up
# to OUTBOX_BACKOFF_MAX_SECONDS, and is failed after OUTBOX_MAX_ATTEMPTS; the
# sweeper re-sends rows not queued for OUTBOX_SWEEP_AFTER_SECONDS and takes over
# rows a dead worker left "sending" for OUTBOX_CLAIM_TIMEOUT_SECONDS (above the
# task time limit, so a live send is never taken over).
OUTBOX_BACKOFF_SECONDS = env_int("OUTBOX_BACKOFF_SECONDS", 30)
OUTBOX_BACKOFF_MAX_SECONDS = env_int("OUTBOX_BACKOFF_MAX_SECONDS", 3600)
# 30 attempts: about a day of retries before a message is given up.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 30)
OUTBOX_SWEEP_AFTER_SECONDS = env_int("OUTBOX_SWEEP_AFTER_SECONDS", 120)
# Sent rows (payload already emptied) are kept this long for the admin, then deleted.
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
OUTBOX_CLAIM_TIMEOUT_SECONDS = env_int("OUTBOX_CLAIM_TIMEOUT_SECONDS", 2 * CELERY_TASK_TIME_LIMIT)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Office hours become bookable slots for the next weeks.
    "appointments-regenerate-slots": {
        "task": "appointments.regenerate_slots",
        "schedule": 3600.0,
    },
    # Day-before and hour-before reminders of booked sessions.
    "appointments-send-reminders": {"task": "appointments.send_reminders", "schedule": 300.0},
    # Waitlist offers that ran out pass to the next worker in line.
    "appointments-expire-waitlist-offers": {
        "task": "appointments.expire_waitlist_offers",
        "schedule": 60.0,
    },
    # Overdue follow-ups to each counsellor and station lead, every morning.
    "appointments-followup-digest": {
        "task": "appointments.followup_digest",
        "schedule": crontab(hour=7, minute=30),
    },
    # Units that have not ordered a course hear that the round's deadline is near.
    "courses-round-reminders": {
        "task": "courses.send_round_reminders",
        "schedule": crontab(hour=9, minute=5),
    },
    # Outbox rows (SMS, e-mail, alerts, offers) left pending or stuck are sent again.
    "core-sweep-outbox": {"task": "core.sweep_outbox", "schedule": 60.0},
    # KPI months ended an hour ago are summed into the roll-ups (kpis.services.rollup).
    "kpis-close-months": {"task": "kpis.close_months", "schedule": crontab(minute=7)},
    # KPI annual reports left pending are sent again.
    "kpis-sweep-annual-reports": {"task": "kpis.sweep_annual_reports", "schedule": 300.0},
    # Reports left pending (e.g. the broker was down at request time) are sent again.
    "assessments-sweep-pending-reports": {
        "task": "assessments.sweep_pending_reports",
        "schedule": 60.0,
    },
    # Contact requests with risk left unhandled past HOTLINE_CONTACT_RISK_MINUTES.
    "hotline-flag-overdue-contacts": {
        "task": "hotline.flag_overdue_contacts",
        "schedule": 60.0,
    },
    # Crisis incidents: escalation of unacknowledged ones, reminders of acknowledged ones.
    "hotline-crisis-tick": {"task": "hotline.crisis_tick", "schedule": 60.0},
    # Next steps of hotline cases past their due time, referrals unanswered by their date.
    "hotline-flag-overdue-case-steps": {
        "task": "hotline.flag_overdue_case_steps",
        "schedule": 300.0,
    },
    # Exam attempts whose time ran out unsubmitted are marked with what was answered.
    "learning-expire-attempts": {"task": "learning.expire_attempts", "schedule": 60.0},
    # Contest entries left open past their deadline: closed with what they hold.
    "learning-expire-contest-entries": {
        "task": "learning.expire_contest_entries",
        "schedule": 60.0,
    },
    # Retention (ASSESSMENT_RETENTION_DAYS): reports and raw answers of expired
    # submissions, daily at a quiet hour.
    "assessments-purge-expired": {
        "task": "assessments.purge_expired",
        "schedule": crontab(hour=3, minute=17),
    },
}

# --- i18n ------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Django's default time zone follows the network's (NETWORK_TIME_ZONE): one variable.
TIME_ZONE = NETWORK_TIME_ZONE

# --- static and media ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production WhiteNoise serves straight from the source folders, so the
# site is styled whether or not collectstatic ran and whatever DEBUG says.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Source maps are fetched only by a browser's developer tools: serving them
# uncompressed halves the time collectstatic spends compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# The compact CJK font of the PDFs (core/pdf_fonts.py), built on first use (~1 min) and
# kept outside the checkout, so a fresh clone (CI) reuses the machine's copy.
PDF_FONT_DIR = Path(env_str("PDF_FONT_DIR", str(Path.home() / ".cache" / "xinling" / "pdf-fonts")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- accounts (django-allauth) ---------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# "Signed in as …" and every other allauth mention of a person: the chosen name, never
# the generated username.
ACCOUNT_USER_DISPLAY = "accounts.names.display_name"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Workers sign up with a mobile number or an e-mail address, at least one of
# them (accounts.forms.SignupForm checks that); allauth's W001 only knows
# "this one field is required".
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "password1*", "password2*"]
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Six digits, as people here expect an SMS code to look; three tries each.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Failed logins per IP and per account; allauth shows a translated
    # "Too many failed login attempts" message when a limit is hit.
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "职工心理健康服务网络")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- e-mail and SMS ------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@xinling.example")
SMS_BACKEND = env_str("SMS_BACKEND", "core.sms.ConsoleSMSBackend")

# --- REST API ----------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Partner keys first: a missing or bad key then answers 401 with `WWW-Authenticate: Bearer`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "network.api.authentication.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.negotiation.PlainJsonNegotiation",
    # Bad JSON, invalid UTF-8 and deep nesting are a 400 parse_error (core.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Anonymous callers by IP; each partner app by its own rate (PartnerApp.throttle_rate).
    "DEFAULT_THROTTLE_CLASSES": [
        "network.api.throttles.AnonymousRateThrottle",
        "network.api.throttles.PartnerAppRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "职工心理健康服务网络 API",
    "DESCRIPTION": "Partner API of the worker mental-health service network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_page_not_found",
    ],
}

# --- network ------------------------------------------------------------------------------

HOTLINE_NUMBER = env_str("HOTLINE_NUMBER", "12351")
# NETWORK_TIME_ZONE (the network's clock, core.clock) is set near the top of this file.
WALKING_SPEED_KMH = env_float("WALKING_SPEED_KMH", 4.8)
SERVICE_CIRCLE_MINUTES = env_int("SERVICE_CIRCLE_MINUTES", 15)
# Map tiles: a URL template such as https://tiles.example/{z}/{x}/{y}.png; empty
# means no tiles (the map shows markers only and the list still works).
# What the station finder uses to turn typed text (a district, an address, a station's
# name) into a point: a dotted path to a class with geocode(text) -> Place | None
# (network.geocoding.Geocoder). The default knows the network's own units, offline.
GEOCODER = env_str("GEOCODER", "network.geocoding.OfflineGeocoder")
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# Stations are stored in WGS-84. Tile servers in mainland China (AutoNavi, Tencent)
# draw in GCJ-02: say so and the map shifts every point before drawing it.
MAP_TILE_CRS = env_str("MAP_TILE_CRS", "wgs84")
if MAP_TILE_CRS not in {"wgs84", "gcj02"}:
    raise ImproperlyConfigured("MAP_TILE_CRS must be wgs84 or gcj02.")
# Assessments: how long raw answers and reports are kept, when the sweeper
# re-sends a report left pending, and the smallest group any aggregate shows.
ASSESSMENT_RETENTION_DAYS = env_int("ASSESSMENT_RETENTION_DAYS", 365)
REPORT_SWEEP_AFTER_MINUTES = env_int("REPORT_SWEEP_AFTER_MINUTES", 5)
MIN_GROUP_SIZE = env_int("MIN_GROUP_SIZE", 10)
# Appointments: slots are kept generated this far ahead, bookable after this
# much notice; a worker holds at most this many open bookings and may cancel
# online until this many hours before.
APPOINTMENT_MIN_HORIZON_DAYS = env_int("APPOINTMENT_MIN_HORIZON_DAYS", 28)
APPOINTMENT_MIN_NOTICE_HOURS = env_int("APPOINTMENT_MIN_NOTICE_HOURS", 12)
APPOINTMENT_MAX_OPEN_BOOKINGS = env_int("APPOINTMENT_MAX_OPEN_BOOKINGS", 2)
APPOINTMENT_CANCEL_HOURS = env_int("APPOINTMENT_CANCEL_HOURS", 2)
# The site's address (https://host) for links in messages sent without a request
# (reminders, waitlist offers, digests); unset → links are paths.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# No-shows by one worker at one station within the window that flag them to the station.
APPOINTMENT_NO_SHOW_FLAG = env_int("APPOINTMENT_NO_SHOW_FLAG", 2)
APPOINTMENT_NO_SHOW_WINDOW_DAYS = env_int("APPOINTMENT_NO_SHOW_WINDOW_DAYS", 180)
# A freed slot is held for the first waiting worker this long, then offered to the next.
WAITLIST_OFFER_MINUTES = env_int("WAITLIST_OFFER_MINUTES", 30)
# When a case loses its next step, a follow-up is due this many days later.
CASE_NEXT_STEP_DAYS = env_int("CASE_NEXT_STEP_DAYS", 3)
# Session notes can be corrected this long after writing; later only by an addendum.
NOTE_EDIT_HOURS = env_int("NOTE_EDIT_HOURS", 24)
# Length of one emotion-regulation pod or relaxation-room booking.
POD_SESSION_MINUTES = env_int("POD_SESSION_MINUTES", 15)
POD_MAX_OPEN_BOOKINGS = env_int("POD_MAX_OPEN_BOOKINGS", 2)
DEMO_PARTNER_KEY = env_str("DEMO_PARTNER_KEY", "demo-partner-key")
PARTNER_DEFAULT_RATE = env_str("PARTNER_DEFAULT_RATE", "600/minute")
SITE_NAME = _("Worker Mental-Health Service Network")

# --- security ----------------------------------------------------------------------------

# Django's database sessions, read with one SELECT written once (core/sessions.py).
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_HTTPONLY = True
# An anonymous visitor's session (answers in progress, a throttle count) lasts hours;
# a signed-in session keeps SESSION_COOKIE_AGE (Django's two weeks). core/privacy.py.
ANONYMOUS_SESSION_HOURS = env_int("ANONYMOUS_SESSION_HOURS", 6)
# Error reports hide retrieval codes, partner keys and phone numbers too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.reporting.SafeReporter"
# Messages live in the session, not a cookie: a new partner key is shown once
# through a message and must never travel in a client-side cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_map_tile_origin = env_str("MAP_TILE_ORIGIN", "") or ""
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"img-src 'self' data: {_map_tile_origin}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # SQL logged at DEBUG shows no values of answers, reports or call-back contacts.
    "filters": {"redact_personal_sql": {"()": "core.log_filters.RedactPersonalSQL"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry only the path, never bodies; see core.middleware.
        "django.server": {"level": "INFO"},
        "fontTools": {"level": "WARNING"},
        "django.db.backends": {"filters": ["redact_personal_sql"]},
    },
}

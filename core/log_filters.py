"""Logging filters that keep personal data out of the logs."""

from __future__ import annotations

import logging

# Tables whose values must never reach a log: assessment answers and results,
# report PDFs, call-back phone numbers.
PERSONAL_TABLES = (
    "assessments_submission",
    "assessments_report",
    "assessments_callbackrequest",
    # Counselling: note bodies, follow-up results, referral feedback, phone numbers.
    "appointments_sessionnote",
    "appointments_followup",
    "appointments_referral",
    "accounts_user",
    # Hotline: call summaries, contact requests, callers' (encrypted) numbers.
    "hotline_call",
    "hotline_contactrequest",
    "hotline_callerprofile",
)


class RedactPersonalSQL(logging.Filter):
    """SQL logged at DEBUG (`django.db.backends`) loses its values on personal tables.

    Django logs every statement with its parameters when DEBUG is on and the
    logger is set to DEBUG; for the tables above only the statement's verb,
    the table and the duration remain, so a slow query can still be found.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        sql = getattr(record, "sql", None)
        if not isinstance(sql, str):
            return True
        table = next((name for name in PERSONAL_TABLES if name in sql), None)
        if table is None:
            return True
        words = sql.split(None, 1)
        verb = words[0].upper() if words else "SQL"
        record.msg = "(%.3f) %s … %s [values redacted]; alias=%s"
        record.args = (getattr(record, "duration", 0.0), verb, table, getattr(record, "alias", ""))
        record.sql = f"{verb} … {table} [values redacted]"
        record.params = None
        return True

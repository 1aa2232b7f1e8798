"""What Django's error reports (500 mails, debug pages) may show of a request."""

import re

from django.views.debug import SafeExceptionReporterFilter


class SafeReporter(SafeExceptionReporterFilter):
    # Django's default list, plus retrieval codes, partner keys and phone numbers.
    hidden_settings = re.compile(
        "API|AUTHORIZATION|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|RETRIEVAL|PHONE",
        flags=re.IGNORECASE,
    )

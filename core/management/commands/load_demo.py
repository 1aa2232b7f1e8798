from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Loads the demo network and demo logins (idempotent; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = load_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        for login in logins:
            self.stdout.write(f"  {login.email:<34} {DEMO_PASSWORD}   {login.role}")

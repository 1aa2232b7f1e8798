"""Build the compact PDF font once (core.pdf_fonts), so no request or task waits for it."""

from typing import Any

from django.core.management.base import BaseCommand

from core import pdf_fonts


class Command(BaseCommand):
    help = "Build the compact CJK font personal PDF reports embed (once per machine)."

    def handle(self, *args: Any, **options: Any) -> None:
        faces = pdf_fonts.ensure_fonts()
        if not faces:
            self.stdout.write("Noto CJK is not installed: PDFs embed the system font.")
            return
        for weight, path in sorted(faces.items()):
            self.stdout.write(f"PDF font ({weight}): {path}")

"""`manage.py portal_status`: the figures to monitor, as text or one JSON object per line
(for a log shipper or a cron check). Exits 1 when any figure needs attention."""

import json

from django.core.management.base import BaseCommand

from core.operations import all_figures


class Command(BaseCommand):
    help = "Print the queue length, failed or lagging aggregation and unsent e-mails."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object per figure")

    def handle(self, *args, **options):
        figures = all_figures()
        for figure in figures:
            if options["json"]:
                self.stdout.write(json.dumps(figure.__dict__))
            else:
                flag = "CHECK" if figure.problem else "ok"
                note = f"  ({figure.note})" if figure.note else ""
                self.stdout.write(f"{flag:<6} {figure.name:<40} {figure.value}{note}")
        if any(figure.problem for figure in figures):
            raise SystemExit(1)

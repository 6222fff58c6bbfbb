"""`python manage.py check_whmcs`: does the configured WHMCS answer?"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from storefront.web.services import whmcs_connection


class Command(BaseCommand):
    help = "Check that the configured WHMCS answers on its REST v2 and classic APIs."

    def handle(self, *args, **options):
        report = whmcs_connection()
        where = "embedded sandbox" if report.embedded else report.url
        self.stdout.write(f"WHMCS:        {where} (URL mode: {report.url_mode or '-'})")
        if report.embedded:
            self.stdout.write("              in-process; browsers reach it at /whmcs/")
        if report.rest_ok:
            self.stdout.write(f"Server time:  {report.server_time} ({report.timezone})")
            self.stdout.write(f"Currencies:   {', '.join(report.currencies)}")
        self.stdout.write(f"REST API v2:  {'reachable' if report.rest_ok else 'NOT reachable'}")
        self.stdout.write(f"Classic API:  {'reachable' if report.classic_ok else 'NOT reachable'}")
        if report.problems:
            raise CommandError("; ".join(report.problems))
        self.stdout.write(self.style.SUCCESS("WHMCS answers."))

"""Load the demo data of every part of the platform; safe to run again.

Each part registers a loader in `settings.DEMO_LOADERS` (a dotted path to a function
taking `stdout` and returning demo logins), so the site-wide layer imports no app that
builds on it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load demo data (officers of every role, and the demo content of each app)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="The address the demo is served at (printed at the end, used in e-mail links).",
        )

    def handle(self, *args, **options):
        # Links in the e-mails the demo sends (assignments) point at the address served.
        settings.WAGTAILADMIN_BASE_URL = options["url"].rstrip("/")
        logins = []
        for path in settings.DEMO_LOADERS:
            self.stdout.write(f"- {path}")
            logins.extend(import_string(path)(self.stdout) or [])
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo accounts (vai trò / tên đăng nhập / mật khẩu):"))
        width = max((len(str(role)) for role, _, _ in logins), default=0)
        for role, username, password in logins:
            self.stdout.write(f"  {str(role):<{width}}  {username:<10}  {password}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"DVC Academy: {options['url']}"))
        self.stdout.write(f"Wagtail admin: {options['url'].rstrip('/')}/admin/")

"""Grade the attempts whose time ran out while the officer was away (run every few minutes).

An attempt is also closed as soon as its officer comes back, so this only keeps reports
and course progress up to date for those who never return.
"""

from django.core.management.base import BaseCommand

from courses.quiz.services import attempts_close_overdue


class Command(BaseCommand):
    help = "Submit and grade quiz attempts left open past their deadline."

    def handle(self, *args, **options):
        closed = attempts_close_overdue()
        self.stdout.write(f"{closed} attempt(s) closed and graded.")

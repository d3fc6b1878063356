from django.core.management.base import BaseCommand

from courses.models import CoursePage
from courses.outline import course_outline_refresh


class Command(BaseCommand):
    help = "Rebuild the stored outline (modules and activities) of every course."

    def handle(self, *args, **options):
        courses = list(CoursePage.objects.all())
        for course in courses:
            course_outline_refresh(course=course)
        self.stdout.write(f"Rebuilt the outline of {len(courses)} course(s).")

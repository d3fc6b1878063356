"""URLs of the transcript report (filled in by its module)."""

urlpatterns = []

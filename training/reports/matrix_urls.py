"""URLs of the matrix report (filled in by its module)."""

urlpatterns = []

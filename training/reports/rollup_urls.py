"""URLs of the rollup report (filled in by its module)."""

urlpatterns = []

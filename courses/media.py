"""Media that lessons use beyond Wagtail's images and documents (local video)."""

"""Certificate URLs, mounted at /hoc-tap/chung-chi/ inside the `courses` namespace.

The verification pages need no login: anyone holding a printed certificate may check it.
"""

from django.urls import path

from . import certificate_views

urlpatterns = [
    path("xac-minh/", certificate_views.certificate_lookup, name="certificate_lookup"),
    path("xac-minh/<str:code>/", certificate_views.certificate_verify, name="certificate_verify"),
    path("<str:number>/pdf/", certificate_views.certificate_download, name="certificate_pdf"),
]

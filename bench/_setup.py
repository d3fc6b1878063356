"""Shared set-up for the benchmarks: a throwaway database and a migrated Django.

Each benchmark runs on its own temporary SQLite file unless BENCH_DATABASE_URL is set
(e.g. a scratch PostgreSQL database); it never touches the developer's db.sqlite3.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="dvc-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "training.settings.test"
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    call_command("migrate", verbosity=0)


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def median_ms(fn, repeat: int = 100) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)

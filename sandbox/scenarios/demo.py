"""Demo practice scenarios for `manage.py load_demo`: a module "Thực hành xử lý hồ sơ" in the
demo course holding the scenarios of `demo_content.py`. Idempotent: an existing module is
left alone."""

from __future__ import annotations

import datetime
import json
import uuid

from django.db import transaction
from django.utils.text import slugify

from courses.models import CoursePage, ModulePage

from .demo_content import SCENARIOS
from .models import ScenarioPage

MODULE_SLUG = "thuc-hanh-xu-ly-ho-so"


def _stream(block_type: str, items: list[dict]) -> str:
    return json.dumps(
        [{"type": block_type, "value": item, "id": str(uuid.uuid4())} for item in items]
    )


def scenario_page(definition: dict) -> ScenarioPage:
    """An unsaved scenario page from one `demo_content.SCENARIOS` entry."""
    rubric = [
        {k: v for k, v in c.items() if v is not None and k not in ("key",)}
        for c in definition["rubric"]
    ]
    for item in rubric:
        item["weight"] = str(item["weight"])
    report = definition.get("report") or {}
    page = ScenarioPage(
        title=definition["title"],
        slug=definition.get("slug") or slugify(definition["title"]),
        briefing=definition["briefing"],
        trainee_roles=",".join(definition["roles"]),
        clock_start=datetime.datetime.fromisoformat(definition["clock_start"]),
        clock_variants=" | ".join(definition.get("clock_variants", [])),
        time_limit_working_days=definition.get("time_limit_working_days"),
        mode=definition.get("mode", "assessed"),
        assessed_attempts=definition.get("assessed_attempts", 2),
        pass_mark=definition.get("pass_mark", 80),
        manual_calculation=definition.get("manual_calculation", False),
        estimated_minutes=definition.get("estimated_minutes", 20),
        report_period_start=(
            datetime.date.fromisoformat(report["period_start"]) if report else None
        ),
        report_period_end=datetime.date.fromisoformat(report["period_end"]) if report else None,
    )
    if report:
        from training.people.models import Unit

        page.report_unit = Unit.objects.get(code=report["unit"])
    page.dossiers = _stream("dossier", definition["dossiers"])
    page.history = _stream("history", definition.get("history", []))
    page.scripts = _stream("script", definition["scripts"])
    page.expected_path = _stream("step", definition["expected_path"])
    page.rubric = _stream("criterion", rubric)
    return page


@transaction.atomic
def add_scenarios(course: CoursePage, definitions=None) -> ModulePage:
    module = ModulePage.objects.child_of(course).filter(slug=MODULE_SLUG).first()
    if module is not None:
        return module
    module = ModulePage(title="Thực hành xử lý hồ sơ trên hệ thống mô phỏng", slug=MODULE_SLUG)
    course.add_child(instance=module)
    for definition in definitions if definitions is not None else SCENARIOS:
        module.add_child(instance=scenario_page(definition))
    return module


def load(stdout) -> list:
    """Add the scenarios module to the demo course; no demo logins of its own."""
    course = CoursePage.objects.order_by("path").first()
    if course is None:
        stdout.write("  scenarios: no demo course, skipped")
        return []
    module = add_scenarios(course)
    count = ScenarioPage.objects.child_of(module).count()
    stdout.write(f"  scenarios: {count} practice scenarios in “{course.title}”")
    return []

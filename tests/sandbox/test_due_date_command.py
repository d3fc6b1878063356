"""`manage.py due_date`: trainers check scenario keys with it, scripts read its last line."""

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .test_calendar import WORKED_EXAMPLES

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("received", "working_days", "due"),
    [case[1:] for case in WORKED_EXAMPLES],
    ids=[case[0] for case in WORKED_EXAMPLES],
)
def test_last_line_is_the_due_date(received, working_days, due):
    limit = ["--same-day"] if working_days is None else ["--working-days", str(working_days)]
    lines = run("--received", received, *limit)
    assert lines[-1] == due.isoformat()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lines[-1])


def test_explanation_names_the_days_skipped_and_counted():
    lines = run("--received", "2025-12-31 15:05", "--same-day", "--language", "en")
    text = "\n".join(lines)
    assert "31/12/2025" in lines[0]
    assert "Tết Dương lịch" in text
    assert "Nghỉ Tết Dương lịch 2026" in text  # the seeded override's name
    assert "after 15:00" in text
    assert "Weekend days skipped: 2." in text
    assert lines[-2].endswith("05/01/2026")


def test_explanation_marks_make_up_days_and_rollover():
    lines = run("--received", "2026-08-20 09:00", "--working-days", "5", "--language", "en")
    assert any("22/08/2026" in line and "make-up working day" in line for line in lines)
    lines = run("--received", "2026-11-21 10:00", "--working-days", "3", "--language", "en")
    assert any(line.startswith("Counted as received at 08:00") for line in lines)
    assert any("24/11/2026" in line and "Ngày Văn hóa Việt Nam" in line for line in lines)
    assert lines[-1] == "2026-11-26"


def test_vietnamese_is_the_default_language():
    lines = run("--received", "2025-01-24 09:30", "--working-days", "3")
    assert "Thứ 6 24/01/2025" in lines[0]  # Django's own Vietnamese weekday names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "24/01/2025 09:30", "--working-days", "3"], "YYYY-MM-DD HH:MM"),
        (["--received", "2025-02-30 09:30", "--working-days", "3"], "YYYY-MM-DD HH:MM"),
        (["--received", "2025-01-24", "--working-days", "3"], "YYYY-MM-DD HH:MM"),
        (["--received", "2025-01-24 09:30", "--working-days", "-3"], "from 1 to"),
        (["--received", "2025-01-24 09:30", "--working-days", "0"], "from 1 to"),
        (["--received", "2025-01-24 09:30", "--working-days", "ba"], "invalid int value"),
        (["--received", "2025-01-24 09:30", "--working-days", "3", "--same-day"], "not allowed"),
        (["--received", "2025-01-24 09:30"], "one of the arguments"),
        (["--working-days", "3"], "--received"),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args, "--language", "en")


def test_bad_input_exits_non_zero_from_the_shell():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run(
        [
            sys.executable,
            str(manage),
            "due_date",
            "--received",
            "hôm qua",
            "--same-day",
            "--language",
            "en",
            "--settings",
            "training.settings.test",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "YYYY-MM-DD HH:MM" in result.stderr
    assert result.stdout == ""

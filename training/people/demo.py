"""Demo officers for `manage.py load_demo`: one account per role plus a few colleagues.

Idempotent: accounts are looked up by employee code, so a second run changes nothing.
"""

from django.db import transaction

from .models import Officer, Position, Unit
from .roles import Role
from .services import officer_create

DEMO_PASSWORD = "DvcAcademy@2026"

# (employee code, full name, unit code, position, roles, shown as a demo login)
DEMO_OFFICERS = [
    ("hocvien", "Nguyễn Thị Hương", "tu-phap", "Chuyên viên", (Role.OFFICER,), True),
    ("giangvien", "Trần Đức Thắng", "vp", "Chuyên viên chính", (Role.TRAINER,), True),
    ("nhansu", "Lê Thu Trang", "noi-vu", "Chuyên viên", (Role.HR,), True),
    ("lanhdao", "Phạm Quốc Việt", "tu-phap", "Trưởng phòng", (Role.LEADER, Role.OFFICER), True),
    ("quantri", "Đỗ Minh Khôi", "vp", "Chuyên viên", (Role.ADMINISTRATOR,), True),
    ("TX00101", "Hoàng Văn Nam", "tu-phap", "Chuyên viên", (Role.OFFICER,), False),
    ("TX00102", "Vũ Thị Lan", "tc-kh", "Chuyên viên", (Role.OFFICER,), False),
    ("TX00103", "Bùi Anh Tuấn", "qldt", "Chuyên viên", (Role.OFFICER,), False),
    (
        "TX00104",
        "Đặng Thị Mai",
        "khuong-mai",
        "Công chức Tư pháp – Hộ tịch",
        (Role.OFFICER,),
        False,
    ),
    (
        "TX00105",
        "Ngô Văn Hải",
        "nhan-chinh",
        "Công chức Văn phòng – Thống kê",
        (Role.OFFICER,),
        False,
    ),
]


@transaction.atomic
def load(stdout) -> list[tuple[str, str, str]]:
    """Create the demo officers that are missing; return the demo logins to print."""
    logins = []
    for code, name, unit_code, position, roles, is_login in DEMO_OFFICERS:
        if not Officer.objects.filter(employee_code=code).exists():
            officer = officer_create(
                employee_code=code,
                full_name=name,
                unit=Unit.objects.get(code=unit_code),
                position=Position.objects.get_or_create(name=position)[0],
                email=f"{code.lower()}@thanhxuan.example",
                roles=tuple(roles),
                password=DEMO_PASSWORD,
            )
            if Role.ADMINISTRATOR in roles:
                officer.user.is_superuser = True
                officer.user.is_staff = True
                officer.user.save(update_fields=["is_superuser", "is_staff"])
        if is_login:
            logins.append((Role(roles[0]).label, code.lower(), DEMO_PASSWORD))
    return logins

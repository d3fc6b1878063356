"""Seed the 12 specialist departments and 11 wards of UBND quận Thanh Xuân (Profile B,
`dossier-workflow.md` §4.1 and §4.2) and the five role groups.

Permissions are attached to the groups by `training.people.roles.sync_role_permissions`,
which runs after every `migrate`, so that models added later get their permissions too.
"""

from django.db import migrations

DEPARTMENTS = [
    ("vp", "Văn phòng HĐND và UBND quận", "Office of the District People's Council and People's Committee"),
    ("noi-vu", "Phòng Nội vụ", "Home Affairs Division"),
    ("tu-phap", "Phòng Tư pháp", "Justice Division"),
    ("tc-kh", "Phòng Tài chính – Kế hoạch", "Finance and Planning Division"),
    ("tn-mt", "Phòng Tài nguyên và Môi trường", "Natural Resources and Environment Division"),
    ("ld-tbxh", "Phòng Lao động – Thương binh và Xã hội", "Labour, Invalids and Social Affairs Division"),
    ("vh-tt", "Phòng Văn hóa và Thông tin", "Culture and Information Division"),
    ("gd-dt", "Phòng Giáo dục và Đào tạo", "Education and Training Division"),
    ("y-te", "Phòng Y tế", "Health Division"),
    ("thanh-tra", "Thanh tra quận", "District Inspectorate"),
    ("kinh-te", "Phòng Kinh tế", "Economic Division"),
    ("qldt", "Phòng Quản lý đô thị", "Urban Management Division"),
]

WARDS = [
    ("ha-dinh", "Phường Hạ Đình", "Ha Dinh Ward"),
    ("khuong-dinh", "Phường Khương Đình", "Khuong Dinh Ward"),
    ("khuong-mai", "Phường Khương Mai", "Khuong Mai Ward"),
    ("khuong-trung", "Phường Khương Trung", "Khuong Trung Ward"),
    ("kim-giang", "Phường Kim Giang", "Kim Giang Ward"),
    ("nhan-chinh", "Phường Nhân Chính", "Nhan Chinh Ward"),
    ("phuong-liet", "Phường Phương Liệt", "Phuong Liet Ward"),
    ("txb", "Phường Thanh Xuân Bắc", "Thanh Xuan Bac Ward"),
    ("txn", "Phường Thanh Xuân Nam", "Thanh Xuan Nam Ward"),
    ("txt", "Phường Thanh Xuân Trung", "Thanh Xuan Trung Ward"),
    ("thuong-dinh", "Phường Thượng Đình", "Thuong Dinh Ward"),
]

ROLES = ["Học viên", "Giảng viên", "Nhân sự", "Lãnh đạo", "Quản trị"]


def seed(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    Group = apps.get_model("auth", "Group")
    for kind, rows in (("department", DEPARTMENTS), ("ward", WARDS)):
        for order, (code, name_vi, name_en) in enumerate(rows, start=1):
            Unit.objects.update_or_create(
                code=code,
                defaults={"kind": kind, "name_vi": name_vi, "name_en": name_en, "sort_order": order},
            )
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    Unit.objects.filter(code__in=[c for c, *_ in DEPARTMENTS + WARDS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

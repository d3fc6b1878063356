"""The organisation seeded by migration: 12 departments, 11 wards, five roles."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from training.people.models import Department, Unit, Ward
from training.people.roles import Role

pytestmark = pytest.mark.django_db


def test_the_twelve_specialist_departments_are_seeded_in_order():
    names = list(Department.objects.values_list("name_vi", flat=True))
    assert len(names) == 12
    assert names[0] == "Văn phòng HĐND và UBND quận"
    assert "Phòng Tư pháp" in names and "Phòng Quản lý đô thị" in names
    assert "Phòng Kinh tế" in names and "Thanh tra quận" in names


def test_the_eleven_wards_are_seeded():
    names = set(Ward.objects.values_list("name_vi", flat=True))
    assert names == {
        "Phường Hạ Đình",
        "Phường Khương Đình",
        "Phường Khương Mai",
        "Phường Khương Trung",
        "Phường Kim Giang",
        "Phường Nhân Chính",
        "Phường Phương Liệt",
        "Phường Thanh Xuân Bắc",
        "Phường Thanh Xuân Nam",
        "Phường Thanh Xuân Trung",
        "Phường Thượng Đình",
    }


def test_unit_names_follow_the_active_language():
    unit = Unit.objects.get(code="tu-phap")
    with translation.override("vi"):
        assert unit.name == "Phòng Tư pháp"
    with translation.override("en"):
        assert unit.name == "Justice Division"


def test_the_five_roles_exist_with_their_permissions():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert {r.value for r in Role} <= set(groups)
    perms = {
        name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
        for name, g in groups.items()
    }
    assert perms[Role.OFFICER] == set()
    assert "wagtailadmin.access_admin" in perms[Role.TRAINER]
    assert {"people.add_officer", "people.add_rosterimport"} <= perms[Role.HR]
    assert "people.add_officer" not in perms[Role.TRAINER]
    assert "auth.change_user" in perms[Role.ADMINISTRATOR]


def test_administrators_and_trainers_may_upload_images_and_documents():
    from wagtail.models import GroupCollectionPermission

    for role in (Role.ADMINISTRATOR, Role.TRAINER):
        granted = set(
            GroupCollectionPermission.objects.filter(group__name=role).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_image", "choose_image", "add_document", "choose_document"} <= granted

"""Practice applicants: realistic Vietnamese names and addresses in the 11 wards of Thanh Xuân
(Profile B), with identity numbers, phones and e-mails that are obviously fictitious.

* ID numbers start with "000000": no citizen-identity number begins with province code 000,
  so a generated number can never be a real person's.
* Phones start with "0000" (no Vietnamese network prefix); e-mails end in ".example".
* Street names are real streets of each ward; house numbers and lanes are random.

`ApplicantGenerator(seed)` is deterministic, so a workspace (`Workspace.seed`) always gets the
same applicants in the same order.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

# Family names, weighted roughly by frequency.
FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Đào", 1),
    ("Mai", 1),
    ("Tạ", 1),
    ("Lương", 1),
]
MIDDLE_NAMES = {
    "m": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Anh", "Tiến", "Thành", "Mạnh", "Duy"],
    "f": ["Thị", "Ngọc", "Thu", "Minh", "Thanh", "Phương", "Hồng", "Thùy", "Khánh", "Mai"],
}
GIVEN_NAMES = {
    "m": [
        "Anh",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hiếu",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Minh",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
    ],
    "f": [
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "Ngọc",
        "Nhung",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Yến",
    ],
}

# Real streets of each ward (unit code → ward name and streets).
WARD_STREETS: dict[str, tuple[str, list[str]]] = {
    "ha-dinh": ("Hạ Đình", ["Hạ Đình", "Nguyễn Trãi", "Kim Giang", "Tô Vĩnh Diện"]),
    "khuong-dinh": ("Khương Đình", ["Khương Đình", "Nguyễn Trãi", "Khương Hạ", "Bùi Xương Trạch"]),
    "khuong-mai": ("Khương Mai", ["Khương Mai", "Trường Chinh", "Vương Thừa Vũ", "Lê Trọng Tấn"]),
    "khuong-trung": (
        "Khương Trung",
        ["Khương Trung", "Vương Thừa Vũ", "Tô Vĩnh Diện", "Trường Chinh"],
    ),
    "kim-giang": ("Kim Giang", ["Kim Giang", "Hoàng Đạo Thành", "Hoàng Văn Thái"]),
    "nhan-chinh": ("Nhân Chính", ["Nhân Hòa", "Lê Văn Lương", "Hoàng Minh Giám", "Quan Nhân"]),
    "phuong-liet": (
        "Phương Liệt",
        ["Phương Liệt", "Giải Phóng", "Trường Chinh", "Nguyễn Văn Trỗi"],
    ),
    "txb": (
        "Thanh Xuân Bắc",
        ["Nguyễn Quý Đức", "Nguyễn Huy Tưởng", "Vũ Trọng Phụng", "Nguyễn Tuân"],
    ),
    "txn": ("Thanh Xuân Nam", ["Nguyễn Trãi", "Khuất Duy Tiến", "Nguyễn Xiển"]),
    "txt": (
        "Thanh Xuân Trung",
        ["Nguyễn Trãi", "Nguyễn Tuân", "Vũ Trọng Phụng", "Ngụy Như Kon Tum"],
    ),
    "thuong-dinh": (
        "Thượng Đình",
        ["Nguyễn Trãi", "Nguyễn Tuân", "Vũ Trọng Phụng", "Khương Trung"],
    ),
}
WARDS = tuple(WARD_STREETS)


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class GeneratedApplicant:
    name: str
    gender: str
    birth_date: date
    id_number: str
    address: str
    ward: str  # unit code
    phone: str
    email: str

    def as_applicant(self) -> dict:
        """The `applicant` argument of `sandbox.services.dossier_create`."""
        return {
            "name": self.name,
            "id_number": self.id_number,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "birth_date": self.birth_date,
        }


class ApplicantGenerator:
    """Deterministic practice applicants for one seed."""

    def __init__(self, seed: int = 0):
        self._random = random.Random(seed)
        self._serial = 0

    def name(self, gender: str | None = None) -> tuple[str, str]:
        rnd = self._random
        gender = gender or rnd.choice("mf")
        family = rnd.choices([f for f, _ in FAMILY_NAMES], [w for _, w in FAMILY_NAMES])[0]
        return (
            f"{family} {rnd.choice(MIDDLE_NAMES[gender])} {rnd.choice(GIVEN_NAMES[gender])}",
            gender,
        )

    def address(self, ward: str | None = None) -> tuple[str, str]:
        rnd = self._random
        ward = ward or rnd.choice(WARDS)
        ward_name, streets = WARD_STREETS[ward]
        street = rnd.choice(streets)
        house = rnd.randint(1, 199)
        if rnd.random() < 0.6:
            place = f"Số {house}, ngõ {rnd.randint(2, 350)} {street}"
        else:
            place = f"Số {house} {street}"
        return f"{place}, phường {ward_name}, quận Thanh Xuân, Hà Nội", ward

    def applicant(self, *, ward: str | None = None, gender: str | None = None, adult: bool = True):
        rnd = self._random
        self._serial += 1
        name, gender = self.name(gender)
        address, ward = self.address(ward)
        age_days = rnd.randint(18 * 365, 75 * 365) if adult else rnd.randint(0, 17 * 365)
        birth = date(2025, 1, 1) - timedelta(days=age_days)
        handle = _ascii(name.split()[-1]) + _ascii("".join(w[0] for w in name.split()[:-1]))
        return GeneratedApplicant(
            name=name,
            gender=gender,
            birth_date=birth,
            id_number=f"000000{rnd.randint(0, 999999):06d}",
            address=address,
            ward=ward,
            phone=f"0000{rnd.randint(0, 999999):06d}",
            email=f"{handle}{self._serial}@thu-nghiem.example",
        )

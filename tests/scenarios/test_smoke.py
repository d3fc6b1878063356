import datetime

import pytest

from tests.scenarios.factories import Player, enrolled_officer, make_scenario

pytestmark = pytest.mark.django_db


def test_tet_solved():
    scenario = make_scenario("hen-tra-qua-tet")
    p = Player(scenario, enrolled_officer(scenario))
    p.check_all()
    p.do("A", "desk_accept", "TN", {"appointment_date": "2025-02-05", "fee_amount": 100000})
    p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})
    a = p.submit()
    print(a.result)
    assert p.lost() == []
    assert a.score == 100
    assert p.dossier().due_date == datetime.date(2025, 2, 5)


def test_hkd_solved():
    scenario = make_scenario("ho-kinh-doanh-thieu-giay-to")
    p = Player(scenario, enrolled_officer(scenario))
    p.check_all()
    p.do("A", "desk_request_supplement", "TN", {"reason": "Hồ sơ chưa đầy đủ."})
    a = p.submit()
    print(a.result)
    assert p.lost() == []

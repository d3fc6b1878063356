"""Server-side SVG charts: accessible names, labels, values, escaping, fallback tables."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.people.factories import PASSWORD, make_officer
from training.people.models import Unit
from training.people.roles import Role
from training.reports import charts
from training.reports.rollup_views import completion_chart, overdue_chart, trend_chart
from training.reports.rollups import TrendPoint, UnitRollup

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg))


def texts(root) -> list[str]:
    return [" ".join(node.itertext()) for node in root.iter(f"{SVG}text")]


class TestBarChart:
    def chart(self, **kwargs):
        kwargs.setdefault("chart_id", "c1")
        kwargs.setdefault("title", "Tỷ lệ hoàn thành theo đơn vị")
        kwargs.setdefault("description", "Cao nhất: Phòng Nội vụ.")
        kwargs.setdefault(
            "bars",
            [
                charts.Bar("Phòng Nội vụ", 66.7, "66,7%"),
                charts.Bar("Phòng Lao động – Thương binh và Xã hội", 12.5, "12,5%"),
                charts.Bar("Phường Hạ Đình", None, "chưa giao khóa học"),
            ],
        )
        kwargs.setdefault("maximum", 100)
        kwargs.setdefault("tick_suffix", "%")
        return charts.bar_chart(**kwargs)

    def test_is_a_named_and_described_image(self):
        root = parse(self.chart())
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "c1-title c1-desc"
        assert root.find(f"{SVG}title").get("id") == "c1-title"
        assert root.find(f"{SVG}title").text == "Tỷ lệ hoàn thành theo đơn vị"
        assert root.find(f"{SVG}desc").get("id") == "c1-desc"
        assert root.find(f"{SVG}desc").text == "Cao nhất: Phòng Nội vụ."

    def test_labels_and_values_are_text(self):
        words = " ".join(texts(parse(self.chart())))
        assert "Phòng Nội vụ" in words and "66,7%" in words and "12,5%" in words
        # The long name is wrapped onto two lines, not cut.
        assert "Phòng Lao động – Thương binh và Xã hội" in words
        assert "chưa giao khóa học" in words  # no bar, but a reason in words
        assert "100%" in words and "0%" in words  # the axis

    def test_bar_lengths_follow_the_values(self):
        rects = parse(self.chart()).findall(f"{SVG}rect")[1:]  # the first is the background
        assert len(rects) == 2  # no bar for the unit without data
        first, second = (float(r.get("width")) for r in rects)
        assert first / second == pytest.approx(66.7 / 12.5, rel=0.01)
        assert {r.get("fill") for r in rects} == {charts.NAVY}

    def test_labels_are_escaped(self):
        svg = self.chart(bars=[charts.Bar('<script>alert("x")</script>', 5, "5")], maximum=None)
        assert "<script>" not in str(svg)
        assert '<script>alert("x")</script>' in texts(parse(svg))

    def test_no_bars(self):
        svg = self.chart(bars=[], empty_text="Không có đơn vị")
        assert "Không có đơn vị" in texts(parse(svg))

    def test_no_inline_styles(self):
        assert not re.search(r"\sstyle=", str(self.chart()))


class TestLineChart:
    def test_every_point_has_its_value_and_zero_months_are_drawn(self):
        points = [
            charts.Point(f"{m:02d}/2026", v, str(v))
            for m, v in zip(range(1, 7), [0, 3, 0, 0, 12, 1], strict=True)
        ]
        root = parse(
            charts.line_chart(
                chart_id="t",
                title="Số khóa hoàn thành",
                description="12 trong tháng 05",
                points=points,
            )
        )
        assert root.get("role") == "img"
        assert len(root.findall(f"{SVG}circle")) == 6
        polyline = root.find(f"{SVG}polyline").get("points").split()
        assert len(polyline) == 6
        words = texts(root)
        for label in ("01/2026", "03/2026", "06/2026", "12", "3"):
            assert label in words
        assert words.count("0") >= 3  # three zero months plus the axis

    def test_long_series_writes_at_most_twelve_month_labels(self):
        points = [charts.Point(f"m{i}", i, str(i)) for i in range(24)]
        words = texts(
            parse(charts.line_chart(chart_id="t", title="x", description="y", points=points))
        )
        assert len([w for w in words if w.startswith("m")]) <= 13


def test_nice_ticks():
    assert charts.nice_ticks(100) == [0, 25, 50, 75, 100]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(1234)[-1] >= 1234


def test_wrap_label():
    assert charts.wrap_label("Phòng Y tế", max_chars=36) == ["Phòng Y tế"]
    lines = charts.wrap_label("Phòng Lao động – Thương binh và Xã hội", max_chars=24)
    assert lines == ["Phòng Lao động –", "Thương binh và Xã hội"]  # balanced, not greedy
    lines = charts.wrap_label("một hai ba bốn năm sáu bảy tám chín mười", max_chars=10)
    assert len(lines) == 2 and lines[-1].endswith("…")


@pytest.mark.django_db
class TestChartsOfThePage:
    def rows(self):
        justice, home, ward = (Unit.objects.get(code=c) for c in ("tu-phap", "noi-vu", "ha-dinh"))
        return [
            UnitRollup(unit=home, assigned=3, completed=2, overdue=0),
            UnitRollup(unit=justice, assigned=6, completed=2, overdue=2, not_started=2),
            UnitRollup(unit=ward),
        ]

    def test_completion_chart_summarises_best_and_worst(self):
        chart = completion_chart(self.rows())
        assert chart.rows == [
            ("Home Affairs Division", "66.7%"),
            ("Justice Division", "33.3%"),
            ("Ha Dinh Ward", "nothing assigned"),
        ]
        desc = parse(chart.svg).find(f"{SVG}desc").text
        assert "Highest: Home Affairs Division, 66.7%" in desc
        assert "Lowest: Justice Division, 33.3%" in desc
        assert "1 unit has nothing assigned" in desc

    def test_overdue_chart_puts_the_most_overdue_first_in_red(self):
        chart = overdue_chart(self.rows())
        assert chart.rows[0] == ("Justice Division", "2")
        root = parse(chart.svg)
        assert {r.get("fill") for r in root.findall(f"{SVG}rect")[1:]} == {charts.RED}
        assert "2 in all; most in Justice Division (2)" in root.find(f"{SVG}desc").text

    def test_trend_chart(self):
        points = [TrendPoint(date(2026, m, 1), n) for m, n in ((1, 0), (2, 4), (3, 1))]
        chart = trend_chart(points)
        assert chart.title == "Completions per month, last 3 months"
        assert chart.rows == [("01/2026", "0"), ("02/2026", "4"), ("03/2026", "1")]
        assert "busiest month was 02/2026 with 4" in parse(chart.svg).find(f"{SVG}desc").text

    def test_page_has_each_chart_with_its_table(self, client):
        hr = make_officer(roles=(Role.HR,), unit="noi-vu")
        assert client.login(username=hr.user.username, password=PASSWORD)
        html = client.get(reverse("reports:rollups")).content.decode()
        for chart_id in ("chart-completion", "chart-overdue", "chart-trend"):
            svg = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S).group(0)
            assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
            after = html[html.index(svg) + len(svg) :]
            assert after.lstrip().startswith("</div>")
            assert re.match(r"\s*</div>\s*<details", after)
        # Vietnamese by default, diacritics intact inside the SVG.
        assert "Phường Thanh Xuân Trung" in re.search(
            r'id="chart-completion".*?</svg>', html, re.S
        ).group(0)

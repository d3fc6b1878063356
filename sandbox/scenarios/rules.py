"""The assessment rules of `dossier-workflow.md` §6 and the kinds of rubric criteria.

Each rule carries its requirement and its default legal basis; a criterion may cite a more
precise basis (a sector law), but it must name one of these rules. The grading notes of
`verification.md` are applied where they bear on a rule: R-XFER and the processing-stage
"once" reading are unverified, so the demo grades them as warnings (no points lost).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    id: str
    requirement: str
    legal_basis: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            "R-COMP",
            _("Every mandatory component is present before Mẫu 01 is issued."),
            "NĐ 61/2018/NĐ-CP Điều 17 (sửa đổi bởi NĐ 107/2021/NĐ-CP)",
        ),
        Rule(
            "R-EXTRA",
            _("No component is requested that is outside the procedure card."),
            "NĐ 61/2018/NĐ-CP Điều 5 (hành vi bị nghiêm cấm: yêu cầu bổ sung giấy tờ ngoài quy định)",
        ),
        Rule(
            "R-ONCE",
            _("All deficiencies are listed in one supplement request (Mẫu 02)."),
            "NĐ 61/2018/NĐ-CP Điều 17; TT 01/2018/TT-VPCP Mẫu 02 (hướng dẫn một lần)",
        ),
        Rule(
            "R-DUE",
            _("The appointment date equals the working-day calculation."),
            "Bộ luật Dân sự 2015 Điều 147, 148; Bộ luật Lao động 2019 Điều 111, 112",
        ),
        Rule(
            "R-SLIP",
            _(
                "A receipt and appointment slip (Mẫu 01) exists whenever the result is not "
                "returned on the spot."
            ),
            "NĐ 61/2018/NĐ-CP Điều 17; TT 01/2018/TT-VPCP Mẫu 01",
        ),
        Rule(
            "R-ROUTE",
            _("The dossier is transferred to the competent department or tier."),
            "NĐ 61/2018/NĐ-CP Điều 18; thẻ thủ tục hành chính",
        ),
        Rule(
            "R-XFER",
            _(
                "The dossier is transferred the same day (the next morning if received after "
                "15:00)."
            ),
            "NĐ 61/2018/NĐ-CP Điều 18 (mốc 15 giờ chưa được xác minh: chỉ nhắc nhở)",
        ),
        Rule(
            "R-K05",
            _("The control sheet (Mẫu 05) records every hand-over."),
            "TT 01/2018/TT-VPCP Mẫu 05",
        ),
        Rule(
            "R-APOL",
            _(
                "An apology (Mẫu 04) is issued at the latest one working day before the due "
                "date, signed by the head of the agency, with a reason and one new date."
            ),
            "NĐ 61/2018/NĐ-CP (chậm nhất một ngày trước ngày hết hạn; hẹn lại không quá một "
            "lần); TT 01/2018/TT-VPCP Mẫu 04",
        ),
        Rule(
            "R-REF",
            _("A refusal gives a concrete legal reason, on the right form for the stage."),
            "NĐ 61/2018/NĐ-CP Điều 17, 19; TT 01/2018/TT-VPCP Mẫu 03",
        ),
        Rule(
            "R-SIGN",
            _("The signer has authority."),
            "Thẻ thủ tục hành chính (người có thẩm quyền ký)",
        ),
        Rule(
            "R-FEE",
            _("The fee is the right amount, collected through the right channel."),
            "TT 226/2016/TT-BTC; TT 281/2016/TT-BTC; nghị quyết HĐND thành phố",
        ),
        Rule(
            "R-RET",
            _("Identity or authorisation is checked when the result is returned."),
            "NĐ 61/2018/NĐ-CP (trả kết quả giải quyết thủ tục hành chính)",
        ),
        Rule(
            "R-STAT",
            _("The statistics are computed as the report rules say."),
            "Biểu II.06a/VPCP/KSTT (chế độ báo cáo của Văn phòng Chính phủ)",
        ),
    ]
}

RULE_CHOICES = [(rule_id, rule_id) for rule_id in RULES]


class CriterionKind(models.TextChoices):
    END_STATE = "end_state", _("End state")
    ARTEFACT = "artefact", _("Artefact content")
    PROCESS = "process", _("Process trace")
    DEADLINE = "deadline", _("Deadline")

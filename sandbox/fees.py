"""Fees (phí, lệ phí) from the card's formula, and the practice payment service.

Formulas (`dossier-workflow.md` §5, `verification.md` 5.10, 5.12):

* per page, with a cap per copy: certified copies (TT 226/2016/TT-BTC Điều 4) cost
  2,000 VND per page for pages 1–2 and 1,000 VND per page from page 3, at most 200,000 VND
  per copy; "the page is counted on the original", so every copy of a 12-page original costs
  2 × 2,000 + 10 × 1,000 = 14,000 VND;
* per copy: a certified extract (trích lục) costs 8,000 VND per copy (TT 281/2016/TT-BTC);
* fixed per case: signature certification 10,000 VND, contract certification 50,000 VND;
* free: on-time birth and death registration, marriage of residents (Luật Hộ tịch Điều 11).

Hà Nội's own rates (HĐND resolutions) were not verified; such cards carry
`fee_verified=False` and the amount is a practice placeholder.

Online payment at level 4 is simulated (`simulated_payment`): nothing leaves the intranet,
and every transaction reference starts with "THU-NGHIEM" (practice).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .procedures import CardRules, FeeKind


class FeeStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("No fee")
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online (practice payment)")
    DESK = "desk", _("At the desk")


@dataclass(frozen=True)
class FeeLine:
    label: str
    unit_amount: int
    quantity: int

    @property
    def amount(self) -> int:
        return self.unit_amount * self.quantity

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "unit_amount": self.unit_amount,
            "quantity": self.quantity,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[FeeLine, ...]
    verified: bool

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)


def per_copy_page_fee(
    pages: int, *, first_pages: int, first_rate: int, next_rate: int, cap: int
) -> int:
    """The fee for one copy of an original of `pages` pages."""
    first = min(pages, first_pages)
    amount = first * first_rate + (pages - first) * next_rate
    return min(amount, cap) if cap else amount


def compute_fee(rules: CardRules, *, copies: int = 1, pages: int = 1, cases: int = 1) -> FeeQuote:
    """The fee for a request under the card's formula. `copies` counts copies (per-copy and
    per-page formulas), `pages` the pages of the original (per-page), `cases` the cases or
    contracts (fixed)."""
    for name, value in (("copies", copies), ("pages", pages), ("cases", cases)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1")
    name = rules.fee_name or rules.name
    if rules.fee_kind == FeeKind.FREE:
        lines: tuple[FeeLine, ...] = ()
    elif rules.fee_kind == FeeKind.FIXED:
        lines = (FeeLine(name, rules.fee_amount, cases),)
    elif rules.fee_kind == FeeKind.PER_COPY:
        lines = (FeeLine(name, rules.fee_amount, copies),)
    elif rules.fee_kind == FeeKind.PER_PAGE:
        per_copy = per_copy_page_fee(
            pages,
            first_pages=rules.fee_first_pages,
            first_rate=rules.fee_first_page_rate,
            next_rate=rules.fee_next_page_rate,
            cap=rules.fee_cap_per_copy,
        )
        lines = (FeeLine(f"{name} ({pages} trang/bản)", per_copy, copies),)
    else:
        raise ValueError(f"unknown fee kind {rules.fee_kind!r}")
    return FeeQuote(lines=lines, verified=rules.fee_verified)


@dataclass(frozen=True)
class PaymentResult:
    approved: bool
    transaction_id: str
    message: str


PRACTICE_PREFIX = "THU-NGHIEM"
# Card numbers that the practice gateway declines, so trainees can see a failed payment.
DECLINED_CARDS = frozenset({"0000000000000000"})


def simulated_payment(*, amount: int, reference: str, card_number: str = "") -> PaymentResult:
    """A practice payment gateway: approves any positive amount, except for the declined
    test card, and returns a transaction reference marked as practice. Deterministic, so a
    replayed scenario yields the same reference."""
    if amount <= 0:
        return PaymentResult(False, "", str(_("There is nothing to pay.")))
    if card_number in DECLINED_CARDS:
        return PaymentResult(False, "", str(_("The practice payment was declined.")))
    digest = hashlib.sha256(f"{reference}:{amount}".encode()).hexdigest()[:10].upper()
    return PaymentResult(True, f"{PRACTICE_PREFIX}-{digest}", str(_("Practice payment approved.")))

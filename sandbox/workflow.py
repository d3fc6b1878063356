"""The dossier state machine: statuses, sandbox actors, actions and the one transitions table.

Source: `dossier-workflow.md` §2.1 (actors), §2.5 (status codes 1–10 and the recommended
sub-states), as corrected by `verification.md`. Everything that may happen to a dossier is a
row of `TRANSITIONS`: the action, the statuses it may start from, the status it leads to
(`None`: the status does not change, the action is still logged) and the roles that may
perform it. `sandbox.services.dossier_transition` is the only code that applies it.

Choices made where the domain leaves room (documented so that the assessment can follow):

* A dossier is created by `dossier_create` in one of three ways (an online draft, intake at
  the desk, registration of a posted dossier); those creation actions are listed here with no
  source status, so `dossier_transition` refuses them on an existing dossier.
* A processing-stage supplement request is drafted by the specialist and approved by the
  department leader; the approval issues Mẫu 02 through the one-stop desk and starts the
  pause (§2.5 "CV drafts Mẫu 02, leader approves, sent via TN").
* The apology (Mẫu 04) does not change the status: the specialist drafts it and the signing
  authority signs it while processing continues.
* "Registry number and issue" (VT) and "return to the desk" (status 9, `resolved_at`, the time
  the on-time class is measured at, §3.5) are two steps, as in Mẫu 05.
* The on-the-spot return of a same-day procedure (`AT_DESK → RETURNED` in the §2.5 diagram)
  is not modelled: such dossiers are accepted with a Mẫu 01 like the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft (not submitted)")
    SUBMITTED = "submitted", _("Newly submitted")
    AT_DESK = "at_desk", _("Being checked at the desk")
    GUIDED_SUPPLEMENT = "guided_supplement", _("Supplement requested before acceptance")
    REFUSED = "refused", _("Refused at reception")
    ACCEPTED = "accepted", _("Accepted")
    TRANSFERRED = "transferred", _("Transferred to the department")
    ASSIGNED = "assigned", _("Assigned to a specialist")
    APPRAISING = "appraising", _("Being appraised")
    CONSULTING = "consulting", _("Consulting partner agencies")
    SUPPLEMENT_DRAFTED = "supplement_drafted", _("Supplement request awaiting approval")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested (clock paused)")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Awaiting financial obligation")
    DRAFT_SUBMITTED = "draft_submitted", _("Draft awaiting the leader's review")
    PENDING_SIGNATURE = "pending_signature", _("Awaiting signature")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Numbered and issued")
    RESOLVED = "resolved", _("Resolved (result at the desk)")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Processing stopped")


# The 1–10 codes of the national portal synchronisation (§2.5, [S18]); a draft has none.
NATIONAL_CODES: dict[str, int | None] = {
    Status.DRAFT: None,
    Status.SUBMITTED: 1,
    Status.AT_DESK: 1,
    Status.GUIDED_SUPPLEMENT: 1,
    Status.REFUSED: 3,
    Status.ACCEPTED: 2,
    Status.TRANSFERRED: 4,
    Status.ASSIGNED: 4,
    Status.APPRAISING: 4,
    Status.CONSULTING: 4,
    Status.SUPPLEMENT_DRAFTED: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.FINANCIAL_OBLIGATION: 6,
    Status.DRAFT_SUBMITTED: 4,
    Status.PENDING_SIGNATURE: 4,
    Status.SIGNED: 4,
    Status.ISSUED: 4,
    Status.RESOLVED: 9,
    Status.RETURNED: 10,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
}

# Not yet received: the clock has not started (§3.4 "Before acceptance").
PRE_RECEPTION = frozenset(
    {Status.DRAFT, Status.SUBMITTED, Status.AT_DESK, Status.GUIDED_SUPPLEMENT}
)
# Received and not yet resolved, with the clock running.
CLOCK_RUNNING = frozenset(
    {
        Status.ACCEPTED,
        Status.TRANSFERRED,
        Status.ASSIGNED,
        Status.APPRAISING,
        Status.CONSULTING,
        Status.SUPPLEMENT_DRAFTED,
        Status.DRAFT_SUBMITTED,
        Status.PENDING_SIGNATURE,
        Status.SIGNED,
        Status.ISSUED,
    }
)
# Received, clock paused; "in progress, not overdue" in the report (§2.5 code 5/6).
CLOCK_PAUSED = frozenset({Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION})
IN_PROGRESS = CLOCK_RUNNING | CLOCK_PAUSED
RESOLVED_STATUSES = frozenset({Status.RESOLVED, Status.RETURNED})
CLOSED = frozenset({Status.REFUSED, Status.RETURNED, Status.WITHDRAWN, Status.STOPPED})
# A result or refusal exists once the draft is signed: withdrawal is no longer possible.
WITHDRAWABLE = (PRE_RECEPTION | IN_PROGRESS) - {Status.SIGNED, Status.ISSUED}
# Statuses in which a drafted result, refusal or supplement request is on the dossier.
WITH_DRAFT = frozenset(
    {
        Status.SUPPLEMENT_DRAFTED,
        Status.DRAFT_SUBMITTED,
        Status.PENDING_SIGNATURE,
        Status.SIGNED,
        Status.ISSUED,
    }
)
# A dossier that has been received carries its receipt time and due date.
RECEIVED = IN_PROGRESS | RESOLVED_STATUSES | {Status.STOPPED}


class ActorRole(models.TextChoices):
    """The sandbox actors of §2.1; a trainee acts as one of them inside a workspace."""

    CD = "CD", _("Applicant or proxy (CD)")
    TN = "TN", _("One-stop desk officer (TN)")
    TBP = "TBP", _("Head of the one-stop desk (TBP)")
    LDP = "LDP", _("Department leader (LĐP)")
    CV = "CV", _("Department specialist (CV)")
    LDK = "LDK", _("Signing authority (LĐK)")
    VT = "VT", _("Registry clerk (VT)")
    PH = "PH", _("Partner agency (PH)")
    SYS = "SYS", _("System (SYS)")


class Action(models.TextChoices):
    CREATE_DRAFT = "create_draft", _("Start an online dossier")
    DESK_INTAKE = "desk_intake", _("Take in a paper dossier at the desk")
    POST_INTAKE = "post_intake", _("Register a dossier received by post")
    SUBMIT_ONLINE = "submit_online", _("Submit online")
    UPLOAD_COMPONENT = "upload_component", _("Upload a component")
    CHECK_COMPONENT = "check_component", _("Check a component")
    DESK_REQUEST_SUPPLEMENT = "desk_request_supplement", _("Request a supplement (Mẫu 02)")
    RESUBMIT_ONLINE = "resubmit_online", _("Resubmit online with the missing items")
    RESUBMIT_AT_DESK = "resubmit_at_desk", _("Applicant returns to the desk with the items")
    DESK_REFUSE = "desk_refuse", _("Refuse at reception (Mẫu 03)")
    DESK_ACCEPT = "desk_accept", _("Accept and issue the receipt (Mẫu 01)")
    PAY_ONLINE = "pay_online", _("Pay the fee online (practice payment)")
    PAY_AT_DESK = "pay_at_desk", _("Collect the fee at the desk")
    TRANSFER = "transfer", _("Transfer to the department")
    REJECT_TRANSFER = "reject_transfer", _("Send back a misrouted dossier")
    ASSIGN = "assign", _("Assign a specialist")
    START_APPRAISAL = "start_appraisal", _("Start the appraisal")
    CONSULT_PARTNER = "consult_partner", _("Consult partner agencies")
    PARTNER_REPLY = "partner_reply", _("Record a partner agency's reply")
    REQUEST_FINANCIAL_OBLIGATION = (
        "request_financial_obligation",
        _("Notify a financial obligation"),
    )
    FULFIL_FINANCIAL_OBLIGATION = (
        "fulfil_financial_obligation",
        _("Financial obligation fulfilled"),
    )
    DRAFT_SUPPLEMENT = "draft_supplement", _("Draft a supplement request")
    APPROVE_SUPPLEMENT = "approve_supplement", _("Approve and send the supplement request")
    CITIZEN_SUPPLEMENT = "citizen_supplement", _("Supplement received (clock resumes)")
    STOP_PROCESSING = "stop_processing", _("Stop processing")
    DRAFT_RESULT = "draft_result", _("Draft the result")
    DRAFT_REFUSAL = "draft_refusal", _("Draft a refusal")
    LEADER_APPROVE = "leader_approve", _("Approve the draft and submit it for signature")
    LEADER_RETURN = "leader_return", _("Return the draft for correction")
    SIGN = "sign", _("Sign")
    SIGNER_REJECT = "signer_reject", _("Reject the draft")
    REGISTRY_ISSUE = "registry_issue", _("Number and issue the result")
    RETURN_TO_DESK = "return_to_desk", _("Send the result to the desk")
    RETURN_RESULT = "return_result", _("Return the result to the applicant")
    DRAFT_APOLOGY = "draft_apology", _("Draft an apology (Mẫu 04)")
    SIGN_APOLOGY = "sign_apology", _("Sign the apology (Mẫu 04)")
    WITHDRAW = "withdraw", _("Withdraw the dossier")
    ADD_NOTE = "add_note", _("Add a note")
    OPEN_ATTACHMENT = "open_attachment", _("Open an attachment")


@dataclass(frozen=True)
class Transition:
    """One row of the table. `target` None: the status stays; `in_queue` False: the action
    does not put the dossier in the role's work queue (notes, withdrawals, payments)."""

    action: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    in_queue: bool = True

    @property
    def creates(self) -> bool:
        return not self.sources

    @property
    def changes_status(self) -> bool:
        return self.target is not None


def _t(action, sources, target, roles, *, in_queue=True) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), in_queue)


S, R = Status, ActorRole
DESK = (R.TN, R.TBP)
ALL_STATUSES = frozenset(Status)
ALL_ROLES = frozenset(ActorRole)
PAYABLE = (IN_PROGRESS | {S.SUBMITTED, S.RESOLVED}) - {S.DRAFT}
DESK_PAYABLE = PAYABLE | {S.AT_DESK}
APOLOGY_STATUSES = frozenset(
    {
        S.ASSIGNED,
        S.APPRAISING,
        S.CONSULTING,
        S.SUPPLEMENT_DRAFTED,
        S.DRAFT_SUBMITTED,
        S.PENDING_SIGNATURE,
        S.SIGNED,
        S.ISSUED,
    }
)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # Creation (`dossier_create` only)
        _t(Action.CREATE_DRAFT, (), S.DRAFT, (R.CD,)),
        _t(Action.DESK_INTAKE, (), S.AT_DESK, DESK),
        _t(Action.POST_INTAKE, (), S.SUBMITTED, DESK),
        # Reception (Điều 17)
        _t(Action.SUBMIT_ONLINE, (S.DRAFT,), S.SUBMITTED, (R.CD,)),
        _t(
            Action.UPLOAD_COMPONENT,
            (S.DRAFT, S.AT_DESK, S.GUIDED_SUPPLEMENT, S.SUPPLEMENT_REQUESTED),
            None,
            (R.CD, *DESK),
            in_queue=False,
        ),
        _t(
            Action.CHECK_COMPONENT,
            (S.SUBMITTED, S.AT_DESK, S.APPRAISING),
            None,
            (*DESK, R.CV),
            in_queue=False,
        ),
        _t(Action.DESK_REQUEST_SUPPLEMENT, (S.SUBMITTED, S.AT_DESK), S.GUIDED_SUPPLEMENT, DESK),
        _t(Action.RESUBMIT_ONLINE, (S.GUIDED_SUPPLEMENT,), S.SUBMITTED, (R.CD,)),
        _t(Action.RESUBMIT_AT_DESK, (S.GUIDED_SUPPLEMENT,), S.AT_DESK, DESK),
        _t(
            Action.DESK_REFUSE,
            (S.SUBMITTED, S.AT_DESK, S.GUIDED_SUPPLEMENT),
            S.REFUSED,
            DESK,
        ),
        _t(Action.DESK_ACCEPT, (S.SUBMITTED, S.AT_DESK), S.ACCEPTED, DESK),
        # Fees
        _t(Action.PAY_ONLINE, PAYABLE, None, (R.CD,), in_queue=False),
        _t(Action.PAY_AT_DESK, DESK_PAYABLE, None, DESK, in_queue=False),
        # Transfer (Điều 18)
        _t(Action.TRANSFER, (S.ACCEPTED,), S.TRANSFERRED, DESK),
        _t(Action.REJECT_TRANSFER, (S.TRANSFERRED,), S.ACCEPTED, (R.LDP,)),
        # Processing (Điều 19)
        _t(Action.ASSIGN, (S.TRANSFERRED, S.ASSIGNED), S.ASSIGNED, (R.LDP,)),
        _t(Action.START_APPRAISAL, (S.ASSIGNED,), S.APPRAISING, (R.CV,)),
        _t(Action.CONSULT_PARTNER, (S.APPRAISING,), S.CONSULTING, (R.CV,)),
        # Stays CONSULTING while another consulted agency has not replied yet.
        _t(Action.PARTNER_REPLY, (S.CONSULTING,), S.APPRAISING, (R.PH,)),
        _t(
            Action.REQUEST_FINANCIAL_OBLIGATION,
            (S.APPRAISING,),
            S.FINANCIAL_OBLIGATION,
            (R.CV,),
        ),
        _t(
            Action.FULFIL_FINANCIAL_OBLIGATION,
            (S.FINANCIAL_OBLIGATION,),
            S.APPRAISING,
            (R.CD, *DESK),
        ),
        _t(Action.DRAFT_SUPPLEMENT, (S.APPRAISING,), S.SUPPLEMENT_DRAFTED, (R.CV,)),
        _t(
            Action.APPROVE_SUPPLEMENT,
            (S.SUPPLEMENT_DRAFTED,),
            S.SUPPLEMENT_REQUESTED,
            (R.LDP,),
        ),
        _t(
            Action.CITIZEN_SUPPLEMENT,
            (S.SUPPLEMENT_REQUESTED,),
            S.APPRAISING,
            (R.CD, *DESK),
        ),
        _t(Action.STOP_PROCESSING, (S.SUPPLEMENT_REQUESTED,), S.STOPPED, (R.LDP, R.SYS)),
        _t(Action.DRAFT_RESULT, (S.APPRAISING,), S.DRAFT_SUBMITTED, (R.CV,)),
        _t(Action.DRAFT_REFUSAL, (S.APPRAISING,), S.DRAFT_SUBMITTED, (R.CV,)),
        _t(Action.LEADER_APPROVE, (S.DRAFT_SUBMITTED,), S.PENDING_SIGNATURE, (R.LDP,)),
        _t(
            Action.LEADER_RETURN,
            (S.DRAFT_SUBMITTED, S.SUPPLEMENT_DRAFTED),
            S.APPRAISING,
            (R.LDP,),
        ),
        _t(Action.SIGN, (S.PENDING_SIGNATURE,), S.SIGNED, (R.LDK,)),
        _t(Action.SIGNER_REJECT, (S.PENDING_SIGNATURE,), S.DRAFT_SUBMITTED, (R.LDK,)),
        _t(Action.REGISTRY_ISSUE, (S.SIGNED,), S.ISSUED, (R.VT,)),
        _t(Action.RETURN_TO_DESK, (S.ISSUED,), S.RESOLVED, (R.VT, R.CV)),
        # Return (Điều 20)
        _t(Action.RETURN_RESULT, (S.RESOLVED,), S.RETURNED, DESK),
        # Late dossiers (Mẫu 04)
        _t(Action.DRAFT_APOLOGY, APOLOGY_STATUSES, None, (R.CV,), in_queue=False),
        # The signer's queue picks these up through the pending apology draft instead.
        _t(Action.SIGN_APOLOGY, APOLOGY_STATUSES, None, (R.LDK,), in_queue=False),
        # Any time
        _t(Action.WITHDRAW, WITHDRAWABLE, S.WITHDRAWN, (R.CD, *DESK), in_queue=False),
        _t(Action.ADD_NOTE, ALL_STATUSES, None, ALL_ROLES, in_queue=False),
        _t(Action.OPEN_ATTACHMENT, ALL_STATUSES, None, ALL_ROLES, in_queue=False),
    ]
}

assert set(TRANSITIONS) == set(Action.values), "every action needs exactly one table row"


def transition_for(action: str) -> Transition:
    return TRANSITIONS[action]


def allowed_actions(status: str, role: str | None = None) -> list[Transition]:
    """The table rows that may start from `status` (and that `role` may perform), in table
    order; the role screens show these as the available buttons."""
    return [
        t for t in TRANSITIONS.values() if status in t.sources and (role is None or role in t.roles)
    ]


def queue_statuses(role: str) -> frozenset[str]:
    """The statuses in which a dossier waits for `role`: those from which the role has a
    queue action (creation, notes, payments and withdrawals excluded)."""
    return frozenset(
        status
        for t in TRANSITIONS.values()
        if t.in_queue and role in t.roles and not t.creates
        for status in t.sources
    )

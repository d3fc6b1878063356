"""The whole status × action matrix of `sandbox.workflow.TRANSITIONS`, through
`dossier_transition`: every allowed pair works for every allowed role and for no other, and
every forbidden pair is refused with a clear message, no event and no change."""

from django.db import transaction
from django.test import TestCase

from sandbox.models import Dossier, DossierEvent
from sandbox.services import (
    ActionNotAllowed,
    DossierChanged,
    RoleNotAllowed,
    WorkspaceForbidden,
    dossier_transition,
)
from sandbox.workflow import (
    TRANSITIONS,
    Action,
    ActorRole,
    Status,
    allowed_actions,
    queue_statuses,
)
from tests.people.factories import make_officer
from training.people.roles import Role

from .factories import act, calendar, first_component, make_workspace, pdf_upload, walk_to


def valid_payload(action: str, dossier: Dossier) -> dict:
    """A payload the action accepts on `dossier`."""
    component = first_component(dossier)
    return {
        Action.UPLOAD_COMPONENT: {"component": component},
        Action.CHECK_COMPONENT: {"component": component, "state": "present"},
        Action.DESK_REQUEST_SUPPLEMENT: {"items": [component], "reason": "Bản chụp mờ"},
        Action.DESK_REFUSE: {"reason": "Không đủ điều kiện", "legal_basis": "NĐ 01/2021 Điều 82"},
        Action.REJECT_TRANSFER: {"reason": "Không đúng thẩm quyền"},
        Action.ASSIGN: {"specialist": "Lê Thị Chuyên"},
        Action.CONSULT_PARTNER: {"partners": ["bhxh-quan"], "request": "Đề nghị cho ý kiến"},
        Action.PARTNER_REPLY: {"reply": "Đồng ý"},
        Action.REQUEST_FINANCIAL_OBLIGATION: {"obligation": "Nộp thuế"},
        Action.DRAFT_SUPPLEMENT: {"items": [component], "reason": "Thiếu chữ ký"},
        Action.STOP_PROCESSING: {"reason": "Không bổ sung"},
        Action.DRAFT_RESULT: {"summary": "Cấp giấy chứng nhận"},
        Action.DRAFT_REFUSAL: {"reason": "Ngành nghề cấm", "legal_basis": "Luật Đầu tư Đ.6"},
        Action.LEADER_RETURN: {"reason": "Sai mã ngành"},
        Action.SIGNER_REJECT: {"reason": "Chưa đủ căn cứ"},
        Action.RETURN_RESULT: {"id_checked": True, "collect_fee": True},
        Action.SIGN_APOLOGY: {"signer_capacity": "head"},
        Action.WITHDRAW: {"reason": "Không còn nhu cầu"},
        Action.ADD_NOTE: {"text": "Ghi chú"},
        Action.OPEN_ATTACHMENT: {"component": component},
    }.get(action, {})


def payload_for(action: str, dossier: Dossier, working_calendar) -> dict:
    if action == Action.DRAFT_APOLOGY:
        start = dossier.due_date or dossier.workspace.now.date()
        new_date = working_calendar.add_working_days(start, 2)
        return {"reason": "Chờ xác minh", "new_date": new_date}
    return valid_payload(action, dossier)


class TransitionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainee = make_officer(roles=(Role.OFFICER,)).user
        cls.workspace = make_workspace(owner=cls.trainee)
        cls.dossiers = {status: walk_to(status, cls.workspace).pk for status in Status.values}
        cls.calendar = calendar()

    def fresh(self, status) -> Dossier:
        return Dossier.objects.select_related("workspace").get(pk=self.dossiers[status])

    def perform(self, dossier, action, role, payload=None):
        actor = None if role == ActorRole.SYS else self.trainee
        return dossier_transition(
            dossier=dossier,
            action=action,
            actor=actor,
            role=role,
            payload=payload if payload is not None else payload_for(action, dossier, self.calendar),
            expected_version=dossier.version,
            upload=pdf_upload() if action == Action.UPLOAD_COMPONENT else None,
        )

    def assert_unchanged(self, dossier, before_events):
        after = Dossier.objects.get(pk=dossier.pk)
        self.assertEqual(after.status, dossier.status)
        self.assertEqual(after.version, dossier.version)
        self.assertEqual(DossierEvent.objects.filter(dossier=dossier).count(), before_events)

    def test_every_status_has_a_dossier(self):
        self.assertEqual(set(self.dossiers), set(Status.values))

    def test_forbidden_pairs_are_refused_without_a_trace(self):
        checked = 0
        for status in Status.values:
            dossier = self.fresh(status)
            events = dossier.events.count()
            with self.subTest(status=status):
                for action, transition in TRANSITIONS.items():
                    if status in transition.sources:
                        continue
                    role = sorted(transition.roles)[0]
                    with self.assertRaises(ActionNotAllowed, msg=action) as caught:
                        self.perform(dossier, action, role)
                    self.assertIn("not possible while the dossier is", caught.exception.message)
                    checked += 1
                # One check per status: any write by any of the refused actions shows here.
                self.assert_unchanged(dossier, events)
        self.assertGreater(checked, 600)

    def test_allowed_pairs_work_for_allowed_roles_only(self):
        for status in Status.values:
            for transition in allowed_actions(status):
                with self.subTest(status=status, action=transition.action):
                    self.check_other_roles_refused(status, transition)
                    for role in sorted(transition.roles):
                        self.check_allowed(status, transition, role)

    def check_other_roles_refused(self, status, transition):
        dossier = self.fresh(status)
        events = dossier.events.count()
        for role in sorted(set(ActorRole.values) - transition.roles):
            with self.assertRaises(RoleNotAllowed, msg=role):
                self.perform(dossier, transition.action, role)
        self.assert_unchanged(dossier, events)

    def check_allowed(self, status, transition, role):
        action = transition.action
        with transaction.atomic():
            dossier = self.fresh(status)
            if action == Action.SIGN_APOLOGY:
                payload = payload_for(Action.DRAFT_APOLOGY, dossier, self.calendar)
                act(dossier, Action.DRAFT_APOLOGY, "CV", payload)
            events = dossier.events.count()
            before, version = dossier.status, dossier.version
            event = self.perform(dossier, action, role)
            expected = transition.target or before
            self.assertEqual(
                (dossier.status, event.from_status, event.to_status, event.version),
                (expected, before, expected, version + 1),
                msg=role,
            )
            self.assertEqual((event.role, event.action), (role, action))
            self.assertEqual(event.sim_at, self.workspace.now)
            self.assertEqual(dossier.events.count(), events + 1)
            transaction.set_rollback(True)

    def test_creation_actions_never_apply_to_an_existing_dossier(self):
        dossier = self.fresh(Status.DRAFT)
        for action in (Action.CREATE_DRAFT, Action.DESK_INTAKE, Action.POST_INTAKE):
            with self.subTest(action=action), self.assertRaises(ActionNotAllowed):
                self.perform(dossier, action, sorted(TRANSITIONS[action].roles)[0])


class ConcurrencyAndScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainee = make_officer(roles=(Role.OFFICER,)).user
        cls.workspace = make_workspace(owner=cls.trainee)

    def test_two_actors_on_one_version_one_wins(self):
        dossier = walk_to(Status.SUBMITTED, self.workspace)
        seen = dossier.version
        first = Dossier.objects.get(pk=dossier.pk)
        second = Dossier.objects.get(pk=dossier.pk)
        dossier_transition(
            dossier=first,
            action=Action.DESK_ACCEPT,
            actor=self.trainee,
            role="TN",
            payload={},
            expected_version=seen,
        )
        with self.assertRaises(DossierChanged) as caught:
            dossier_transition(
                dossier=second,
                action=Action.DESK_REFUSE,
                actor=self.trainee,
                role="TN",
                payload={"reason": "x", "legal_basis": "y"},
                expected_version=seen,
            )
        self.assertIn("has changed", caught.exception.message)
        fresh = Dossier.objects.get(pk=dossier.pk)
        self.assertEqual(fresh.status, Status.ACCEPTED)
        self.assertEqual(fresh.version, seen + 1)
        self.assertFalse(fresh.artefacts.filter(kind="mau_03").exists())

    def test_a_note_also_changes_the_version(self):
        dossier = walk_to(Status.SUBMITTED, self.workspace)
        seen = dossier.version
        act(Dossier.objects.get(pk=dossier.pk), Action.ADD_NOTE, "TN", {"text": "Đã gọi điện"})
        with self.assertRaises(DossierChanged):
            dossier_transition(
                dossier=dossier,
                action=Action.DESK_ACCEPT,
                actor=None,
                role="TN",
                payload={},
                expected_version=seen,
            )

    def test_a_stranger_cannot_act_in_someone_elses_workspace(self):
        dossier = walk_to(Status.SUBMITTED, self.workspace)
        stranger = make_officer(roles=(Role.OFFICER,)).user
        hr = make_officer(roles=(Role.HR,)).user
        for user in (stranger, hr):
            with self.subTest(user=user.username), self.assertRaises(WorkspaceForbidden):
                dossier_transition(
                    dossier=dossier,
                    action=Action.ADD_NOTE,
                    actor=user,
                    role="TN",
                    payload={"text": "x"},
                    expected_version=dossier.version,
                )
        trainer = make_officer(roles=(Role.TRAINER,)).user
        dossier_transition(
            dossier=dossier,
            action=Action.ADD_NOTE,
            actor=trainer,
            role="TN",
            payload={"text": "Giảng viên minh họa"},
            expected_version=dossier.version,
        )
        self.assertEqual(dossier.events.last().actor, trainer)

    def test_only_the_system_acts_as_the_system_role(self):
        dossier = walk_to(Status.SUPPLEMENT_REQUESTED, self.workspace)
        with self.assertRaises(RoleNotAllowed):
            dossier_transition(
                dossier=dossier,
                action=Action.STOP_PROCESSING,
                actor=self.trainee,
                role="SYS",
                payload={"reason": "x"},
                expected_version=dossier.version,
            )
        act(dossier, Action.STOP_PROCESSING, "SYS", {"reason": "Quá hạn bổ sung"})
        self.assertEqual(dossier.status, Status.STOPPED)
        self.assertEqual(dossier.events.last().actor_name, "Người thử")

    def test_events_are_append_only(self):
        dossier = walk_to(Status.SUBMITTED, self.workspace)
        event = dossier.events.first()
        with self.assertRaises(TypeError):
            event.save()
        with self.assertRaises(TypeError):
            event.delete()
        with self.assertRaises(TypeError):
            DossierEvent.objects.filter(dossier=dossier).update(action="x")
        with self.assertRaises(TypeError):
            DossierEvent.objects.filter(dossier=dossier).delete()
        # Deleting the workspace still removes everything in it.
        self.workspace.delete()
        self.assertFalse(DossierEvent.objects.filter(dossier_id=dossier.pk).exists())


class QueueStatusTests(TestCase):
    def test_queues_follow_the_table(self):
        cases = {
            ActorRole.CD: {
                Status.DRAFT,
                Status.GUIDED_SUPPLEMENT,
                Status.SUPPLEMENT_REQUESTED,
                Status.FINANCIAL_OBLIGATION,
            },
            ActorRole.PH: {Status.CONSULTING},
            ActorRole.LDK: {Status.PENDING_SIGNATURE},
            ActorRole.VT: {Status.SIGNED, Status.ISSUED},
            ActorRole.LDP: {
                Status.TRANSFERRED,
                Status.ASSIGNED,
                Status.SUPPLEMENT_DRAFTED,
                Status.SUPPLEMENT_REQUESTED,
                Status.DRAFT_SUBMITTED,
            },
        }
        for role, statuses in cases.items():
            with self.subTest(role=role):
                self.assertEqual(queue_statuses(role), statuses)

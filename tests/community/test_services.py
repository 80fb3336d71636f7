"""The culture community's services: applications, decisions, memberships, stories and
events, and the follow-ups a review asked for."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from icalendar import Calendar

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, TrustMembership, User
from community import selectors, services
from community.constants import (
    ApplicationStatus,
    DecisionKind,
    MembershipStatus,
    RegistrationStatus,
    StoryStatus,
)
from community.ics import event_calendar
from community.models import Event, Membership, MembershipApplication, Registration
from core.exceptions import ApplicationError
from core.models import AuditEvent, Email
from programmes.constants import Element
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.community.support import (
    actions,
    apply_for,
    apply_new_trust,
    event_fields,
    make_event,
    make_member,
    make_story,
    move_into_past,
    publish,
    register,
    statuses,
    story_fields,
    to,
    update_settings,
)

pytestmark = pytest.mark.django_db


# --- applications --------------------------------------------------------------------------


class TestApplyForATrust:
    def test_od_lead_applies_for_their_trust(
        self, trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            application = apply_for(trust_a, od_lead_a, consent_to_list=False)

        assert application.status == ApplicationStatus.PENDING
        assert application.trust == trust_a and application.applicant == od_lead_a
        assert application.applicant_name == "Olu Lead"
        assert application.applicant_email == od_lead_a.email
        assert application.new_trust is False and application.consent_to_list is False
        event = AuditEvent.objects.get(action="community.application.sent")
        assert event.actor == od_lead_a and event.target == trust_a.name
        assert event.detail == {"application": application.pk, "new_trust": False}
        [acknowledgement] = to(mailoutbox, od_lead_a.email)
        assert acknowledgement.subject == "We have your application to join the culture community"
        # The link in the e-mail opens this application, with no account needed.
        token = re.search(r"/community/applications/([^/\s]+)/", acknowledgement.body).group(1)
        assert services.application_from_link(token) == application
        [to_admin] = to(mailoutbox, national_admin.email)
        assert to_admin.subject == f"Culture community application: {trust_a.name}"
        assert f"/community/manage/applications/{application.pk}/" in to_admin.body
        assert len(mailoutbox) == 2
        assert not Email.objects.filter(sent_at__isnull=True).exists()

    def test_inactive_national_admins_are_not_told(
        self, trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        retired = UserFactory(national_admin=True)
        User.objects.filter(pk=retired.pk).update(is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            apply_for(trust_a, od_lead_a)
        assert to(mailoutbox, retired.email) == []
        assert len(to(mailoutbox, national_admin.email)) == 1

    @pytest.mark.parametrize("question_asked", [False, True])
    def test_a_second_application_while_one_is_open_is_refused(
        self, trust_a, od_lead_a, change_team_a, national_admin, question_asked
    ):
        first = apply_for(trust_a, od_lead_a)
        if question_asked:
            services.application_decide(
                application=first,
                actor=national_admin,
                kind=DecisionKind.INFO_REQUESTED,
                message="How many staff?",
            )
        with pytest.raises(ApplicationError, match="already has an application waiting") as error:
            apply_for(trust_a, od_lead_a)
        assert "Olu Lead" in error.value.message
        assert MembershipApplication.objects.filter(trust=trust_a).count() == 1

    def test_applying_when_already_an_active_member_is_refused(self, member_a, od_lead_a):
        with pytest.raises(ApplicationError, match="already a member"):
            apply_for(member_a.trust, od_lead_a)
        assert not MembershipApplication.objects.exists()
        assert "community.application.sent" not in actions()

    def test_a_declined_trust_may_apply_again(self, trust_a, od_lead_a, national_admin):
        first = apply_for(trust_a, od_lead_a)
        services.application_decide(
            application=first, actor=national_admin, kind=DecisionKind.DECLINED, message="Not yet"
        )
        second = apply_for(trust_a, od_lead_a)
        assert second.pk != first.pk and second.status == ApplicationStatus.PENDING

    def test_an_application_needs_its_answers(self, trust_a, od_lead_a):
        with pytest.raises(ValidationError) as error:
            apply_for(trust_a, od_lead_a, job_title="", hopes="")
        assert {"job_title", "hopes"} <= set(error.value.message_dict)
        assert not MembershipApplication.objects.exists()


class TestApplyForANewTrust:
    def test_creates_a_pending_trust_waiting_on_the_application(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            application = apply_new_trust()

        trust = application.trust
        assert trust.is_pending is True
        assert (trust.name, trust.ods_code) == ("Newtown Community Health NHS Trust", "RNT")
        assert (trust.sector, trust.region) == (Sector.COMMUNITY, Region.MIDLANDS)
        assert application.new_trust is True and application.applicant is None
        assert application.applicant_name == "Nadia Newton"
        assert application.applicant_email == "nadia.newton@newtown.nhs.uk"
        assert AuditEvent.objects.get(action="community.application.sent").actor is None
        assert len(to(mailoutbox, "nadia.newton@newtown.nhs.uk")) == 1
        [to_admin] = to(mailoutbox, national_admin.email)
        assert "not yet on the portal" in to_admin.body

    def test_a_trust_already_on_the_portal_is_refused_on_the_ods_code(self, trust_a):
        with pytest.raises(ValidationError) as error:
            apply_new_trust(ods_code="raa")
        assert "already on the portal" in error.value.message_dict["ods_code"][0]
        assert Trust.objects.count() == 1
        assert not MembershipApplication.objects.exists()

    def test_another_trusts_name_with_a_new_ods_code_is_refused_on_the_name(self, trust_a):
        with pytest.raises(ValidationError) as error:
            apply_new_trust(trust_name="trust a nhs foundation trust")
        assert "another ODS code" in error.value.message_dict["trust_name"][0]
        assert Trust.objects.count() == 1

    def test_the_public_form_does_not_say_who_applied_before(self, db):
        apply_new_trust(applicant_name="Alice Private")
        with pytest.raises(ApplicationError) as error:
            apply_new_trust(applicant_name="Someone Else")
        assert "Alice Private" not in error.value.message
        assert "waiting for a decision" in error.value.message

    def test_a_declined_pending_trust_takes_the_next_applicants_details(self, national_admin, db):
        first = apply_new_trust(trust_name="Wrong Name Trust")
        services.application_decide(
            application=first, actor=national_admin, kind="declined", message="Not a trust"
        )
        second = apply_new_trust(trust_name="Right Name NHS Trust")
        second.trust.refresh_from_db()
        assert second.trust == first.trust
        assert second.trust.name == "Right Name NHS Trust"

    def test_a_second_application_for_the_same_pending_trust_is_refused(self):
        apply_new_trust()
        with pytest.raises(ApplicationError, match="already has an application waiting"):
            apply_new_trust(applicant_email="someone.else@newtown.nhs.uk")
        assert Trust.objects.filter(ods_code="RNT").count() == 1
        assert MembershipApplication.objects.count() == 1


class TestDecisions:
    @pytest.mark.parametrize("consent_to_list", [True, False])
    def test_approving_makes_the_trust_an_active_member(
        self,
        trust_a,
        od_lead_a,
        national_admin,
        consent_to_list,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        application = apply_for(trust_a, od_lead_a, consent_to_list=consent_to_list)
        with django_capture_on_commit_callbacks(execute=True):
            decided = services.application_decide(
                application=application, actor=national_admin, kind=DecisionKind.APPROVED
            )

        assert decided.status == ApplicationStatus.APPROVED
        membership = Membership.objects.get(trust=trust_a)
        assert membership.status == MembershipStatus.ACTIVE
        assert membership.joined_on == timezone.localdate()
        assert membership.listed is consent_to_list
        [decision] = decided.decisions.all()
        assert (decision.kind, decision.by) == (DecisionKind.APPROVED, national_admin)
        event = AuditEvent.objects.get(action="community.application.approved")
        assert event.actor == national_admin and event.target == trust_a.name
        [mail] = to(mailoutbox, od_lead_a.email)
        assert mail.subject == f"{trust_a.name} has joined the culture community"
        # The OD lead signs in already: no account is made and no password link sent.
        assert "/password-reset/" not in mail.body
        assert User.objects.count() == 2

    def test_approving_a_new_trust_makes_its_od_lead_an_account(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        application = apply_new_trust()
        with django_capture_on_commit_callbacks(execute=True):
            services.application_decide(
                application=application, actor=national_admin, kind=DecisionKind.APPROVED
            )

        trust = Trust.objects.get(ods_code="RNT")
        assert trust.is_pending is False
        assert Membership.objects.get(trust=trust).is_active
        user = User.objects.get(email="nadia.newton@newtown.nhs.uk")
        assert user.full_name == "Nadia Newton" and not user.has_usable_password()
        assert TrustMembership.objects.get(user=user, trust=trust).role == Role.OD_LEAD
        application.refresh_from_db()
        assert application.applicant == user
        [mail] = to(mailoutbox, user.email)
        assert "/password-reset/" in mail.body
        uidb64, token = re.search(r"/password-reset/([^/\s]+)/([^/\s]+)/", mail.body).groups()
        assert force_str(urlsafe_base64_decode(uidb64)) == str(user.pk)
        assert default_token_generator.check_token(user, token)

    def test_approving_a_new_trust_links_an_existing_account_and_sends_no_password_link(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        existing = UserFactory(email="nadia.newton@newtown.nhs.uk", full_name="Nadia Newton")
        application = apply_new_trust()
        with django_capture_on_commit_callbacks(execute=True):
            services.application_decide(
                application=application, actor=national_admin, kind=DecisionKind.APPROVED
            )

        assert User.objects.filter(email__iexact="nadia.newton@newtown.nhs.uk").count() == 1
        trust = Trust.objects.get(ods_code="RNT")
        assert TrustMembership.objects.get(user=existing, trust=trust).role == Role.OD_LEAD
        [mail] = to(mailoutbox, existing.email)
        assert "/password-reset/" not in mail.body

    def test_declining_needs_a_reason(self, trust_a, od_lead_a, national_admin):
        application = apply_for(trust_a, od_lead_a)
        with pytest.raises(ValidationError) as error:
            services.application_decide(
                application=application,
                actor=national_admin,
                kind=DecisionKind.DECLINED,
                message="   ",
            )
        assert "message" in error.value.message_dict
        application.refresh_from_db()
        assert application.status == ApplicationStatus.PENDING
        assert not application.decisions.exists()

    def test_declining_e_mails_the_reason(
        self, trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        application = apply_for(trust_a, od_lead_a)
        with django_capture_on_commit_callbacks(execute=True):
            decided = services.application_decide(
                application=application,
                actor=national_admin,
                kind=DecisionKind.DECLINED,
                message="  Your board has not yet agreed to the programme.  ",
            )

        assert decided.status == ApplicationStatus.DECLINED
        assert not Membership.objects.filter(trust=trust_a).exists()
        assert decided.decisions.get().message == "Your board has not yet agreed to the programme."
        assert "community.application.declined" in actions()
        [mail] = to(mailoutbox, od_lead_a.email)
        assert "Your board has not yet agreed to the programme." in mail.body

    def test_asking_for_information_needs_a_question(self, trust_a, od_lead_a, national_admin):
        application = apply_for(trust_a, od_lead_a)
        with pytest.raises(ValidationError) as error:
            services.application_decide(
                application=application, actor=national_admin, kind=DecisionKind.INFO_REQUESTED
            )
        assert "message" in error.value.message_dict

    def test_a_question_then_an_answer_puts_the_application_back_in_the_queue(
        self, trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        application = apply_for(trust_a, od_lead_a)
        with django_capture_on_commit_callbacks(execute=True):
            asked = services.application_decide(
                application=application,
                actor=national_admin,
                kind=DecisionKind.INFO_REQUESTED,
                message="Who is your board sponsor?",
            )
        assert asked.status == ApplicationStatus.INFO_REQUESTED
        assert "Who is your board sponsor?" in to(mailoutbox, od_lead_a.email)[-1].body
        assert "community.application.info_requested" in actions()
        with pytest.raises(ApplicationError, match="not yet answered"):
            services.application_decide(
                application=application,
                actor=national_admin,
                kind=DecisionKind.INFO_REQUESTED,
                message="And when?",
            )

        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            answered = services.application_answer(
                application=application, message=" Our chief nurse. "
            )

        assert answered.status == ApplicationStatus.PENDING
        kinds = list(answered.decisions.values_list("kind", "message", "by"))
        assert kinds == [
            (DecisionKind.INFO_REQUESTED, "Who is your board sponsor?", national_admin.pk),
            (DecisionKind.ANSWERED, "Our chief nurse.", None),
        ]
        event = AuditEvent.objects.get(action="community.application.answered")
        assert event.actor is None and event.target == trust_a.name
        [to_admin] = to(mailoutbox, national_admin.email)
        assert to_admin.subject == f"Culture community application answered: {trust_a.name}"

    def test_an_answer_needs_a_question_and_some_words(self, trust_a, od_lead_a, national_admin):
        application = apply_for(trust_a, od_lead_a)
        with pytest.raises(ApplicationError, match="no question"):
            services.application_answer(application=application, message="Unprompted")
        services.application_decide(
            application=application,
            actor=national_admin,
            kind=DecisionKind.INFO_REQUESTED,
            message="Who is your sponsor?",
        )
        with pytest.raises(ValidationError) as error:
            services.application_answer(application=application, message="  ")
        assert "message" in error.value.message_dict

    @pytest.mark.parametrize("first", [DecisionKind.APPROVED, DecisionKind.DECLINED])
    @pytest.mark.parametrize("second", [DecisionKind.APPROVED, DecisionKind.DECLINED])
    def test_a_decided_application_cannot_be_decided_again(
        self, trust_a, od_lead_a, national_admin, first, second
    ):
        application = apply_for(trust_a, od_lead_a)
        services.application_decide(
            application=application, actor=national_admin, kind=first, message="Because"
        )
        with pytest.raises(ApplicationError, match=f"already {first}"):
            services.application_decide(
                application=application, actor=national_admin, kind=second, message="Again"
            )
        assert application.decisions.count() == 1

    def test_an_answer_is_not_a_decision_an_admin_can_record(
        self, trust_a, od_lead_a, national_admin
    ):
        application = apply_for(trust_a, od_lead_a)
        with pytest.raises(ApplicationError, match="Choose approve, decline"):
            services.application_decide(
                application=application,
                actor=national_admin,
                kind=DecisionKind.ANSWERED,
                message="Answered for them",
            )
        application.refresh_from_db()
        assert application.status == ApplicationStatus.PENDING
        assert not application.decisions.exists()

    def test_the_applicants_link_finds_the_application(self, trust_a, od_lead_a):
        application = apply_for(trust_a, od_lead_a)
        link = services.application_link(application)
        token = link.rstrip("/").rsplit("/", 1)[-1]
        assert services.application_from_link(token) == application

    def test_a_tampered_or_foreign_token_finds_nothing(self, trust_a, od_lead_a):
        application = apply_for(trust_a, od_lead_a)
        token = services.application_link(application).rstrip("/").rsplit("/", 1)[-1]
        assert services.application_from_link(token[:-2] + "xx") is None
        assert services.application_from_link("not-a-token") is None
        # Signed for some other purpose, with the same key: not an application link.
        assert services.application_from_link(signing.dumps(application.pk)) is None

    def test_an_old_link_expires(self, trust_a, od_lead_a, monkeypatch):
        application = apply_for(trust_a, od_lead_a)
        token = services.application_link(application).rstrip("/").rsplit("/", 1)[-1]
        later = signing.time.time() + datetime.timedelta(days=91).total_seconds()
        monkeypatch.setattr(signing.time, "time", lambda: later)
        assert services.application_from_link(token) is None

    def test_a_trust_that_left_rejoins_on_the_same_membership(
        self, trust_a, od_lead_a, national_admin
    ):
        first = apply_for(trust_a, od_lead_a)
        services.application_decide(
            application=first, actor=national_admin, kind=DecisionKind.APPROVED
        )
        membership = Membership.objects.get(trust=trust_a)
        services.membership_leave(membership=membership, actor=od_lead_a, reason="Busy year")

        again = apply_for(trust_a, od_lead_a, consent_to_list=False)
        services.application_decide(
            application=again, actor=national_admin, kind=DecisionKind.APPROVED
        )

        rejoined = Membership.objects.get(trust=trust_a)
        assert rejoined.pk == membership.pk
        assert rejoined.status == MembershipStatus.ACTIVE
        assert rejoined.ended_on is None and rejoined.end_reason == ""
        assert rejoined.listed is False
        assert Membership.objects.count() == 1


# --- memberships ---------------------------------------------------------------------------


class TestLeavingAndLapsing:
    def test_a_trust_leaves(self, member_a, od_lead_a):
        left = services.membership_leave(
            membership=member_a, actor=od_lead_a, reason="  A new strategy  "
        )
        assert left.status == MembershipStatus.LEFT
        assert left.ended_on == timezone.localdate()
        assert left.end_reason == "A new strategy"
        event = AuditEvent.objects.get(action="community.membership.left")
        assert event.actor == od_lead_a and event.target == member_a.trust.name

    def test_leaving_twice_is_refused(self, member_a, od_lead_a):
        services.membership_leave(membership=member_a, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="not a member now"):
            services.membership_leave(membership=member_a, actor=od_lead_a)

    def test_a_lapse_needs_a_reason(self, member_a, national_admin):
        with pytest.raises(ValidationError) as error:
            services.membership_lapse(membership=member_a, actor=national_admin, reason=" ")
        assert "reason" in error.value.message_dict
        member_a.refresh_from_db()
        assert member_a.is_active

    def test_a_lapse_e_mails_the_od_leads_and_is_audited(
        self,
        member_a,
        od_lead_a,
        change_team_a,
        national_admin,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            lapsed = services.membership_lapse(
                membership=member_a, actor=national_admin, reason="No contact for a year"
            )

        assert lapsed.status == MembershipStatus.LAPSED
        assert lapsed.ended_on == timezone.localdate()
        event = AuditEvent.objects.get(action="community.membership.lapsed")
        assert event.actor == national_admin and event.detail == {"reason": "No contact for a year"}
        assert [m.to for m in mailoutbox] == [[od_lead_a.email]]
        assert "No contact for a year" in mailoutbox[0].body

    def test_a_lapsed_trust_cannot_lapse_again(self, member_a, national_admin):
        services.membership_lapse(membership=member_a, actor=national_admin, reason="Quiet")
        with pytest.raises(ApplicationError, match="not a member now"):
            services.membership_lapse(membership=member_a, actor=national_admin, reason="Quiet")


class TestMembershipSettings:
    def test_settings_are_saved_and_audited(self, member_a, od_lead_a):
        updated = update_settings(
            member_a,
            od_lead_a,
            contact=None,
            listed=False,
            share_phase=True,
            share_bright_spots=True,
        )
        member_a.refresh_from_db()
        assert (member_a.listed, member_a.share_phase, member_a.share_bright_spots) == (
            False,
            True,
            True,
        )
        assert updated.contact is None
        assert "community.membership.settings" in actions()

    def test_the_contact_must_work_on_the_trusts_programme(self, member_a, od_lead_a, od_lead_b):
        with pytest.raises(ValidationError) as error:
            update_settings(member_a, od_lead_a, contact=od_lead_b)
        assert "contact" in error.value.message_dict
        member_a.refresh_from_db()
        assert member_a.contact is None

    def test_naming_a_contact_asks_them_and_clears_earlier_consent(
        self,
        member_a,
        od_lead_a,
        change_team_a,
        sponsor_a,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        update_settings(member_a, od_lead_a, contact=change_team_a)
        services.contact_consent_set(membership=member_a, user=change_team_a, consent=True)

        with django_capture_on_commit_callbacks(execute=True):
            updated = update_settings(member_a, od_lead_a, contact=sponsor_a)

        assert updated.contact == sponsor_a and updated.contact_consented_at is None
        [asked] = mailoutbox
        assert asked.to == [sponsor_a.email]
        assert asked.subject == "Will you be your trust's culture community contact?"

    def test_keeping_the_same_contact_keeps_their_consent(self, member_a, od_lead_a, change_team_a):
        update_settings(member_a, od_lead_a, contact=change_team_a)
        agreed = services.contact_consent_set(membership=member_a, user=change_team_a, consent=True)
        updated = update_settings(member_a, od_lead_a, contact=change_team_a, share_phase=True)
        assert updated.contact_consented_at == agreed.contact_consented_at is not None

    def test_naming_yourself_sends_no_e_mail_but_still_needs_consent(
        self, member_a, od_lead_a, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            updated = update_settings(member_a, od_lead_a, contact=od_lead_a)
        assert updated.contact == od_lead_a and updated.contact_consented_at is None
        assert mailoutbox == []

    def test_a_former_member_cannot_change_its_settings(self, member_a, od_lead_a):
        services.membership_leave(membership=member_a, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="not a member now"):
            update_settings(member_a, od_lead_a, contact=None)

    def test_only_the_named_contact_can_agree(self, member_a, od_lead_a, change_team_a):
        update_settings(member_a, od_lead_a, contact=change_team_a)
        with pytest.raises(ApplicationError, match="not this trust's named contact"):
            services.contact_consent_set(membership=member_a, user=od_lead_a, consent=True)
        member_a.refresh_from_db()
        assert member_a.contact_consented_at is None

        agreed = services.contact_consent_set(membership=member_a, user=change_team_a, consent=True)
        assert agreed.contact_consented_at is not None
        event = AuditEvent.objects.get(action="community.contact.agreed")
        assert event.actor == change_team_a

    def test_withdrawing_clears_the_contact(self, member_a, od_lead_a, change_team_a):
        update_settings(member_a, od_lead_a, contact=change_team_a)
        services.contact_consent_set(membership=member_a, user=change_team_a, consent=True)
        withdrawn = services.contact_consent_set(
            membership=member_a, user=change_team_a, consent=False
        )
        member_a.refresh_from_db()
        assert withdrawn.contact is None and member_a.contact is None
        assert member_a.contact_consented_at is None
        assert "community.contact.withdrew" in actions()
        with pytest.raises(ApplicationError):
            services.contact_consent_set(membership=member_a, user=change_team_a, consent=True)


# --- stories -------------------------------------------------------------------------------


class TestStories:
    def test_a_new_story_is_a_draft_with_its_elements_and_clean_tags(self, trust_a, od_lead_a):
        story = make_story(
            trust_a,
            od_lead_a,
            elements=[Element.TEAMWORK, Element.VISION_VALUES],
            tags=" Board,NURSING, board , ,Appraisal ",
        )
        assert story.status == StoryStatus.DRAFT
        assert story.elements == "|teamwork|vision_values|"
        assert story.element_list == ["teamwork", "vision_values"]
        assert story.tags == "board, nursing, appraisal"
        assert story.tag_list == ["board", "nursing", "appraisal"]

    def test_tags_are_cut_to_ten(self, trust_a, od_lead_a):
        story = make_story(trust_a, od_lead_a, tags=", ".join(f"tag{n}" for n in range(14)))
        assert story.tag_list == [f"tag{n}" for n in range(10)]

    def test_a_story_needs_a_known_phase(self, trust_a, od_lead_a):
        with pytest.raises(ValidationError) as error:
            make_story(trust_a, od_lead_a, phase="somewhere")
        assert "phase" in error.value.message_dict

    def test_submitting_sends_it_to_the_moderators(
        self, trust_a, od_lead_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        story = make_story(trust_a, od_lead_a)
        with django_capture_on_commit_callbacks(execute=True):
            submitted = services.story_submit(story=story, actor=od_lead_a)
        assert submitted.status == StoryStatus.SUBMITTED
        [mail] = mailoutbox
        assert mail.to == [national_admin.email]
        assert mail.subject == "A story to moderate: Listening walkabouts"
        assert "community.story.submitted" in actions()
        with pytest.raises(ApplicationError, match="already been sent"):
            services.story_submit(story=story, actor=od_lead_a)

    def test_publishing(self, trust_a, od_lead_a, national_admin):
        story = make_story(trust_a, od_lead_a)
        with pytest.raises(ApplicationError, match="Only a story waiting"):
            services.story_publish(story=story, actor=national_admin)
        published = publish(story, od_lead_a, national_admin)
        assert published.status == StoryStatus.PUBLISHED
        assert published.published_at is not None
        assert published.moderated_by == national_admin
        assert "community.story.published" in actions()

    @pytest.mark.parametrize("published", [False, True])
    def test_a_story_with_the_moderators_or_published_cannot_be_edited(
        self, trust_a, od_lead_a, national_admin, published
    ):
        story = make_story(trust_a, od_lead_a)
        services.story_submit(story=story, actor=od_lead_a)
        if published:
            services.story_publish(story=story, actor=national_admin)
        with pytest.raises(ApplicationError, match="cannot be changed now"):
            services.story_update(story=story, actor=od_lead_a, **story_fields(title="Changed"))
        story.refresh_from_db()
        assert story.title == "Listening walkabouts"

    def test_returning_needs_a_note(self, trust_a, od_lead_a, national_admin):
        story = make_story(trust_a, od_lead_a)
        with pytest.raises(ApplicationError, match="Only a story sent"):
            services.story_return(story=story, actor=national_admin, note="Too early")
        services.story_submit(story=story, actor=od_lead_a)
        with pytest.raises(ValidationError) as error:
            services.story_return(story=story, actor=national_admin, note="  ")
        assert "note" in error.value.message_dict
        story.refresh_from_db()
        assert story.status == StoryStatus.SUBMITTED

    def test_a_returned_story_is_edited_and_sent_again(
        self, trust_a, change_team_a, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        story = make_story(trust_a, change_team_a)
        services.story_submit(story=story, actor=change_team_a)
        with django_capture_on_commit_callbacks(execute=True):
            returned = services.story_return(
                story=story, actor=national_admin, note=" Say what changed for patients. "
            )
        assert returned.status == StoryStatus.RETURNED
        assert returned.moderation_note == "Say what changed for patients."
        [mail] = to(mailoutbox, change_team_a.email)
        assert mail.subject == "Your story has comments: Listening walkabouts"

        edited = services.story_update(
            story=story,
            actor=change_team_a,
            **story_fields(result="Complaints about attitude halved.", tags="Patients"),
        )
        assert edited.result == "Complaints about attitude halved."
        assert edited.tags == "patients"
        assert services.story_submit(story=story, actor=change_team_a).status == (
            StoryStatus.SUBMITTED
        )

    def test_returning_a_published_story_takes_it_down(self, trust_a, od_lead_a, national_admin):
        story = publish(make_story(trust_a, od_lead_a), od_lead_a, national_admin)
        assert list(selectors.story_search()) == [story]
        returned = services.story_return(story=story, actor=national_admin, note="Names a patient")
        assert returned.published_at is None
        assert list(selectors.story_search()) == []

    def test_tags_the_form_accepts_can_be_saved(self, trust_a, od_lead_a):
        entered = ",".join(f"{n}" + "x" * 28 for n in range(10))
        assert len(entered) <= 300  # the story form's max_length for tags
        story = make_story(trust_a, od_lead_a, tags=entered)
        assert len(story.tag_list) == 10


# --- events --------------------------------------------------------------------------------


class TestEventDetails:
    def test_an_online_event_needs_a_joining_link(self, national_admin):
        with pytest.raises(ValidationError) as error:
            make_event(national_admin, joining_link="")
        assert "joining_link" in error.value.message_dict

    def test_an_event_in_a_room_needs_a_venue(self, national_admin):
        with pytest.raises(ValidationError) as error:
            make_event(national_admin, online=False, joining_link="", venue="  ")
        assert "venue" in error.value.message_dict

    def test_an_event_ends_after_it_starts(self, national_admin):
        fields = event_fields()
        fields["ends_at"] = fields["starts_at"]
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=national_admin, **fields)
        assert "ends_at" in error.value.message_dict
        assert not Event.objects.exists()

    def test_creating_an_event_is_audited(self, national_admin):
        event = make_event(national_admin)
        assert event.created_by == national_admin
        assert AuditEvent.objects.get(action="community.event.created").target == event.title


class TestRegistrations:
    def test_books_until_full_then_the_waiting_list(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=2)
        with django_capture_on_commit_callbacks(execute=True):
            registrations = register(event, 4)
        assert [r.status for r in registrations] == [
            RegistrationStatus.BOOKED,
            RegistrationStatus.BOOKED,
            RegistrationStatus.WAITING,
            RegistrationStatus.WAITING,
        ]
        subjects = [m.subject for m in mailoutbox]
        assert (
            subjects
            == [f"You are booked: {event.title}"] * 2
            + [f"You are on the waiting list: {event.title}"] * 2
        )

    def test_the_trust_is_recorded(self, national_admin, od_lead_a, trust_a):
        event = make_event(national_admin)
        registration = services.registration_create(event=event, user=od_lead_a, trust=trust_a)
        assert registration.trust == trust_a and registration.user == od_lead_a

    def test_a_second_registration_by_the_same_person_is_refused(self, national_admin, od_lead_a):
        event = make_event(national_admin, capacity=1)
        services.registration_create(event=event, user=od_lead_a, trust=None)
        with pytest.raises(ApplicationError, match="already have a place"):
            services.registration_create(event=event, user=od_lead_a, trust=None)
        waiting_person = UserFactory()
        services.registration_create(event=event, user=waiting_person, trust=None)
        with pytest.raises(ApplicationError, match="already on this event's waiting list"):
            services.registration_create(event=event, user=waiting_person, trust=None)
        assert event.registrations.count() == 2

    def test_someone_who_cancelled_can_book_again(self, national_admin, od_lead_a):
        event = make_event(national_admin)
        first = services.registration_create(event=event, user=od_lead_a, trust=None)
        services.registration_cancel(registration=first, actor=od_lead_a)
        again = services.registration_create(event=event, user=od_lead_a, trust=None)
        assert again.pk != first.pk and again.status == RegistrationStatus.BOOKED

    def test_an_event_that_has_started_takes_no_registrations(self, national_admin, od_lead_a):
        event = move_into_past(make_event(national_admin))
        with pytest.raises(ApplicationError, match="already started or taken place"):
            services.registration_create(event=event, user=od_lead_a, trust=None)
        assert not Registration.objects.exists()

    def test_a_cancelled_event_takes_no_registrations(self, national_admin, od_lead_a):
        event = make_event(national_admin)
        Event.objects.filter(pk=event.pk).update(cancelled=True)
        with pytest.raises(ApplicationError, match="has been cancelled"):
            services.registration_create(event=event, user=od_lead_a, trust=None)

    def test_cancelling_a_place_gives_it_to_the_first_person_waiting(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=1)
        booked, first_waiting, second_waiting = register(event, 3)

        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.registration_cancel(registration=booked, actor=booked.user)

        assert promoted == [first_waiting]
        assert statuses([booked, first_waiting, second_waiting]) == [
            RegistrationStatus.CANCELLED,
            RegistrationStatus.BOOKED,
            RegistrationStatus.WAITING,
        ]
        [mail] = mailoutbox
        assert mail.to == [first_waiting.user.email]
        assert mail.subject == f"A place has opened for you: {event.title}"
        assert "A place has opened" in mail.body

    def test_leaving_the_waiting_list_promotes_nobody(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=1)
        booked, first_waiting, second_waiting = register(event, 3)
        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.registration_cancel(
                registration=first_waiting, actor=first_waiting.user
            )
        assert promoted == []
        assert statuses([booked, first_waiting, second_waiting]) == [
            RegistrationStatus.BOOKED,
            RegistrationStatus.CANCELLED,
            RegistrationStatus.WAITING,
        ]
        assert mailoutbox == []

    def test_a_registration_is_cancelled_once_and_only_before_the_start(self, national_admin):
        event = make_event(national_admin)
        first, second = register(event, 2)
        services.registration_cancel(registration=first, actor=first.user)
        with pytest.raises(ApplicationError, match="already cancelled"):
            services.registration_cancel(registration=first, actor=first.user)
        move_into_past(event)
        with pytest.raises(ApplicationError, match="already started"):
            services.registration_cancel(registration=second, actor=second.user)
        assert statuses([second]) == [RegistrationStatus.BOOKED]

    def test_the_waiting_list_position(self, national_admin):
        event = make_event(national_admin, capacity=1)
        booked, *waiting = register(event, 4)
        assert [selectors.waiting_position(r) for r in waiting] == [1, 2, 3]
        services.registration_cancel(registration=booked, actor=booked.user)
        still_waiting = [Registration.objects.get(pk=r.pk) for r in waiting[1:]]
        assert [selectors.waiting_position(r) for r in still_waiting] == [1, 2]

    def test_no_place_opens_at_a_cancelled_event(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=1)
        booked, waiting = register(event, 2)
        Event.objects.filter(pk=event.pk).update(cancelled=True)
        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.registration_cancel(registration=booked, actor=booked.user)
        assert promoted == []
        assert mailoutbox == []


class TestEventChanges:
    def test_capacity_cannot_go_below_the_people_booked(self, national_admin):
        event = make_event(national_admin, capacity=3)
        register(event, 3)
        with pytest.raises(ValidationError) as error:
            services.event_update(event=event, actor=national_admin, **event_fields(capacity=2))
        assert "capacity" in error.value.message_dict
        event.refresh_from_db()
        assert event.capacity == 3

    def test_more_capacity_books_people_waiting_in_order(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=1)
        booked, *waiting = register(event, 4)
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(
                event=event,
                actor=national_admin,
                **{**fields_of(event), "capacity": 3, "title": "Bigger room"},
            )
        assert statuses(waiting) == [
            RegistrationStatus.BOOKED,
            RegistrationStatus.BOOKED,
            RegistrationStatus.WAITING,
        ]
        assert sorted(m.to[0] for m in mailoutbox) == sorted(r.user.email for r in waiting[:2])
        assert all(m.subject == "A place has opened for you: Bigger room" for m in mailoutbox)
        assert "community.event.changed" in actions()


class TestAttendance:
    def test_attendance_waits_for_the_start(self, national_admin):
        event = make_event(national_admin)
        [registration] = register(event, 1)
        with pytest.raises(ApplicationError, match="once the event has started"):
            services.attendance_record(
                event=event, actor=national_admin, attended_ids=[registration.pk]
            )
        assert Registration.objects.get(pk=registration.pk).attended is None

    def test_booked_people_are_marked_as_came_or_not(self, national_admin):
        event = make_event(national_admin, capacity=2)
        came, missed, waiting = register(event, 3)
        move_into_past(event)
        count = services.attendance_record(
            event=event, actor=national_admin, attended_ids=[str(came.pk), waiting.pk]
        )
        assert count == 1
        attended = {r.pk: r.attended for r in Registration.objects.all()}
        assert attended == {came.pk: True, missed.pk: False, waiting.pk: None}
        event_record = AuditEvent.objects.get(action="community.event.attendance")
        assert event_record.detail == {"attended": 1}


def fields_of(event) -> dict:
    return {name: getattr(event, name) for name in services.EVENT_FIELDS}


class TestReviewFollowUps:
    """Behaviour added after review: places freed when a trust leaves, event changes told
    to the people registered, sent e-mails emptied, pending trusts kept out of sight."""

    def test_leaving_frees_future_places_and_the_waiting_list_moves_up(
        self, national_admin, trust_a, od_lead_a, trust_b, od_lead_b
    ):
        make_member(trust_a)
        make_member(trust_b)
        event = make_event(national_admin, capacity=1)
        services.registration_create(event=event, user=od_lead_a, trust=trust_a)
        waiting = services.registration_create(event=event, user=od_lead_b, trust=trust_b)
        services.membership_leave(membership=Membership.objects.get(trust=trust_a), actor=od_lead_a)
        assert Registration.objects.get(user=od_lead_a).status == RegistrationStatus.CANCELLED
        assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.BOOKED

    def test_someone_at_another_member_trust_keeps_their_place(
        self, national_admin, trust_a, trust_b, change_team_a
    ):
        make_member(trust_a)
        make_member(trust_b)
        TrustMembershipFactory(trust=trust_b, user=change_team_a, role=Role.VIEWER)
        event = make_event(national_admin)
        services.registration_create(event=event, user=change_team_a, trust=trust_a)
        services.membership_lapse(
            membership=Membership.objects.get(trust=trust_a), actor=national_admin, reason="x"
        )
        assert Registration.objects.get(user=change_team_a).status == RegistrationStatus.BOOKED

    def test_a_former_member_gets_no_reminder_with_the_joining_link(
        self, national_admin, trust_a, od_lead_a
    ):
        membership = make_member(trust_a)
        event = make_event(national_admin, starts_in=datetime.timedelta(hours=5))
        services.registration_create(event=event, user=od_lead_a, trust=trust_a)
        Membership.objects.filter(pk=membership.pk).update(status=MembershipStatus.LAPSED)
        assert services.event_reminders_send() == 0

    def test_an_event_cannot_be_changed_once_it_has_started(self, national_admin):
        event = move_into_past(make_event(national_admin))
        with pytest.raises(ApplicationError, match="already started"):
            services.event_update(event=event, actor=national_admin, **fields_of(event))

    def test_a_new_time_is_told_to_everyone_registered_and_their_reminder_is_due_again(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin, capacity=1)
        booked, waiting = register(event, 2)
        Registration.objects.filter(pk=booked.pk).update(reminded_at=timezone.now())
        mailoutbox.clear()
        fields = fields_of(event)
        fields["starts_at"] += datetime.timedelta(days=1)
        fields["ends_at"] += datetime.timedelta(days=1)
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(event=event, actor=national_admin, **fields)
        changed = {m.to[0] for m in mailoutbox if m.subject.startswith("Changed:")}
        assert changed == {booked.user.email, waiting.user.email}
        assert Registration.objects.get(pk=booked.pk).reminded_at is None
        event.refresh_from_db()
        assert event.sequence == 1
        calendar = Calendar.from_ical(event_calendar(event))
        [entry] = calendar.walk("VEVENT")
        assert int(entry["SEQUENCE"]) == 1

    def test_a_new_description_alone_tells_nobody(
        self, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        event = make_event(national_admin)
        register(event, 1)
        mailoutbox.clear()
        fields = {**fields_of(event), "description": "Now with lunch."}
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(event=event, actor=national_admin, **fields)
        assert mailoutbox == []

    def test_a_sent_notice_keeps_no_body(self, national_admin, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            apply_new_trust()
        assert Email.objects.filter(sent_at__isnull=False).exists()
        assert set(Email.objects.values_list("body", flat=True)) == {""}

    def test_a_pending_trust_cannot_be_opened_by_its_code(self, national_admin, db):
        from accounts.selectors import trust_get_visible_to, trust_list_visible_to

        application = apply_new_trust()
        code = application.trust.ods_code
        assert trust_get_visible_to(national_admin, ods_code=code) is None
        assert application.trust not in trust_list_visible_to(national_admin)

"""Community pages for every persona, and the unhappy paths people meet on them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.models import Trust
from community import services
from community.constants import ApplicationStatus, RegistrationStatus
from community.models import Membership, MembershipApplication, Registration
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.community.factories import (
    apply_for_new_trust,
    make_event,
    make_member,
    make_story,
    move_to_past,
)
from tests.community.support import TEAMWORK, closed_wave
from tests.conftest import PERSONAS
from tests.diagnostics.factories import InstrumentVersionFactory
from tests.url_matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, POST_ONLY, matrix_tests

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(PERSONAS, OK)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
# Trust A is a member; trust B is not.
MEMBERS = {**SIGNED_IN, "od_lead_b": FORBIDDEN}
ADMINS = {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK}
WRITERS = {
    **dict.fromkeys(PERSONAS, FORBIDDEN),
    "anonymous": LOGIN,
    "change_team_a": OK,
    "od_lead_a": OK,
}
# Trust A's OD lead manages its membership; trust B's cannot see trust A at all.
MANAGERS = {
    **dict.fromkeys(PERSONAS, FORBIDDEN),
    "anonymous": LOGIN,
    "od_lead_a": OK,
    "od_lead_b": NOT_FOUND,
}
# A draft story: its trust's writers; others cannot know it exists; admins read, not edit.
DRAFT_EDITORS = {
    **dict.fromkeys(PERSONAS, NOT_FOUND),
    "anonymous": LOGIN,
    "change_team_a": OK,
    "od_lead_a": OK,
    "national_admin": FORBIDDEN,
}


@pytest.fixture
def objects(trust_a, od_lead_a, national_admin):
    membership = make_member(trust_a, contact=od_lead_a, contact_consented_at=timezone.now())
    published = make_story(trust_a, od_lead_a, publish_by=national_admin)
    draft = make_story(trust_a, od_lead_a, title="A draft story")
    event = make_event(national_admin)
    application = apply_for_new_trust(
        trust_name="Newtrust NHS Trust", ods_code="RNW", applicant_email="nell@new.example.org"
    )
    return {
        "membership": membership,
        "published": published,
        "draft": draft,
        "event": event,
        "application": application,
        "token": services.application_link(application).rstrip("/").rsplit("/", 1)[-1],
    }


MATRIX = {
    "community:directory": (lambda o: {}, EVERYONE),
    "community:directory-download": (lambda o: {}, MEMBERS),
    "community:join": (lambda o: {}, EVERYONE),
    "community:join-new-trust": (lambda o: {}, EVERYONE),
    "community:application": (lambda o: {"token": o["token"]}, EVERYONE),
    "community:membership": (lambda o: {"ods_code": "RAA"}, MANAGERS),
    "community:leave": (lambda o: {"ods_code": "RAA"}, MANAGERS),
    "community:contact-consent": (lambda o: {}, SIGNED_IN),
    "community:stories": (lambda o: {}, MEMBERS),
    "community:story": (lambda o: {"pk": o["published"].pk}, MEMBERS),
    "community:story-new": (lambda o: {}, WRITERS),
    "community:stories-mine": (lambda o: {}, WRITERS),
    "community:story-edit": (lambda o: {"pk": o["draft"].pk}, DRAFT_EDITORS),
    "community:story-submit": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "community:events": (lambda o: {}, MEMBERS),
    "community:event": (lambda o: {"pk": o["event"].pk}, MEMBERS),
    "community:event-register": (lambda o: {"pk": o["event"].pk}, POST_ONLY),
    "community:event-cancel": (lambda o: {"pk": o["event"].pk}, POST_ONLY),
    "community:event-ics": (lambda o: {"pk": o["event"].pk}, MEMBERS),
    "community:bright-spots": (lambda o: {}, MEMBERS),
    "community:admin-applications": (lambda o: {}, ADMINS),
    "community:admin-application": (lambda o: {"pk": o["application"].pk}, ADMINS),
    "community:admin-members": (lambda o: {}, ADMINS),
    "community:admin-lapse": (lambda o: {"pk": o["membership"].pk}, ADMINS),
    "community:admin-pilot": (lambda o: {"pk": o["membership"].pk}, POST_ONLY),
    "community:admin-stories": (lambda o: {}, ADMINS),
    "community:admin-story-publish": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "community:admin-story-return": (lambda o: {"pk": o["published"].pk}, ADMINS),
    "community:admin-event-new": (lambda o: {}, ADMINS),
    "community:admin-event-edit": (lambda o: {"pk": o["event"].pk}, ADMINS),
    "community:admin-attendance": (lambda o: {"pk": o["event"].pk}, ADMINS),
    "community:admin-event-cancel": (lambda o: {"pk": o["event"].pk}, ADMINS),
}

ADMIN_POSTS = {**ADMINS, "national_admin": 302}
MEMBER_POSTS = {**MEMBERS, **{p: 302 for p, o in MEMBERS.items() if o == OK}}
POST_MATRIX = {
    "community:story-submit": ({}, {**DRAFT_EDITORS, "change_team_a": 302, "od_lead_a": 302}),
    "community:event-register": ({}, MEMBER_POSTS),
    # Anyone signed in may give up their own place (trust B's lead has none: a message).
    "community:event-cancel": ({}, {**MEMBER_POSTS, "od_lead_b": 302}),
    "community:admin-pilot": ({"is_pilot": "yes"}, ADMIN_POSTS),
    # A draft is not waiting for moderation: the admin is told so on the queue.
    "community:admin-story-publish": ({}, ADMIN_POSTS | {"national_admin": 302}),
}

(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX)


def test_a_trust_that_left_loses_member_pages(client_as, objects, viewer_a, od_lead_a):
    services.membership_leave(membership=objects["membership"], actor=od_lead_a)
    response = client_as(viewer_a).get(reverse("community:events"))
    assert response.status_code == FORBIDDEN


# --- joining -------------------------------------------------------------------------------


def _application_form(**overrides):
    data = {
        "applicant_name": "Nina Newton",
        "applicant_email": "nina@trust.example.org",
        "job_title": "Head of OD",
        "trust_name": "Riverside Community NHS Trust",
        "ods_code": "rvs",
        "sector": "community",
        "region": "south_west",
        "hopes": "To learn from pilot trusts",
        "consent_to_list": "yes",
    }
    data.update(overrides)
    return data


class TestJoining:
    def test_a_new_trust_applies_and_lands_on_its_own_application_page(
        self, client, django_capture_on_commit_callbacks, mailoutbox, db
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("community:join-new-trust"), _application_form())
        assert response.status_code == 302
        page = client.get(response.url)
        assert b"Waiting for a decision" in page.content
        trust = Trust.objects.get(ods_code="RVS")
        assert trust.is_pending
        assert [m.to for m in mailoutbox] == [["nina@trust.example.org"]]
        assert response.url in mailoutbox[0].body

    def test_a_pending_trust_is_not_listed_among_trusts(self, client_as, national_admin, db):
        services.application_submit_new_trust(**_new_trust_fields())
        response = client_as(national_admin).get(reverse("accounts:landing"))
        assert b"Riverside Community" not in response.content

    def test_the_form_keeps_what_was_typed_and_names_each_problem(self, client, db):
        response = client.post(
            reverse("community:join-new-trust"),
            _application_form(applicant_email="not-an-email", ods_code="r!", consent_to_list=""),
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "There is a problem" in content
        assert "Enter an email address in the correct format" in content
        assert "Enter an ODS code of 3 to 6 capital letters" in content
        assert "Choose whether we can list your trust" in content
        assert "Riverside Community NHS Trust" in content
        assert not MembershipApplication.objects.exists()

    def test_a_bot_filling_the_hidden_field_is_turned_away(self, client, db):
        response = client.post(
            reverse("community:join-new-trust"), _application_form(website="spam.example")
        )
        assert "could not be sent" in response.content.decode()
        assert not MembershipApplication.objects.exists()

    def test_a_trust_already_on_the_portal_is_sent_to_its_od_lead(self, client, trust_a):
        response = client.post(
            reverse("community:join-new-trust"), _application_form(ods_code="RAA")
        )
        assert "is already on the portal" in response.content.decode()
        assert not MembershipApplication.objects.exists()

    def test_a_second_application_from_the_same_trust_gets_a_clear_message(
        self, client_as, od_lead_a, trust_a
    ):
        data = {
            "trust": trust_a.pk,
            "job_title": "OD lead",
            "hopes": "Events",
            "consent_to_list": "yes",
        }
        client = client_as(od_lead_a)
        assert client.post(reverse("community:join"), data).status_code == 302
        response = client.post(reverse("community:join"), data)
        assert response.status_code == 200
        assert "already has an application waiting for a decision" in response.content.decode()
        assert MembershipApplication.objects.filter(trust=trust_a).count() == 1

    def test_a_member_trusts_od_lead_is_not_offered_its_trust(self, client_as, objects, od_lead_a):
        response = client_as(od_lead_a).get(reverse("community:join"))
        assert b"Trust A NHS Foundation Trust is already a member" in response.content

    def test_a_tampered_application_link_is_not_found(self, client, objects):
        url = reverse("community:application", kwargs={"token": objects["token"] + "x"})
        assert client.get(url).status_code == NOT_FOUND

    def test_the_applicant_answers_a_question_through_their_link(
        self, client, objects, national_admin
    ):
        application = objects["application"]
        services.application_decide(
            application=application,
            actor=national_admin,
            kind="info_requested",
            message="When does Discover start?",
        )
        url = reverse("community:application", kwargs={"token": objects["token"]})
        page = client.get(url).content.decode()
        assert "When does Discover start?" in page
        empty = client.post(url, {"message": ""})
        assert "Enter your answer" in empty.content.decode()
        client.post(url, {"message": "In March"})
        application.refresh_from_db()
        assert application.status == ApplicationStatus.PENDING


class TestDeciding:
    def test_declining_needs_a_reason_and_keeps_the_application_open(
        self, client_as, objects, national_admin
    ):
        url = reverse("community:admin-application", kwargs={"pk": objects["application"].pk})
        response = client_as(national_admin).post(url, {"decision": "declined", "message": ""})
        assert "Enter the reason for the applicant" in response.content.decode()
        objects["application"].refresh_from_db()
        assert objects["application"].is_open

    def test_approving_a_new_trust_makes_it_a_member_with_its_applicant_as_od_lead(
        self, client_as, objects, national_admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        url = reverse("community:admin-application", kwargs={"pk": objects["application"].pk})
        with django_capture_on_commit_callbacks(execute=True):
            response = client_as(national_admin).post(url, {"decision": "approved"})
        assert response.status_code == 302
        trust = Trust.objects.get(ods_code="RNW")
        assert not trust.is_pending
        assert trust.community.is_active
        assert trust.memberships.get().role == Role.OD_LEAD
        assert "/password-reset/" in mailoutbox[-1].body

    def test_a_decided_application_cannot_be_decided_again(
        self, client_as, objects, national_admin
    ):
        url = reverse("community:admin-application", kwargs={"pk": objects["application"].pk})
        client = client_as(national_admin)
        client.post(url, {"decision": "approved"})
        response = client.post(url, {"decision": "declined", "message": "No"}, follow=True)
        assert "already been decided" in response.content.decode()
        objects["application"].refresh_from_db()
        assert objects["application"].status == ApplicationStatus.APPROVED


def _new_trust_fields():
    return {
        "trust_name": "Riverside Community NHS Trust",
        "ods_code": "RVS",
        "sector": "community",
        "region": "south_west",
        "applicant_name": "Nina Newton",
        "applicant_email": "nina@trust.example.org",
        "job_title": "Head of OD",
        "hopes": "To learn",
        "consent_to_list": True,
    }


# --- contacts never appear without consent -------------------------------------------------


class TestContactPrivacy:
    @pytest.fixture
    def unconsented(self, trust_b, od_lead_b):
        return make_member(trust_b, contact=od_lead_b, contact_consented_at=None)

    def _every_member_answer(self, client):
        urls = [
            reverse("community:directory"),
            reverse("community:directory") + "?q=Trust",
            reverse("community:directory") + "?region=north_west",
            reverse("community:directory-download"),
            reverse("community:stories"),
            reverse("community:events"),
            reverse("community:bright-spots"),
        ]
        return [client.get(url).content.decode() for url in urls]

    def test_an_unconsented_contact_is_in_no_page_or_download(
        self, client_as, objects, unconsented, viewer_a, od_lead_b
    ):
        for answer in self._every_member_answer(client_as(viewer_a)):
            assert od_lead_b.full_name not in answer
            assert od_lead_b.email not in answer

    def test_a_consented_contact_is_shown_to_members_only(
        self, client, client_as, objects, od_lead_a, viewer_a
    ):
        public = client.get(reverse("community:directory")).content.decode()
        assert od_lead_a.email not in public
        member_page = client_as(viewer_a).get(reverse("community:directory")).content.decode()
        assert od_lead_a.email in member_page
        download = client_as(viewer_a).get(reverse("community:directory-download"))
        assert od_lead_a.email in download.content.decode()

    def test_a_contact_who_left_the_trust_is_no_longer_shown(
        self, client_as, objects, od_lead_a, viewer_a
    ):
        od_lead_a.memberships.all().delete()
        page = client_as(viewer_a).get(reverse("community:directory")).content.decode()
        assert od_lead_a.email not in page

    def test_the_named_contact_agrees_on_their_own_page(
        self, client_as, objects, unconsented, od_lead_b, viewer_a, trust_b
    ):
        client_as(od_lead_b).post(
            reverse("community:contact-consent"),
            {"membership": unconsented.pk, "consent": "yes"},
        )
        unconsented.refresh_from_db()
        assert unconsented.contact_consented_at is not None

    def test_nobody_else_can_consent_for_the_contact(
        self, client_as, objects, unconsented, viewer_a
    ):
        response = client_as(viewer_a).post(
            reverse("community:contact-consent"),
            {"membership": unconsented.pk, "consent": "yes"},
        )
        assert response.status_code == NOT_FOUND
        unconsented.refresh_from_db()
        assert unconsented.contact_consented_at is None


# --- events --------------------------------------------------------------------------------


class TestEvents:
    def test_a_full_event_puts_the_next_person_on_the_waiting_list_with_a_message(
        self, client_as, trust_a, national_admin, od_lead_a, viewer_a
    ):
        make_member(trust_a)
        event = make_event(national_admin, capacity=1)
        client_as(od_lead_a).post(reverse("community:event-register", kwargs={"pk": event.pk}))
        client = client_as(viewer_a)
        response = client.post(
            reverse("community:event-register", kwargs={"pk": event.pk}), follow=True
        )
        content = response.content.decode()
        assert "The event is full, so you are on the waiting list (number 1)" in content
        assert Registration.objects.get(user=viewer_a).status == RegistrationStatus.WAITING

    def test_cancelling_a_place_promotes_the_first_person_waiting(
        self, client, trust_a, national_admin, od_lead_a, viewer_a, change_team_a
    ):
        make_member(trust_a)
        event = make_event(national_admin, capacity=1)
        for user in (od_lead_a, viewer_a, change_team_a):
            services.registration_create(event=event, user=user, trust=trust_a)
        client.force_login(od_lead_a)
        client.post(reverse("community:event-cancel", kwargs={"pk": event.pk}))
        assert Registration.objects.get(user=viewer_a).status == RegistrationStatus.BOOKED
        assert Registration.objects.get(user=change_team_a).status == RegistrationStatus.WAITING

    def test_registering_for_a_past_event_says_so_and_stores_nothing(
        self, client_as, trust_a, national_admin, viewer_a
    ):
        make_member(trust_a)
        event = move_to_past(make_event(national_admin))
        response = client_as(viewer_a).post(
            reverse("community:event-register", kwargs={"pk": event.pk}), follow=True
        )
        assert "already started or taken place" in response.content.decode()
        assert not Registration.objects.exists()

    def test_cancelling_an_event_tells_everyone_registered_and_stops_bookings(
        self,
        client_as,
        trust_a,
        national_admin,
        viewer_a,
        od_lead_a,
        django_capture_on_commit_callbacks,
        mailoutbox,
    ):
        make_member(trust_a)
        event = make_event(national_admin, capacity=1)
        services.registration_create(event=event, user=od_lead_a, trust=trust_a)
        services.registration_create(event=event, user=viewer_a, trust=trust_a)
        admin = client_as(national_admin)
        url = reverse("community:admin-event-cancel", kwargs={"pk": event.pk})
        empty = admin.post(url, {"reason": ""})
        assert "Enter why the event is cancelled" in empty.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(url, {"reason": "The speaker is ill"})
        told = {m.to[0] for m in mailoutbox if m.subject.startswith("Cancelled:")}
        assert told == {od_lead_a.email, viewer_a.email}
        assert "The speaker is ill" in mailoutbox[-1].body
        # Cancelling a place now promotes nobody, and nobody can book.
        services.registration_cancel(
            registration=Registration.objects.get(user=od_lead_a), actor=od_lead_a
        )
        assert Registration.objects.get(user=viewer_a).status == RegistrationStatus.WAITING
        response = client_as(viewer_a).get(reverse("community:event", kwargs={"pk": event.pk}))
        assert "This event is cancelled" in response.content.decode()
        assert "Book a place" not in response.content.decode()

    def test_registering_twice_says_so(self, client_as, trust_a, national_admin, viewer_a):
        make_member(trust_a)
        event = make_event(national_admin)
        client = client_as(viewer_a)
        url = reverse("community:event-register", kwargs={"pk": event.pk})
        client.post(url)
        response = client.post(url, follow=True)
        assert "You already have a place at this event" in response.content.decode()
        assert Registration.objects.count() == 1

    def test_the_joining_link_is_shown_only_to_people_with_a_place(
        self, client_as, trust_a, national_admin, viewer_a
    ):
        make_member(trust_a)
        event = make_event(national_admin)
        client = client_as(viewer_a)
        url = reverse("community:event", kwargs={"pk": event.pk})
        assert event.joining_link not in client.get(url).content.decode()
        ics = client.get(reverse("community:event-ics", kwargs={"pk": event.pk}))
        assert event.joining_link.encode() not in ics.content
        client.post(reverse("community:event-register", kwargs={"pk": event.pk}))
        assert event.joining_link in client.get(url).content.decode()
        ics = client.get(reverse("community:event-ics", kwargs={"pk": event.pk}))
        assert ics["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VEVENT" in ics.content

    def test_an_event_form_in_uk_time_with_errors_named(self, client_as, national_admin, db):
        client = client_as(national_admin)
        url = reverse("community:admin-event-new")
        bad = client.post(
            url,
            {
                "title": "Webinar",
                "kind": "webinar",
                "description": "About results",
                "day_day": "30",
                "day_month": "2",
                "day_year": "2027",
                "start_time": "25:00",
                "end_time": "10:00",
                "online": "yes",
                "capacity": "0",
            },
        )
        content = bad.content.decode()
        assert "Date must be a real date" in content
        assert "Enter the start time like 09:30" in content
        assert "There must be at least 1 place" in content
        day = timezone.localdate() + datetime.timedelta(days=40)
        good = client.post(
            url,
            {
                "title": "Webinar",
                "kind": "webinar",
                "description": "About results",
                "day_day": str(day.day),
                "day_month": str(day.month),
                "day_year": str(day.year),
                "start_time": "14:00",
                "end_time": "15:30",
                "online": "yes",
                "joining_link": "https://meet.example.org/w",
                "capacity": "50",
            },
        )
        assert good.status_code == 302
        from community.models import Event

        event = Event.objects.get(title="Webinar")
        assert timezone.localtime(event.starts_at).strftime("%H:%M") == "14:00"

    def test_an_online_event_needs_its_link_and_a_venue_event_its_address(
        self, client_as, national_admin, db
    ):
        day = timezone.localdate() + datetime.timedelta(days=40)
        base = {
            "title": "Set",
            "kind": "learning_set",
            "description": "x",
            "day_day": str(day.day),
            "day_month": str(day.month),
            "day_year": str(day.year),
            "start_time": "10:00",
            "end_time": "12:00",
            "capacity": "20",
        }
        client = client_as(national_admin)
        online = client.post(reverse("community:admin-event-new"), {**base, "online": "yes"})
        assert "Enter the link people use to join online" in online.content.decode()
        venue = client.post(reverse("community:admin-event-new"), {**base, "online": "no"})
        assert "Enter the venue&#x27;s name and address" in venue.content.decode()


# --- stories -------------------------------------------------------------------------------


class TestStories:
    def test_a_story_goes_from_draft_to_published_and_is_searchable(
        self, client, trust_a, od_lead_a, viewer_a, national_admin
    ):
        make_member(trust_a)
        story = make_story(trust_a, od_lead_a, title="Coaching for team leaders")
        client.force_login(viewer_a)
        assert b"Coaching" not in client.get(reverse("community:stories")).content
        client.force_login(od_lead_a)
        client.post(reverse("community:story-submit", kwargs={"pk": story.pk}))
        client.force_login(national_admin)
        client.post(reverse("community:admin-story-publish", kwargs={"pk": story.pk}))
        client.force_login(viewer_a)
        found = client.get(reverse("community:stories") + "?q=coaching")
        assert b"Coaching for team leaders" in found.content

    def test_stories_are_for_members_not_the_public(self, client, objects):
        response = client.get(reverse("community:story", kwargs={"pk": objects["published"].pk}))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign-in"))

    def test_returning_a_story_needs_a_comment(self, client_as, objects, national_admin):
        url = reverse("community:admin-story-return", kwargs={"pk": objects["published"].pk})
        response = client_as(national_admin).post(url, {"reason": ""})
        assert "Enter what the authors should change" in response.content.decode()

    def test_a_story_form_without_elements_is_refused(self, client_as, trust_a, od_lead_a):
        make_member(trust_a)
        response = client_as(od_lead_a).post(
            reverse("community:story-new"),
            {"title": "T", "summary": "S", "what_we_did": "W", "result": "R", "phase": "design"},
        )
        assert "Choose at least one cultural element" in response.content.decode()

    def test_the_library_links_members_to_stories(self, client, client_as, objects, viewer_a):
        public = client.get(reverse("resources:library"))
        assert reverse("community:stories").encode() not in public.content
        member = client_as(viewer_a).get(reverse("resources:library") + "?q=listening")
        assert f"{reverse('community:stories')}?q=listening".encode() in member.content


class TestMembershipPages:
    def test_leaving_takes_the_trust_out_of_the_directory(
        self, client_as, objects, od_lead_a, trust_a
    ):
        client = client_as(od_lead_a)
        client.post(reverse("community:leave", kwargs={"ods_code": "RAA"}), {"reason": ""})
        assert Membership.objects.get(trust=trust_a).status == "left"
        directory = client.get(reverse("community:directory")).content.decode()
        assert "0 member trusts" in directory
        assert "Trust A NHS Foundation Trust is not a member yet" in directory

    def test_lapsing_needs_a_reason(self, client_as, objects, national_admin):
        url = reverse("community:admin-lapse", kwargs={"pk": objects["membership"].pk})
        response = client_as(national_admin).post(url, {"reason": ""})
        assert "Enter the reason" in response.content.decode()
        objects["membership"].refresh_from_db()
        assert objects["membership"].is_active

    def test_naming_a_contact_from_another_trust_is_refused(
        self, client_as, objects, od_lead_a, od_lead_b
    ):
        response = client_as(od_lead_a).post(
            reverse("community:membership", kwargs={"ods_code": "RAA"}),
            {"listed": "on", "contact": od_lead_b.pk},
        )
        assert "Choose someone from the list" in response.content.decode()

    def test_a_new_contact_is_not_shown_until_they_agree(
        self, client_as, objects, od_lead_a, viewer_a, trust_a
    ):
        colleague = UserFactory(full_name="Col League")
        TrustMembershipFactory(trust=trust_a, user=colleague, role=Role.CHANGE_TEAM)
        client_as(od_lead_a).post(
            reverse("community:membership", kwargs={"ods_code": "RAA"}),
            {"listed": "on", "contact": colleague.pk},
        )
        page = client_as(viewer_a).get(reverse("community:directory")).content.decode()
        assert "Col League" not in page
        assert od_lead_a.email not in page


class TestQueryCounts:
    def test_the_directory_reads_a_fixed_number_of_queries_however_many_members(
        self, client_as, viewer_a, trust_a, django_assert_max_num_queries
    ):
        from tests.accounts.factories import TrustFactory

        make_member(trust_a)
        for number in range(30):
            trust = TrustFactory(name=f"Member {number} NHS Trust", ods_code=f"M{number:02d}")
            lead = UserFactory(full_name=f"Lead {number}")
            TrustMembershipFactory(trust=trust, user=lead, role=Role.OD_LEAD)
            make_member(trust, share_phase=True, contact=lead, contact_consented_at=timezone.now())
        client = client_as(viewer_a)
        with django_assert_max_num_queries(14):
            response = client.get(reverse("community:directory"))
        assert response.content.decode().count("Lead ") >= 30

    def test_the_events_page_reads_a_fixed_number_of_queries(
        self, client_as, viewer_a, trust_a, national_admin, django_assert_max_num_queries
    ):
        make_member(trust_a)
        for number in range(15):
            event = make_event(national_admin, title=f"Event {number}", days=number + 1)
            services.registration_create(event=event, user=viewer_a, trust=trust_a)
        client = client_as(viewer_a)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("community:events"))
        assert response.content.decode().count("Event ") >= 15


def test_pages_of_stories_keep_the_search(client_as, trust_a, od_lead_a, viewer_a, national_admin):
    make_member(trust_a)
    for number in range(21):
        make_story(trust_a, od_lead_a, title=f"Listening {number}", publish_by=national_admin)
    page = client_as(viewer_a).get(reverse("community:stories") + "?q=listening").content.decode()
    assert 'href="?q=listening&amp;page=2"' in page
    second = client_as(viewer_a).get(reverse("community:stories") + "?q=listening&page=2")
    assert 'href="?q=listening&amp;page=1"' in second.content.decode()


class TestBrightSpotsPage:
    """The page shows a trust's own scores only to people who may read its results."""

    @pytest.fixture
    def scored(self, trust_a, trust_b):
        version = InstrumentVersionFactory()
        make_member(trust_a)
        closed_wave(trust_a, version, closed_days_ago=30, rows={TEAMWORK: (30, 300, 3.1)})
        make_member(trust_b, share_bright_spots=True)
        closed_wave(trust_b, version, closed_days_ago=400, rows={TEAMWORK: (40, 400, 4.0)})
        closed_wave(trust_b, version, closed_days_ago=20, rows={TEAMWORK: (60, 400, 6.0)})

    def test_the_od_lead_sees_the_match(self, client, scored, od_lead_a):
        client.force_login(od_lead_a)
        page = client.get("/community/bright-spots/").content.decode()
        assert "Your score: 3.1 out of 10" in page
        assert "Trust B NHS Trust" in page

    def test_a_viewer_sees_no_scores(self, client, scored, viewer_a):
        client.force_login(viewer_a)
        page = client.get("/community/bright-spots/").content.decode()
        assert "which your role does not include" in page
        assert "3.1" not in page
        assert "Trust B NHS Trust" not in page


class TestFindingTheCommunity:
    """Someone not signed in finds the community from the home page, the header and the
    footer; a trust not yet a member finds how to join."""

    def test_home_page_header_and_footer_lead_to_it(self, client):
        page = client.get(reverse("core:home")).content.decode()
        directory, join = reverse("community:directory"), reverse("community:join")
        assert f'href="{join}">Apply for your trust to join</a>' in page
        assert f'href="{directory}">See the member trusts</a>' in page
        menu = page.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
        assert directory in menu and reverse("resources:library") in menu
        footer = page.split("<footer", 1)[1]
        assert f'href="{directory}">Culture community</a>' in footer

    def test_the_menu_marks_the_community_as_current_on_its_pages(self, client):
        page = client.get(reverse("community:directory")).content.decode()
        menu = page.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
        assert 'aria-current="page"' in menu

    def test_only_an_od_lead_of_a_member_trust_is_shown_its_settings(
        self, client_as, trust_a, od_lead_a, sponsor_a, viewer_a
    ):
        make_member(trust_a)
        settings_link = reverse("community:membership", args=[trust_a.ods_code])
        page = client_as(od_lead_a).get(reverse("community:directory")).content.decode()
        assert settings_link in page
        for person in (sponsor_a, viewer_a):
            page = client_as(person).get(reverse("community:directory")).content.decode()
            assert "is a member" in page and settings_link not in page

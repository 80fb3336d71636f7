"""Progress notes on the action plan's actions (who, when, what), and the plan to print and
download. Who may open each page is in the programme matrix (tests/programmes/test_views.py);
here: what the services allow, what the pages show and keep, and what the downloads hold."""

import csv
import datetime
import io
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import TrustMembership, User
from core.exceptions import ApplicationError
from core.models import AuditEvent
from programmes import services
from programmes.constants import ACTION_NOTE_MAX_LENGTH, ActionStatus
from programmes.models import Action, ActionNote, ActivityEntry
from programmes.rules import Permission
from tests.programmes.factories import add_action, start_programme
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
# 5pm and 9:30am, UK time, in March (GMT) and June (BST).
AT_5PM = datetime.datetime(2026, 3, 4, 17, 0, tzinfo=UK)
AT_930AM = datetime.datetime(2026, 6, 10, 9, 30, tzinfo=UK)


@pytest.fixture
def action(programme_a, od_lead_a, change_team_a):
    return add_action(programme_a, od_lead_a, owner=change_team_a, title="Train ward managers")


@pytest.fixture
def viewer_owned(programme_a, od_lead_a, viewer_a):
    """An action owned by a ward manager who holds only the viewer role."""
    return add_action(programme_a, od_lead_a, owner=viewer_a, title="Run ward huddles")


def note(action, actor, text="Cohort one trained", **extra):
    return services.action_note_add(action=action, actor=actor, text=text, **extra)


def fresh(user):
    """The user as their next request sees them (memberships are read once per request)."""
    return User.objects.get(pk=user.pk)


# --- the services ----------------------------------------------------------------------


class TestAddingANote:
    def test_the_team_adds_a_note_with_who_and_when_and_it_is_logged(
        self, action, change_team_a, od_lead_a
    ):
        first = note(action, change_team_a, text="  Cohort one trained: 12 of 14 came.  ")
        second = note(action, od_lead_a, text="Cohort two booked for May")
        assert first.author == change_team_a
        assert first.author_name == "Chris Change"
        assert first.text == "Cohort one trained: 12 of 14 came."
        assert first.written_at is not None
        assert list(action.notes.all()) == [second, first]  # newest first
        summaries = ActivityEntry.objects.filter(summary__startswith="Added a progress note")
        assert {(entry.actor_name, entry.summary) for entry in summaries} == {
            ("Chris Change", "Added a progress note to ‘Train ward managers’"),
            ("Olu Lead", "Added a progress note to ‘Train ward managers’"),
        }

    def test_an_owner_with_the_viewer_role_reports_on_their_own_action(
        self, viewer_owned, action, viewer_a
    ):
        assert note(viewer_owned, viewer_a).author == viewer_a
        with pytest.raises(ApplicationError, match="and the action's owner can add"):
            note(action, viewer_a)  # not theirs

    @pytest.mark.parametrize("role", ["viewer_a", "sponsor_a", "national_admin", "od_lead_b"])
    def test_other_roles_and_other_trusts_are_refused(self, request, action, role):
        with pytest.raises(ApplicationError, match="can add progress notes"):
            note(action, request.getfixturevalue(role))
        assert not ActionNote.objects.exists()

    def test_an_owner_who_left_the_trust_no_longer_adds_notes(self, viewer_owned, viewer_a):
        # A finished action keeps its owner's name after they leave.
        Action.objects.filter(pk=viewer_owned.pk).update(status=ActionStatus.DONE)
        TrustMembership.objects.filter(user=viewer_a).delete()
        with pytest.raises(ApplicationError):
            note(viewer_owned, fresh(viewer_a))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "Enter the progress note"),
            (" \n\t ", "Enter the progress note"),
            ("x" * (ACTION_NOTE_MAX_LENGTH + 1), "must be 2,000 characters or fewer"),
        ],
    )
    def test_a_blank_or_too_long_note_is_refused(self, action, change_team_a, text, message):
        with pytest.raises(ValidationError, match=message):
            note(action, change_team_a, text=text)
        assert not ActionNote.objects.exists()

    def test_a_note_of_the_longest_length_is_kept_whole(self, action, change_team_a):
        text = "x" * ACTION_NOTE_MAX_LENGTH
        assert note(action, change_team_a, text=text).text == text

    def test_a_closed_programme_takes_no_notes(self, programme_a, action, od_lead_a):
        services.programme_close(programme=programme_a, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="This programme has closed"):
            note(action, od_lead_a)
        assert not ActionNote.objects.exists()

    def test_the_same_form_sent_twice_stores_one_note(self, action, change_team_a):
        key = uuid.uuid4()
        first = note(action, change_team_a, submission_key=key)
        again = note(action, change_team_a, submission_key=key)
        assert again == first
        assert ActionNote.objects.count() == 1
        assert ActivityEntry.objects.filter(summary__startswith="Added a progress").count() == 1
        # Another form (another key) is another note, even with the same words.
        note(action, change_team_a, submission_key=uuid.uuid4())
        assert ActionNote.objects.count() == 2

    def test_a_leavers_notes_still_say_who_wrote_them(self, action, change_team_a):
        written = note(action, change_team_a)
        change_team_a.delete()
        written.refresh_from_db()
        assert written.author is None
        assert written.author_name == "Chris Change"


class TestRemovingANote:
    def test_the_author_removes_their_own_note_and_it_is_logged(self, action, change_team_a):
        written = note(action, change_team_a)
        services.action_note_delete(note=written, actor=change_team_a)
        assert not ActionNote.objects.exists()
        assert ActivityEntry.objects.filter(
            actor=change_team_a, summary="Removed a progress note from ‘Train ward managers’"
        ).exists()

    def test_nobody_removes_another_persons_note(self, action, change_team_a, od_lead_a):
        written = note(action, change_team_a)
        with pytest.raises(ApplicationError, match="only remove a progress note you wrote"):
            services.action_note_delete(note=written, actor=od_lead_a)
        assert not od_lead_a.has_perm(Permission.DELETE_ACTION_NOTE, written)
        assert ActionNote.objects.count() == 1

    def test_a_closed_programmes_notes_stay(self, programme_a, action, change_team_a, od_lead_a):
        written = note(action, change_team_a)
        services.programme_close(programme=programme_a, actor=od_lead_a)
        with pytest.raises(ApplicationError, match="This programme has closed"):
            services.action_note_delete(note=written, actor=change_team_a)
        assert not fresh(change_team_a).has_perm(Permission.DELETE_ACTION_NOTE, written)
        assert ActionNote.objects.count() == 1


def test_who_may_add_notes_role_by_role(request, action, viewer_owned):
    roles = ["viewer_a", "change_team_a", "od_lead_a", "sponsor_a", "od_lead_b", "national_admin"]

    def holders(on):
        return {
            role
            for role in roles
            if request.getfixturevalue(role).has_perm(Permission.ADD_ACTION_NOTE, on)
        }

    assert holders(action) == {"change_team_a", "od_lead_a"}
    assert holders(viewer_owned) == {"change_team_a", "od_lead_a", "viewer_a"}


# --- the action's page -------------------------------------------------------------------


def action_url(action):
    return reverse("programmes:action", args=[action.pk])


def add_url(action):
    return reverse("programmes:action-note-add", args=[action.pk])


class TestTheActionsPage:
    def test_notes_read_newest_first_with_who_and_when(
        self, client_as, action, change_team_a, od_lead_a, viewer_a
    ):
        note(action, change_team_a, text="Cohort one trained", written_at=AT_5PM)
        note(action, od_lead_a, text="Cohort two booked\nfor May", written_at=AT_930AM)
        html = client_as(viewer_a).get(action_url(action)).content.decode()
        later = html.index("Olu Lead</strong>")
        earlier = html.index("Chris Change</strong>")
        assert later < earlier
        assert "10 June 2026 at 9:30am" in html
        assert "4 March 2026 at 5pm" in html
        assert "Cohort two booked<br>for May" in html
        assert "2 notes, newest first." in html
        # A viewer reads the notes but is offered no form and no remove button.
        assert "Add a progress note" not in html
        assert 'name="text"' not in html
        assert "Remove your note" not in html

    def test_the_team_gets_the_form_and_the_author_alone_a_remove_button(
        self, client, client_as, action, change_team_a, od_lead_a
    ):
        note(action, change_team_a)
        html = client_as(od_lead_a).get(action_url(action)).content.decode()
        assert "Add a progress note" in html
        assert f'action="{add_url(action)}"' in html
        assert 'name="submission_key"' in html
        assert "Remove your note" not in html
        client.logout()
        html = client_as(change_team_a).get(action_url(action)).content.decode()
        assert "Remove your note" in html

    def test_adding_a_note_goes_back_to_the_notes(self, client_as, action, change_team_a):
        response = client_as(change_team_a).post(
            add_url(action), {"text": "Cohort one trained", "submission_key": str(uuid.uuid4())}
        )
        assert response.status_code == 302
        assert response.url == f"{action_url(action)}#notes"
        assert ActionNote.objects.get().text == "Cohort one trained"
        page = client_as(change_team_a).get(response.url).content.decode()
        assert "Your progress note is added" in page
        assert "Cohort one trained" in page

    def test_an_owner_with_the_viewer_role_adds_a_note_from_the_page(
        self, client_as, viewer_owned, viewer_a
    ):
        client = client_as(viewer_a)
        assert "Add a progress note" in client.get(action_url(viewer_owned)).content.decode()
        response = client.post(add_url(viewer_owned), {"text": "Huddles start on Monday"})
        assert response.status_code == 302
        assert ActionNote.objects.get().author == viewer_a

    def test_a_blank_note_says_so_plainly(self, client_as, action, change_team_a):
        response = client_as(change_team_a).post(add_url(action), {"text": "   "})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert html.count("Enter the progress note") == 2  # the summary and the field
        assert "<title>Error: Train ward managers" in html
        assert not ActionNote.objects.exists()

    def test_a_too_long_note_says_so_and_keeps_what_was_typed(
        self, client_as, action, change_team_a
    ):
        typed = "We met the matrons. " * 101  # 2,019 characters once the last space goes
        key = str(uuid.uuid4())
        response = client_as(change_team_a).post(
            add_url(action), {"text": typed, "submission_key": key}
        )
        html = response.content.decode()
        assert "The progress note must be 2,000 characters or fewer (it has 2019)" in html
        assert typed.strip() in html
        assert f'value="{key}"' in html  # the same form, so a resend is still one note
        assert not ActionNote.objects.exists()

    def test_a_double_submit_stores_one_note(self, client_as, action, change_team_a):
        client = client_as(change_team_a)
        form = {"text": "Cohort one trained", "submission_key": str(uuid.uuid4())}
        first = client.post(add_url(action), form)
        second = client.post(add_url(action), form)
        assert first.status_code == second.status_code == 302
        assert ActionNote.objects.count() == 1

    def test_each_showing_of_the_form_carries_a_new_key(self, client_as, action, change_team_a):
        client = client_as(change_team_a)
        keys = {
            client.get(action_url(action)).context["form"]["submission_key"].value()
            for _ in range(2)
        }
        assert len(keys) == 2

    def test_a_closed_programme_shows_its_notes_and_takes_no_more(
        self, client_as, programme_a, action, change_team_a, od_lead_a
    ):
        note(action, change_team_a, text="Cohort one trained")
        services.programme_close(programme=programme_a, actor=od_lead_a)
        client = client_as(od_lead_a)
        html = client.get(action_url(action)).content.decode()
        assert "Cohort one trained" in html
        assert "Add a progress note" not in html
        assert client.post(add_url(action), {"text": "Late news"}).status_code == 403
        assert ActionNote.objects.count() == 1

    def test_another_trust_cannot_read_or_write_the_notes(
        self, client_as, action, change_team_a, od_lead_b
    ):
        written = note(action, change_team_a)
        client = client_as(od_lead_b)
        assert client.get(action_url(action)).status_code == 404
        assert client.post(add_url(action), {"text": "x"}).status_code == 404
        remove = reverse("programmes:action-note-delete", args=[written.pk])
        assert client.post(remove).status_code == 404
        assert ActionNote.objects.count() == 1

    def test_the_author_removes_their_note_from_the_page(self, client_as, action, change_team_a):
        written = note(action, change_team_a)
        response = client_as(change_team_a).post(
            reverse("programmes:action-note-delete", args=[written.pk])
        )
        assert response.url == f"{action_url(action)}#notes"
        assert not ActionNote.objects.exists()

    def test_the_page_reads_a_fixed_number_of_queries(
        self, client_as, action, change_team_a, od_lead_a, django_assert_max_num_queries
    ):
        client = client_as(change_team_a)
        url = action_url(action)
        for number in range(30):
            note(action, (change_team_a, od_lead_a)[number % 2], text=f"Note {number}")
        client.get(url)
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


# --- the action plan: its page, the printed plan and the download ------------------------


@pytest.fixture
def plan(programme_a, od_lead_a, change_team_a, viewer_a):
    """Three actions: one with two notes, one whose owner left, one with no notes."""
    trained = add_action(
        programme_a,
        od_lead_a,
        owner=change_team_a,
        title="Train ward managers",
        due_on=datetime.date(2026, 6, 30),
    )
    note(trained, change_team_a, text="Cohort one trained", written_at=AT_5PM)
    note(trained, od_lead_a, text='=HYPERLINK("http://evil")', written_at=AT_930AM)
    huddles = add_action(
        programme_a,
        od_lead_a,
        owner=viewer_a,
        title="Run ward huddles",
        due_on=datetime.date(2026, 5, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    note(huddles, viewer_a, text="Huddles run on two wards", written_at=AT_5PM)
    Action.objects.filter(pk=huddles.pk).update(owner=None, owner_left=True)
    add_action(
        programme_a,
        od_lead_a,
        owner=od_lead_a,
        title="Re-run the survey",
        due_on=datetime.date(2026, 9, 1),
        element="",
    )
    return programme_a


def export(client, programme, file_format):
    return client.get(reverse("programmes:action-plan-export", args=[programme.pk, file_format]))


class TestTheDownload:
    HEADER = [
        "Action",
        "Strategy priority",
        "Cultural element",
        "Owner",
        "Due",
        "Status",
        "Note written by",
        "Note written at (UK time)",
        "Progress note",
    ]

    def test_the_csv_has_every_action_and_every_note_with_who_when_and_what(
        self, client_as, plan, viewer_a
    ):
        response = export(client_as(viewer_a), plan, "csv")
        assert response["Content-Disposition"] == 'attachment; filename="action-plan-raa.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == [
            self.HEADER,
            [
                "Run ward huddles",
                "",
                "Support and compassion",
                "No owner (they left the team)",
                "2026-05-01",
                "In progress",
                "Vera Viewer",
                "2026-03-04 17:00:00",
                "Huddles run on two wards",
            ],
            [
                "Train ward managers",
                "",
                "Support and compassion",
                "Chris Change",
                "2026-06-30",
                "Not started",
                "Olu Lead",
                "2026-06-10 09:30:00",
                # A note a spreadsheet would run as a formula stays text.
                '\'=HYPERLINK("http://evil")',
            ],
            [
                "Train ward managers",
                "",
                "Support and compassion",
                "Chris Change",
                "2026-06-30",
                "Not started",
                "Chris Change",
                "2026-03-04 17:00:00",
                "Cohort one trained",
            ],
            ["Re-run the survey", "", "", "Olu Lead", "2026-09-01", "Not started", "", "", ""],
        ]

    def test_the_excel_file_holds_the_same_with_real_dates(self, client_as, plan, od_lead_a):
        response = export(client_as(od_lead_a), plan, "xlsx")
        sheet = load_workbook(io.BytesIO(response.content))["Action plan"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == self.HEADER
        assert rows[2][0] == "Train ward managers"
        # Cells of dates and times, in UK time (a spreadsheet has no time zones).
        assert rows[2][4].isoformat() == "2026-06-30T00:00:00"
        assert rows[2][6] == "Olu Lead"
        assert rows[2][7].isoformat() == "2026-06-10T09:30:00"
        assert rows[2][8] == '\'=HYPERLINK("http://evil")'
        assert len(rows) == 5

    def test_a_download_is_in_the_audit_log_and_other_formats_are_not_found(
        self, client_as, plan, od_lead_a
    ):
        client = client_as(od_lead_a)
        export(client, plan, "csv")
        event = AuditEvent.objects.get(action="programmes.action_plan_export")
        assert event.actor == od_lead_a
        assert event.detail == {"programme": plan.pk, "format": "csv"}
        assert event.target == "Trust A NHS Foundation Trust: Trust A Together"
        assert export(client, plan, "pdf").status_code == 404

    def test_another_trust_gets_nothing(self, client_as, plan, od_lead_b):
        assert export(client_as(od_lead_b), plan, "csv").status_code == 404
        assert not AuditEvent.objects.filter(action="programmes.action_plan_export").exists()


class TestThePlanPages:
    def test_the_plan_shows_each_actions_latest_note_and_how_many(self, client_as, plan, viewer_a):
        html = (
            client_as(viewer_a).get(reverse("programmes:actions", args=[plan.pk])).content.decode()
        )
        assert "Olu Lead,\n" in html
        assert "10 Jun 2026 at 9:30am" in html
        assert "2 progress notes" in html
        assert "1 progress note<" in html
        assert "No progress notes yet" in html
        assert "Cohort one trained" not in html  # only the latest shows here
        assert "No owner (they left the team)" in html
        assert reverse("programmes:action-plan-print", args=[plan.pk]) in html
        assert reverse("programmes:action-plan-export", args=[plan.pk, "csv"]) in html

    def test_the_printed_plan_has_every_note_of_every_action(self, client_as, plan, sponsor_a):
        html = (
            client_as(sponsor_a)
            .get(reverse("programmes:action-plan-print", args=[plan.pk]))
            .content.decode()
        )
        for text in (
            "Cohort one trained",
            "Huddles run on two wards",
            "4 March 2026 at 5pm",
            "10 June 2026 at 9:30am",
            "2 progress notes",
            "No progress notes yet.",
            "No owner (they left the team)",
            "Print or save as PDF",
        ):
            assert text in html, text
        # Soonest due first; an action's notes newest first.
        assert html.index("Run ward huddles") < html.index("Train ward managers")
        assert html.index("Re-run the survey") > html.index("Train ward managers")
        assert html.index("HYPERLINK") < html.index("Cohort one trained")

    @pytest.mark.parametrize("url_name", ["programmes:actions", "programmes:action-plan-print"])
    def test_the_plan_reads_a_fixed_number_of_queries(
        self,
        client_as,
        programme_a,
        od_lead_a,
        change_team_a,
        url_name,
        django_assert_max_num_queries,
    ):
        client = client_as(od_lead_a)
        url = reverse(url_name, args=[programme_a.pk])

        def add(count):
            for number in range(count):
                action = add_action(
                    programme_a, od_lead_a, owner=change_team_a, title=f"Action {number}"
                )
                for written in range(4):
                    note(action, change_team_a, text=f"Note {written} on {number}")

        add(1)
        client.get(url)
        with django_assert_max_num_queries(8) as few:
            assert client.get(url).status_code == 200
        add(25)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200


def test_the_trusts_data_export_holds_the_notes(client_as, plan, od_lead_a, programme_b, od_lead_b):
    from tests.accounts.test_trust_export import URL, tables

    other = add_action(programme_b, od_lead_b, owner=od_lead_b, title="Trust B's action")
    note(other, od_lead_b, text="Trust B's note")
    found = tables(client_as(od_lead_a).post(URL))
    trained = next(row for row in found["actions"] if row["title"] == "Train ward managers")
    notes = [row for row in found["action_notes"] if row["action_id"] == trained["id"]]
    assert {(row["author_name"], row["text"]) for row in notes} == {
        ("Chris Change", "Cohort one trained"),
        ("Olu Lead", '\'=HYPERLINK("http://evil")'),
    }
    assert len(found["action_notes"]) == 3  # not trust B's


def test_the_demo_has_progress_notes_once(seeded_demo, client):
    from django.core.management import call_command

    panel = Action.objects.get(title="Launch the ideas fast-track panel")
    assert [n.author_name for n in panel.notes.all()] == [
        panel.owner.full_name,
        "Olivia Okafor",
        panel.owner.full_name,
    ]
    assert ActionNote.objects.filter(action__programme__trust__ods_code="RTF").count() == 6
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "0 progress notes" in output.getvalue()
    assert ActionNote.objects.count() == 6
    client.force_login(User.objects.get(email="change.team@demo.nhs.uk"))
    html = client.get(reverse("programmes:action", args=[panel.pk])).content.decode()
    assert "The panel met for the first time" in html
    assert "Add a progress note" in html


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_sends_of_one_form_store_one_note(trust_a, od_lead_a, change_team_a):
    """The same form sent ten times at once (a stuck button pressed again and again, a
    browser retrying): the programme's row lock queues them, and one note is stored."""
    require_postgresql()
    programme = start_programme(trust_a, od_lead_a, change_team=[change_team_a])
    action = add_action(programme, od_lead_a, owner=change_team_a)
    form = {"text": "Cohort one trained", "submission_key": str(uuid.uuid4())}
    statuses, barrier = [], threading.Barrier(10)

    def send():
        client = Client()
        client.force_login(change_team_a)
        barrier.wait()
        statuses.append(client.post(add_url(action), form).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 10
    assert ActionNote.objects.filter(action=action).count() == 1
    assert ActivityEntry.objects.filter(summary__startswith="Added a progress note").count() == 1

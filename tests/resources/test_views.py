"""Library pages for every persona, the curation workflow and page feedback."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources import services
from resources.csv_import import parse_resource_csv
from resources.forms import feedback_token
from resources.models import PageFeedback, Resource, ResourceStatus
from tests.conftest import PERSONAS
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_ONLY,
    matrix_tests,
)

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(PERSONAS, OK)
CURATORS = {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK}


def pdf(name="guide.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 a tiny test document\n%%EOF\n")


def make_resource(author, *, title="Running a synthesis event", publish_by=None, **overrides):
    fields = {
        "title": title,
        "summary": "How to plan the day that brings the diagnostic tools together.",
        "body": "## Before the day\n\nBook a room.\n\n- Invite the change team\n",
        "kind": "guide",
        "phases": ["discover"],
        "tools": [],
        "elements": ["teamwork"],
        "audience": ["od_leads"],
        "link": "",
        "owner": author,
        "review_due": None,
        "featured": False,
    }
    fields.update(overrides)
    upload = fields.pop("file", None)
    resource = services.resource_create(actor=author, file=upload, **fields)
    if publish_by is not None:
        services.resource_submit(resource=resource, actor=author)
        resource = services.resource_approve(resource=resource, actor=publish_by)
    return resource


@pytest.fixture
def second_curator(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(full_name="Cara Curator", national_admin=True)


@pytest.fixture
def objects(national_admin, second_curator):
    published = make_resource(
        second_curator, title="Published guide", publish_by=national_admin, file=pdf()
    )
    draft = make_resource(national_admin, title="Draft guide", link="https://example.org/x")
    feedback = services.page_feedback_submit(path="/resources/published-guide/", message="Typo")
    return {"published": published, "draft": draft, "feedback": feedback}


MATRIX = {
    "resources:library": (lambda o: {}, EVERYONE),
    "resources:detail": (lambda o: {"slug": o["published"].slug}, EVERYONE),
    "resources:download": (lambda o: {"slug": o["published"].slug}, EVERYONE),
    "resources:feedback": (lambda o: {}, EVERYONE),
    "resources:curate": (lambda o: {}, CURATORS),
    "resources:curate-new": (lambda o: {}, CURATORS),
    "resources:curate-import": (lambda o: {}, CURATORS),
    "resources:curate-import-example": (lambda o: {}, CURATORS),
    "resources:curate-feedback": (lambda o: {}, CURATORS),
    "resources:curate-feedback-action": (lambda o: {"pk": o["feedback"].pk}, POST_ONLY),
    "resources:curate-resource": (lambda o: {"pk": o["draft"].pk}, CURATORS),
    "resources:curate-edit": (lambda o: {"pk": o["draft"].pk}, CURATORS),
    "resources:curate-file": (lambda o: {"pk": o["published"].pk}, CURATORS),
    "resources:curate-submit": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "resources:curate-approve": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "resources:curate-return": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "resources:curate-archive": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
    "resources:curate-restore": (lambda o: {"pk": o["draft"].pk}, POST_ONLY),
}
CURATOR_POSTS = {**CURATORS, "national_admin": 302}
POST_MATRIX = {
    "resources:curate-feedback-action": ({}, CURATOR_POSTS),
    "resources:curate-submit": ({}, CURATOR_POSTS),
    # A draft cannot be returned: the review page again, saying so.
    "resources:curate-return": ({"comment": "More detail"}, CURATORS),
    "resources:curate-archive": ({}, CURATOR_POSTS),
    "resources:curate-restore": ({}, CURATOR_POSTS),
    # The draft's author is this national admin: approving their own is forbidden.
    "resources:curate-approve": ({}, CURATORS | {"national_admin": FORBIDDEN}),
}

(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX)


class TestPublicLibrary:
    def test_drafts_archived_and_scheduled_resources_are_not_public(
        self, client, objects, national_admin, second_curator
    ):
        import datetime

        from django.utils import timezone

        later = make_resource(second_curator, title="Scheduled guide", link="https://e.org/")
        services.resource_submit(resource=later, actor=second_curator)
        services.resource_approve(
            resource=later,
            actor=national_admin,
            publish_at=timezone.now() + datetime.timedelta(days=3),
        )
        html = client.get(reverse("resources:library")).content.decode()
        assert "Published guide" in html
        assert "Draft guide" not in html and "Scheduled guide" not in html
        for resource in (objects["draft"], later):
            url = reverse("resources:detail", args=[resource.slug])
            assert client.get(url).status_code == NOT_FOUND

    def test_search_facets_and_counts(self, client, national_admin, second_curator):
        make_resource(
            second_curator,
            title="Board interview guide",
            publish_by=national_admin,
            link="https://e.org/1",
            tools=["board_interviews"],
        )
        make_resource(
            second_curator,
            title="Focus group checklist",
            publish_by=national_admin,
            link="https://e.org/2",
            kind="tool",
            tools=["focus_groups"],
            body="Keep **interview** questions open.",
        )
        html = client.get(reverse("resources:library"), {"q": "interview"}).content.decode()
        assert "2 resources for ‘interview’" in html
        assert html.index("Board interview guide") < html.index("Focus group checklist")
        html = client.get(
            reverse("resources:library"), {"q": "interview", "kind": "tool"}
        ).content.decode()
        assert "1 resource for ‘interview’" in html
        assert "Guide (1)" in html  # the kind facet still counts the other kinds

    def test_the_audience_facet_filters_and_counts(self, client, national_admin, second_curator):
        make_resource(
            second_curator,
            title="Briefing for the board",
            publish_by=national_admin,
            link="https://e.org/1",
            audience=["boards"],
        )
        make_resource(
            second_curator,
            title="Running the staff survey",
            publish_by=national_admin,
            link="https://e.org/2",
            audience=["od_leads", "analysts"],
        )
        html = client.get(reverse("resources:library")).content.decode()
        assert '<label class="nhsuk-label" for="facet-audience">Who it is for</label>' in html
        assert "Boards and sponsors (1)" in html and "Analysts (1)" in html
        html = client.get(reverse("resources:library"), {"audience": "boards"}).content.decode()
        assert "Briefing for the board" in html and "Running the staff survey" not in html
        assert "OD leads and change teams (1)" in html  # the other audiences still counted

    def test_unknown_filters_and_pages_are_ignored(self, client, objects):
        response = client.get(
            reverse("resources:library"), {"kind": "nonsense", "page": "999", "sort": "x"}
        )
        assert response.status_code == 200

    def test_downloads_are_counted_without_tracking_anyone(self, client, objects):
        resource = objects["published"]
        response = client.get(reverse("resources:download", args=[resource.slug]))
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        client.get(reverse("resources:detail", args=[resource.slug]))
        resource.refresh_from_db()
        assert (resource.download_count, resource.view_count) == (1, 1)


class TestCuration:
    def test_a_resource_goes_from_draft_through_review_to_published(
        self, client_as, national_admin, second_curator
    ):
        client = client_as(national_admin)
        response = client.post(
            reverse("resources:curate-new"),
            {
                "title": "Reading an SPC chart",
                "summary": "What the lines and colours mean.",
                "body": "## The mean\n\nThe middle line.",
                "kind": "guide",
                "elements": ["goals_performance"],
                "tools": ["outcomes_dashboard"],
                "link": "",
                "file": pdf("spc.pdf"),
            },
        )
        resource = Resource.objects.get(title="Reading an SPC chart")
        assert response.url == reverse("resources:curate-resource", args=[resource.pk])
        assert resource.file_kind == "pdf" and resource.status == ResourceStatus.DRAFT
        client.post(reverse("resources:curate-submit", args=[resource.pk]))
        page = client.get(reverse("resources:curate-resource", args=[resource.pk]))
        assert b"Another curator must review it" in page.content
        refused = client.post(reverse("resources:curate-approve", args=[resource.pk]))
        assert refused.status_code == 403
        said = " ".join(refused.content.decode().split())
        assert "Ask another curator to review and approve it" in said
        assert "OD lead" not in said
        second = client_as(second_curator)
        page = second.get(reverse("resources:curate-resource", args=[resource.pk])).content.decode()
        assert "What changed since it was last reviewed" in page
        assert "Cultural elements" in page and "Goals and performance" in page
        second.post(reverse("resources:curate-approve", args=[resource.pk]))
        resource.refresh_from_db()
        assert (
            resource.status == ResourceStatus.PUBLISHED and resource.published_by == second_curator
        )
        assert resource.review_due is not None
        actions = list(resource.revisions.order_by("number").values_list("action", flat=True))
        assert actions == ["created", "sent for review", "approved and published"]

    def test_returning_needs_a_comment(self, client_as, national_admin, second_curator, objects):
        draft = objects["draft"]
        services.resource_submit(resource=draft, actor=national_admin)
        client = client_as(second_curator)
        client.post(reverse("resources:curate-return", args=[draft.pk]), {"comment": ""})
        draft.refresh_from_db()
        assert draft.status == ResourceStatus.IN_REVIEW
        client.post(
            reverse("resources:curate-return", args=[draft.pk]), {"comment": "Add a source"}
        )
        draft.refresh_from_db()
        assert draft.status == ResourceStatus.DRAFT
        assert draft.revisions.first().comment == "Add a source"

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("setup.exe", b"MZ\x90\x00", "must be a PDF"),
            ("report.pdf", b"MZ\x90\x00 renamed program", "must be a PDF"),
            ("empty.pdf", b"", "The file is empty"),
            ("notes.docx", b"just some text", "says it is a DOCX"),
        ],
    )
    def test_bad_uploads_are_refused_and_nothing_is_saved(
        self, client_as, national_admin, name, content, message
    ):
        response = client_as(national_admin).post(
            reverse("resources:curate-new"),
            {
                "title": "Bad file",
                "summary": "x",
                "kind": "guide",
                "phases": ["discover"],
                "file": SimpleUploadedFile(name, content),
            },
        )
        assert message in response.content.decode()
        assert not Resource.objects.filter(title="Bad file").exists()

    def test_an_oversize_upload_is_refused(self, client_as, national_admin, settings):
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024 + 10))
        response = client_as(national_admin).post(
            reverse("resources:curate-new"),
            {"title": "Big", "summary": "x", "kind": "guide", "phases": ["discover"], "file": big},
        )
        assert "25 MB" in response.content.decode()
        assert not Resource.objects.filter(title="Big").exists()

    def test_markdown_with_script_renders_harmless(self, client, national_admin, second_curator):
        resource = make_resource(
            second_curator,
            title="Hostile body",
            publish_by=national_admin,
            link="https://e.org/",
            body="<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
            '<iframe src="https://evil"></iframe> <img src=x onerror=alert(1)>',
        )
        html = client.get(reverse("resources:detail", args=[resource.slug])).content.decode()
        body = html[html.index('class="portal-resource-body"') :]
        body = body[: body.index("</div>")]
        assert "<script" not in body and "<iframe" not in body and "<img" not in body
        assert 'href="javascript' not in body

    def test_csv_import_rows_and_row_level_errors(self, client_as, national_admin):
        client = client_as(national_admin)
        header = "title,summary,kind,phases,tools,elements,audience,link,owner_email,review_due\n"
        bad = header + "A,Sum,guide,discover,,teamwork,od_leads,https://e.org/a,nobody@x.nhs.uk,\n"
        response = client.post(
            reverse("resources:curate-import"),
            {"file": SimpleUploadedFile("r.csv", bad.encode())},
        )
        assert "Row 2: no account has the e-mail address" in response.content.decode()
        assert not Resource.objects.exists()
        good = header + (
            f"Guide A,Sum,guide,Discover,,teamwork,od_leads,https://e.org/a,"
            f"{national_admin.email},\n"
            f"Guide B,Sum,tool,design;deliver,,Teamwork,,https://e.org/b,{national_admin.email},"
            "2027-01-01\n"
        )
        response = client.post(
            reverse("resources:curate-import"),
            {"file": SimpleUploadedFile("r.csv", good.encode())},
        )
        assert response.status_code == 302
        assert Resource.objects.filter(status=ResourceStatus.DRAFT).count() == 2
        assert Resource.objects.get(title="Guide B").phases == ["design", "deliver"]

    def test_the_import_page_offers_an_example_that_passes_the_imports_checks(
        self, client_as, national_admin
    ):
        client = client_as(national_admin)
        example_url = reverse("resources:curate-import-example")
        page = client.get(reverse("resources:curate-import")).content.decode()
        assert f'href="{example_url}"' in page
        assert "Download an example CSV" in page
        response = client.get(example_url)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"] == 'attachment; filename="library-import-example.csv"'
        )
        parsed = parse_resource_csv(response.content)
        assert parsed.errors == []
        assert parsed.rows
        assert {row.owner_email for row in parsed.rows} == {national_admin.email.lower()}
        # The checks against the library the import makes, without saving anything.
        assert services.resources_import_check(parsed.rows)[1] == []
        assert not Resource.objects.exists()
        # And uploaded as it is, it imports.
        uploaded = client.post(
            reverse("resources:curate-import"),
            {"file": SimpleUploadedFile("library-import-example.csv", response.content)},
        )
        assert uploaded.status_code == 302
        assert Resource.objects.count() == len(parsed.rows)

    def test_a_binary_file_uploaded_for_import_is_called_not_a_csv_file(
        self, client_as, national_admin
    ):
        response = client_as(national_admin).post(
            reverse("resources:curate-import"),
            {"file": SimpleUploadedFile("resources.csv", b"\x89PNG\r\n\x1a\n\x00\x00 image")},
        )
        page = " ".join(response.content.decode().split())
        assert "The selected file is not a CSV file" in page
        assert "UTF-16" not in page
        assert not Resource.objects.exists()


class TestPageFeedback:
    def test_anyone_can_report_a_problem_and_identifiers_are_removed(self, client, monkeypatch):
        from resources import forms

        token = feedback_token()
        monkeypatch.setattr(forms, "FEEDBACK_MIN_SECONDS", 0)
        response = client.post(
            reverse("resources:feedback"),
            {
                "page": "/resources/",
                "token": token,
                "website": "",
                "message": "Broken link. Email me at jo.bloggs@example.nhs.uk",
            },
        )
        assert response.status_code == 302 and response.url == "/resources/"
        feedback = PageFeedback.objects.get()
        assert "jo.bloggs@example.nhs.uk" not in feedback.message
        assert feedback.path == "/resources/"

    def test_names_in_a_message_are_removed_before_it_is_stored(self, client, monkeypatch):
        from resources import forms

        monkeypatch.setattr(forms, "FEEDBACK_MIN_SECONDS", 0)
        client.post(
            reverse("resources:feedback"),
            {
                "page": "/resources/",
                "token": feedback_token(),
                "website": "",
                "message": "Jane Doe here. I spoke to Dr Patel and Mohammed Khan said the "
                "PDF is broken. Regards, Sarah",
            },
        )
        stored = PageFeedback.objects.get().message
        for name in ("Jane", "Doe", "Patel", "Mohammed", "Khan", "Sarah"):
            assert name not in stored, stored
        assert stored == (
            "[name removed] here. I spoke to Dr [name removed] and [name removed] said the "
            "PDF is broken. Regards, [name removed]"
        )

    def test_the_form_says_honestly_what_is_removed(self, client):
        page = " ".join(client.get(reverse("resources:feedback")).content.decode().split())
        assert "We take out the names, email addresses and phone numbers we recognise" in page
        assert "an unusual name can be missed" in page

    def test_bots_are_turned_away(self, client):
        for data in (
            {"page": "/", "token": feedback_token(), "message": "spam", "website": "http://x"},
            {"page": "/", "token": "forged", "message": "spam"},
            {"page": "/", "token": feedback_token(), "message": "too quick"},
        ):
            response = client.post(reverse("resources:feedback"), data)
            assert b"could not be sent" in response.content
        assert not PageFeedback.objects.exists()

    def test_an_empty_message_is_shown_with_an_error(self, client, monkeypatch):
        from resources import forms

        monkeypatch.setattr(forms, "FEEDBACK_MIN_SECONDS", 0)
        response = client.post(
            reverse("resources:feedback"), {"page": "/", "token": feedback_token(), "message": ""}
        )
        assert b"Tell us what is wrong with the page" in response.content

    def test_the_form_is_on_every_page(self, client):
        for url in ("/", reverse("resources:library"), "/sign-in/"):
            assert b"Is there anything wrong with this page?" in client.get(url).content

    def test_feedback_about_a_resource_is_counted_against_it(
        self, client_as, objects, national_admin
    ):
        html = client_as(national_admin).get(reverse("resources:curate")).content.decode()
        assert "Page feedback (1 open)" in html
        assert objects["feedback"].resource == objects["published"]


def test_library_query_count_does_not_grow(
    client, national_admin, second_curator, django_assert_max_num_queries
):
    for number in range(25):
        make_resource(
            second_curator,
            title=f"Guide {number}",
            publish_by=national_admin,
            link=f"https://e.org/{number}",
        )
    client.get(reverse("resources:library"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("resources:library"), {"q": "guide"}).status_code == 200


def test_recommendations_appear_on_programme_steps(
    client_as, od_lead_a, programme_a, national_admin, second_curator
):
    make_resource(
        second_curator,
        title="Board interview record sheet",
        publish_by=national_admin,
        link="https://e.org/r",
        phases=["discover"],
        tools=["board_interviews"],
    )
    html = (
        client_as(od_lead_a)
        .get(reverse("programmes:phase", args=[programme_a.pk, "discover"]))
        .content.decode()
    )
    assert "Resources for this step" in html and "Board interview record sheet" in html


def test_results_overview_recommends_resources_for_its_lowest_elements(
    client_as, od_lead_a, trust_a, national_admin, second_curator
):
    from diagnostics.constants import WaveStatus
    from diagnostics.results.services import wave_results_refresh
    from tests.diagnostics.factories import WaveFactory, add_responses, build_version

    wave = WaveFactory(
        trust=trust_a,
        status=WaveStatus.CLOSED,
        threshold_k=5,
        version=build_version(sections=2, items_per_section=3),
    )
    add_responses(wave, 12)
    wave_results_refresh(wave_id=wave.pk)
    for element in (
        "vision_values",
        "goals_performance",
        "support_compassion",
        "teamwork",
        "learning_innovation",
        "equity_inclusion",
    ):
        make_resource(
            second_curator,
            title=f"About {element}",
            publish_by=national_admin,
            link="https://e.org/",
            elements=[element],
        )
    html = client_as(od_lead_a).get(reverse("diagnostics:results", args=[wave.pk])).content
    assert b"Resources for the lowest-scoring elements" in html


def test_search_snippets_are_highlighted_and_escaped(client, national_admin, second_curator):
    """Full-text search and its highlighted snippets are PostgreSQL's (CI runs on it)."""
    from tests.services import require_postgresql

    require_postgresql()
    make_resource(
        second_curator,
        title="Handover notes",
        publish_by=national_admin,
        link="https://e.org/",
        body="When a < b the interviews went well, and other interviewing tips.",
    )
    html = client.get(reverse("resources:library"), {"q": "interview"}).content.decode()
    assert "<mark>interviews</mark>" in html  # stemmed: interview matches interviews
    assert "a &lt; b" in html


def test_a_script_in_a_resources_text_comes_out_escaped_in_its_snippet(
    client, national_admin, second_curator
):
    from resources.models import Resource

    resource = make_resource(
        second_curator,
        title="Handover notes",
        publish_by=national_admin,
        link="https://e.org/",
        body="Before the interview.",
    )
    # The plain text searched (the body's tags are stripped from it, but its text may hold
    # anything, such as an escaped tag written out).
    Resource.objects.filter(pk=resource.pk).update(
        body_text="Before <script>alert('x')</script> the interview went well."
    )
    html = client.get(reverse("resources:library"), {"q": "interview"}).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>interview</mark>" in html
    assert "<script>alert(" not in html


class TestChangingAPublishedResource:
    def test_changes_wait_for_review_while_the_library_shows_the_published_version(
        self, client, client_as, objects, national_admin, second_curator
    ):
        published = objects["published"]  # written by second_curator, approved by admin
        data = {
            "title": "Published guide",
            "summary": "A new summary nobody has reviewed",
            "body": "",
            "kind": "guide",
            "phases": ["discover"],
            "link": "",
        }
        editor = client_as(second_curator)
        response = editor.post(reverse("resources:curate-edit", args=[published.pk]), data)
        copy = Resource.objects.get(replaces=published)
        assert response.url == reverse("resources:curate-resource", args=[copy.pk])
        public = client.get(reverse("resources:detail", args=[published.slug])).content.decode()
        assert "A new summary nobody has reviewed" not in public
        # A second edit changes the same copy rather than making another.
        editor.post(reverse("resources:curate-edit", args=[published.pk]), data)
        assert Resource.objects.filter(replaces=published).count() == 1
        editor.post(reverse("resources:curate-submit", args=[copy.pk]))
        page = editor.get(reverse("resources:curate-resource", args=[copy.pk])).content.decode()
        assert "What would change in the published version" in page
        refused = editor.post(reverse("resources:curate-approve", args=[copy.pk]))
        assert refused.status_code == 403
        assert "Ask another curator" in refused.content.decode()
        assert Resource.objects.get(pk=copy.pk).status == ResourceStatus.IN_REVIEW
        client_as(national_admin).post(reverse("resources:curate-approve", args=[copy.pk]))
        published.refresh_from_db()
        assert published.summary == "A new summary nobody has reviewed"
        assert published.status == ResourceStatus.PUBLISHED
        assert not Resource.objects.filter(replaces=published).exists()
        assert published.revisions.first().action == "approved changes and published them"

    def test_proposed_changes_can_be_discarded(self, client_as, objects, second_curator):
        published = objects["published"]
        copy = services.resource_update(
            resource=published,
            actor=second_curator,
            summary="Maybe",
            title=published.title,
            body="",
            kind="guide",
            phases=["discover"],
            tools=[],
            elements=[],
            audience=[],
            link="",
            owner=None,
            review_due=None,
            featured=False,
        )
        client_as(second_curator).post(reverse("resources:curate-archive", args=[copy.pk]))
        assert not Resource.objects.filter(pk=copy.pk).exists()
        published.refresh_from_db()
        assert published.status == ResourceStatus.PUBLISHED and published.summary != "Maybe"

    def test_a_title_too_long_is_said_in_plain_english(self, client_as, national_admin):
        response = client_as(national_admin).post(
            reverse("resources:curate-new"),
            {"title": "T" * 201, "summary": "S", "kind": "guide", "link": "https://e.org/"},
        )
        page = " ".join(response.content.decode().split())
        assert '<a href="#id_title">Title must be 200 characters or fewer</a>' in page
        assert "Ensure this value" not in page
        assert not Resource.objects.exists()

    def test_approving_your_own_draft_says_to_send_it_for_review_first(
        self, client_as, objects, national_admin
    ):
        draft = objects["draft"]
        refused = client_as(national_admin).post(
            reverse("resources:curate-approve", args=[draft.pk])
        )
        said = " ".join(refused.content.decode().split())
        assert refused.status_code == 403
        assert "Send it for review, then ask another curator" in said
        assert "OD lead" not in said
        assert Resource.objects.get(pk=draft.pk).status == ResourceStatus.DRAFT

    def test_editing_a_resource_in_review_takes_it_back_to_draft(self, objects, national_admin):
        draft = objects["draft"]
        services.resource_submit(resource=draft, actor=national_admin)
        services.resource_update(
            resource=draft,
            actor=national_admin,
            summary="Changed after sending",
            title=draft.title,
            body=draft.body,
            kind="guide",
            phases=["discover"],
            tools=[],
            elements=[],
            audience=[],
            link=draft.link,
            owner=None,
            review_due=None,
            featured=False,
        )
        draft.refresh_from_db()
        assert draft.status == ResourceStatus.DRAFT


def test_survey_pages_link_to_the_feedback_form_and_it_goes_back_to_the_page(client):
    response = client.get(reverse("resources:feedback"), {"page": "//evil.example/"})
    assert b'name="page" value="/"' in response.content  # another site is never the target
    response = client.get(reverse("resources:feedback"), {"page": "/s/some-survey/"})
    assert b'value="/s/some-survey/"' in response.content
    assert b"Do not include personal, sensitive or confidential information" in response.content


def test_search_orders_and_pages_on_postgresql(client, national_admin, second_curator):
    """The ranked search works out order and facets from the match's rows (PostgreSQL)."""
    import datetime

    from django.utils import timezone

    from tests.services import require_postgresql

    require_postgresql()
    for number, title in enumerate(["Beta listening", "Alpha listening", "Gamma"]):
        resource = make_resource(
            second_curator,
            title=title,
            publish_by=national_admin,
            link="https://e.org/",
            summary="Listening to staff" if title == "Gamma" else "A guide",
        )
        Resource.objects.filter(pk=resource.pk).update(
            publish_at=timezone.now() - datetime.timedelta(days=number)
        )
    url = reverse("resources:library")

    def titles(**params):
        html = client.get(url, {"q": "listening", **params}).content.decode()
        found = [t for t in ("Alpha listening", "Beta listening", "Gamma") if t in html]
        return [t for _, t in sorted((html.index(t), t) for t in found)]

    # Title matches rank above a summary match; ties go to the title, A to Z.
    assert titles() == ["Alpha listening", "Beta listening", "Gamma"]
    assert titles(sort="newest") == ["Beta listening", "Alpha listening", "Gamma"]
    assert titles(sort="title") == ["Alpha listening", "Beta listening", "Gamma"]

"""Coding survey comments to cultural elements, in the browser: the OD lead codes two
comments one after the other, then filters the comments page by element. An element with
fewer than k comments shows none of their text; one with k shows them. The board sponsor
reads the codes but has no way to code. Every page axe-clean at phone and desktop widths."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from diagnostics.constants import WaveStatus
from diagnostics.results.services import survey_comment_code, wave_results_refresh
from diagnostics.surveys.models import Comment
from programmes.constants import Element
from tests.diagnostics.factories import WaveFactory, add_responses, build_version

pytestmark = pytest.mark.django_db(transaction=True)

K = 5
ALREADY_TEAMWORK = [
    "My team pulls together when the ward is short.",
    "Handovers between wards have got calmer this year.",
    "Our team huddle is the best ten minutes of the shift.",
    "Colleagues in theatres help out without being asked.",
]
STILL_TO_CODE = [
    "Rotas are published late, which makes it hard to plan childcare.",
    "Appraisals feel like a form to fill in rather than a conversation.",
    "Breaks get skipped on busy days and that is seen as normal.",
]
SHOTS = Path("/work/shots/comment-codes")


def keep(name):
    """Copy check_page's screenshots of `name` to the folder the team looks at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        shot = settings.BASE_DIR / "test-artifacts" / f"{name}-{width}.png"
        shutil.copy(shot, SHOTS / shot.name)


@pytest.fixture
def survey(trust_a, od_lead_a):
    wave = WaveFactory(
        trust=trust_a,
        title="Staff culture survey 2026",
        status=WaveStatus.CLOSED,
        threshold_k=K,
        version=build_version(sections=1, items_per_section=2),
    )
    add_responses(wave, 20)
    wave_results_refresh(wave_id=wave.pk)
    question = wave.version.comment_questions.first()
    Comment.objects.bulk_create(
        Comment(wave=wave, question=question, text=text)
        for text in ALREADY_TEAMWORK + STILL_TO_CODE
    )
    for comment in Comment.objects.filter(text__in=ALREADY_TEAMWORK):
        survey_comment_code(comment=comment, actor=od_lead_a, elements=[Element.TEAMWORK])
    return wave


def code_shown_comment(page, element_label):
    """Untick what is suggested, tick one element, save; returns the comment's text."""
    text = page.locator(".nhsuk-inset-text p").inner_text()
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_role("checkbox", name=element_label).check()
    page.get_by_role("button", name="Save and code the next comment").click()
    return text


def test_od_lead_codes_comments_and_filters_them_by_element(
    sign_in_as, open_as, live_server, check_page, od_lead_a, sponsor_a, survey
):
    page = sign_in_as(od_lead_a)
    comments_url = f"{live_server.url}/diagnostics/surveys/{survey.pk}/results/comments/"
    page.goto(comments_url)
    expect(page.locator("h1")).to_have_text("Comments")
    expect(page.locator("main")).to_contain_text("Coded to: Teamwork")
    check_page(page, screenshot="comments-all")
    keep("comments-all")

    page.get_by_role("link", name="Code comments").click()
    expect(page.locator("h1")).to_have_text("Code a comment")
    expect(page.locator("main")).to_contain_text("3 comments still to code")
    check_page(page, screenshot="comment-code")
    keep("comment-code")
    to_teamwork = code_shown_comment(page, "Teamwork")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Saved. This is the next comment to code."
    )
    expect(page.locator("main")).to_contain_text("2 comments still to code")
    to_equity = code_shown_comment(page, "Equity and inclusion")
    assert {to_teamwork, to_equity} < set(STILL_TO_CODE)
    expect(page.locator("main")).to_contain_text("1 comment still to code")
    page.get_by_role("link", name="Stop coding").click()
    expect(page.locator("h1")).to_have_text("Comments")

    # A small element: how many, and no text.
    page.get_by_label("Comments to show").select_option(label="Equity and inclusion (1)")
    page.get_by_role("button", name="Show").click()
    main = page.locator("main")
    expect(main).to_contain_text("1 comment is coded to Equity and inclusion.")
    expect(main).to_contain_text(f"That is fewer than {K}, so it is not shown on its own")
    expect(main).not_to_contain_text(to_equity)
    assert to_equity not in page.content()
    check_page(page, screenshot="comments-under-k")
    keep("comments-under-k")

    # An element with k comments: their text.
    page.get_by_label("Comments to show").select_option(label=f"Teamwork ({K})")
    page.get_by_role("button", name="Show").click()
    expect(main).to_contain_text(f"{K} comments coded to Teamwork")
    for text in [*ALREADY_TEAMWORK, to_teamwork]:
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text(to_equity)
    check_page(page, screenshot="comments-teamwork")
    keep("comments-teamwork")

    # The sponsor reads the codes beside the comments, and cannot code.
    sponsor = open_as(sponsor_a)
    sponsor.goto(comments_url)
    expect(sponsor.locator("main")).to_contain_text("Coded to: Equity and inclusion")
    expect(sponsor.get_by_role("link", name="Code comments")).to_have_count(0)
    expect(sponsor.get_by_role("link", name="Change codes")).to_have_count(0)
    expect(sponsor.locator("a[href*='/code/']")).to_have_count(0)
    check_page(sponsor)

"""Every page fits the screen. For each persona, every page the permission matrices let them
see is loaded once and measured at 375px and at 1280px: the document must be no wider than
the window (nothing makes the whole page scroll sideways; a wide table scrolls inside its own
region), and nothing may run past the content column. A table wider than its region says
that it scrolls.

The matrices' own `objects` fixtures make the records their URLs name; trust A then gets two
closed surveys of 160 responses from every group, sector benchmarks, two years of a metric,
findings from every tool and long names, so that the pages show real content."""

import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from accounts.constants import Role
from core.audit import audit_event_record
from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, STAFF_GROUPS, WaveStatus
from diagnostics.instruments.models import InstrumentVersion, Item
from diagnostics.instruments.services import instruments_shipped_load
from diagnostics.records import services as records
from diagnostics.records.csv_import import MetricRow
from diagnostics.records.models import Improvement
from diagnostics.results.models import ResultKind, SectorBenchmark
from diagnostics.results.services import wave_results_refresh
from diagnostics.surveys.models import Answer, Comment, Directorate, Response
from programmes.constants import FRAMEWORK_ELEMENTS, DiagnosticTool, FindingKind
from programmes.services import action_note_add
from tests.accounts import test_second_factor, test_team
from tests.accounts import test_views as accounts_views
from tests.accounts.factories import TrustMembershipFactory, UserFactory
from tests.accounts.test_second_factor import objects as second_factor_objects  # noqa: F401
from tests.accounts.test_team import objects as team_objects  # noqa: F401
from tests.community import test_views as community_views
from tests.community.test_views import objects as community_objects  # noqa: F401
from tests.conftest import PERSONAS
from tests.diagnostics import test_views as survey_views
from tests.diagnostics.conftest import batch_a, draft_version, wave_a  # noqa: F401
from tests.diagnostics.factories import DirectorateFactory, WaveFactory
from tests.diagnostics.records import test_views as tool_views
from tests.diagnostics.records.test_views import objects as tool_objects  # noqa: F401
from tests.diagnostics.surveys import test_respondent_views as respondent_views
from tests.diagnostics.test_views import objects as survey_objects  # noqa: F401
from tests.programmes import test_views as programme_views
from tests.programmes.factories import add_action, add_finding, add_intervention
from tests.programmes.test_views import objects as programme_objects  # noqa: F401
from tests.resources import test_views as library_views
from tests.resources.test_views import objects as library_objects  # noqa: F401
from tests.resources.test_views import second_curator  # noqa: F401
from tests.system.conftest import DESKTOP, PHONE
from tests.test_url_matrix import all_url_names
from tests.url_matrix import OK

pytestmark = pytest.mark.django_db(transaction=True)

# (matrix, the fixture giving the objects its URLs name; None where they name none). Each
# matrix's objects fixture is imported above under a name of its own (they are all called
# `objects`), with the fixtures they need that live beside them, not in tests/conftest.py.
MATRICES = [
    (accounts_views.MATRIX, None),
    (test_team.MATRIX, "team_objects"),
    (test_second_factor.MATRIX, "second_factor_objects"),
    (survey_views.MATRIX, "survey_objects"),
    (respondent_views.MATRIX, None),
    (tool_views.MATRIX, "tool_objects"),
    (programme_views.MATRIX, "programme_objects"),
    (library_views.MATRIX, "library_objects"),
    (community_views.MATRIX, "community_objects"),
]
# The same pages with other content: the heatmap's other groupings and a group's figures.
VARIANTS = {
    "diagnostics:results-heatmap": ["?by=staff_group", "?by=band"],
    "diagnostics:results": ["?group=staff_group:nursing_support"],
}
# NHS.UK tables are 4px wider than their column by design.
TOLERANCE = 5

# Waits until the page has settled at its new width, then finds what sticks out: elements
# past the right edge of the window, or past the content column (only elements that draw
# text or an image of their own, so that NHS.UK's grid rows with their negative margins do
# not count), outside any region that scrolls or clips them; the outermost of each, widest
# first. One call per width: a round trip to the browser costs more than the measuring.
MEASURE = """async ([tolerance, resized]) => {
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  // The header moves its links into "More" a frame or two after a resize; plotly redraws
  // each chart once the resizing has stopped for a moment.
  const chartsFit = () => [...document.querySelectorAll(".js-plotly-plot")].every((chart) => {
    const svg = chart.querySelector(".main-svg");
    return !svg || Math.abs(svg.getBoundingClientRect().width - chart.clientWidth) < 2;
  });
  const settled = () => chartsFit() && window.__nhsukInit;
  for (let wait = 0; (resized && wait < 3) || (!settled() && wait < 120); wait++) {
    await frame();
  }
  const view = window.innerWidth;
  const main = document.querySelector("main");
  const clipped = (element) => {
    // Not the root: NHS.UK's overflow-y on <html> makes its overflow-x "auto" too.
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const draws = (element) =>
    element.matches("img, svg, input, select, textarea, button, video, canvas, iframe") ||
    [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
  const name = (element) => {
    const classes = [...element.classList].slice(0, 3).map((c) => "." + c).join("");
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}>` +
      (text ? ` "${text}"` : "");
  };
  const past = (limit, within, counts) => {
    const found = new Map();
    const inside = (element) => {
      for (let box = element.parentElement; box && box !== within; box = box.parentElement) {
        if (found.has(box)) return true;
      }
      return false;
    };
    for (const element of within.querySelectorAll(":not(svg *)")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= limit + tolerance || !counts(element)) continue;
      if (inside(element) || clipped(element)) continue;
      found.set(element, Math.round(box.right - limit));
    }
    return [...found].sort((a, b) => b[1] - a[1]).slice(0, 3)
      .map(([element, by]) => `${name(element)} by ${by}px`);
  };
  const width = document.documentElement.scrollWidth;
  return {
    width,
    view,
    widest: width > view ? past(view, document.body, () => true) : [],
    column: main ? past(main.getBoundingClientRect().right, main, draws) : [],
  };
}"""


def _responses(wave, count, seed, lift=0.0):
    """Answers to every question from every group (the demo's way, smaller)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    items = list(Item.objects.filter(section__version=wave.version))
    directorates = [*wave.directorates.values_list("code", flat=True), PREFER_NOT_TO_SAY]
    groups = [code for code, _ in STAFF_GROUPS[:8]]
    bands = [code for code, _ in BANDS[:6]]
    responses = Response.objects.bulk_create(
        Response(
            wave=wave,
            submitted_on=timezone.localdate(wave.closes_at) - timedelta(days=2),
            directorate=rng.choice(directorates),
            staff_group=rng.choice(groups),
            band=rng.choice(bands),
        )
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        (
            Answer(
                response=response,
                item=item,
                value=max(1, min(5, round(rng.gauss(3.4 + lift, 0.9)))),
            )
            for response in responses
            for item in items
        ),
        batch_size=5000,
    )
    question = wave.version.comment_questions.first()
    Comment.objects.bulk_create(
        Comment(wave=wave, question=question, text=text)
        for text in (
            "Our ward manager makes time to listen, and it shows in how we treat patients.",
            "Rotas are published late, which makes it hard to plan childcare.",
            "Flexible working requests take far too long to be answered.",
        )
        * 4
    )


@pytest.fixture
def shipped_version(db):
    instruments_shipped_load()
    return InstrumentVersion.objects.published().get(
        instrument__slug="whole-staff-culture", number=1
    )


@pytest.fixture
def results_wave(request, trust_a, shipped_version):
    """Trust A's latest closed survey (the results pages' wave): the shipped questions,
    directorates with long names, a survey a year before to compare with, and the median of
    its sector's trusts."""
    request.getfixturevalue("wave_a")  # its directorates first, so these surveys offer them
    for name in ("Women, children and sexual health services", "Clinical support and diagnostics"):
        DirectorateFactory(trust=trust_a, name=name, code=name.split()[0].lower().strip(","))
    now = timezone.now()
    waves = []
    for years_ago, title, lift in (
        (1, "Staff culture survey 2025", 0.0),
        (0, "Staff culture survey 2026", 0.3),
    ):
        wave = WaveFactory(
            trust=trust_a,
            version=shipped_version,
            title=title,
            status=WaveStatus.CLOSED,
            threshold_k=5,
            opens_at=now - timedelta(days=365 * years_ago + 40),
            closes_at=now - timedelta(days=365 * years_ago + 10),
        )
        wave.directorates.set(Directorate.objects.filter(trust=trust_a))
        _responses(wave, 160, seed=years_ago, lift=lift)
        wave_results_refresh(wave_id=wave.pk)
        waves.append(wave)
    SectorBenchmark.objects.bulk_create(
        SectorBenchmark(
            instrument=shipped_version.instrument,
            sector=trust_a.sector,
            kind=ResultKind.ELEMENT,
            element=element,
            trusts=7,
            median=6.1 + index / 10,
            lower_quartile=5.6 + index / 10,
            upper_quartile=6.7 + index / 10,
            computed_at=now,
        )
        for index, element in enumerate(
            sorted({item.element for item in Item.objects.filter(section__version=shipped_version)})
        )
    )
    return waves[-1]


@pytest.fixture
def open_survey(trust_a, shipped_version, results_wave):
    """The respondent pages' survey (its slug is the one their matrix names)."""
    wave = WaveFactory(trust=trust_a, version=shipped_version, slug="wave-open", access_mode="both")
    wave.directorates.set(Directorate.objects.filter(trust=trust_a))
    return wave


@pytest.fixture
def full_programme(programme_a, od_lead_a, change_team_a, trust_a):
    """Trust A's programme with what a programme in Deliver has: findings from every tool
    about every element, interventions with long names, actions, and two years of a metric
    with a long name, a target and a shift the charts mark as special cause."""
    elements = FRAMEWORK_ELEMENTS[programme_a.framework]
    for number, tool in enumerate(DiagnosticTool):
        for element in elements[number % 3 :: 2]:
            add_finding(
                programme_a,
                od_lead_a,
                tool=tool,
                element=element,
                kind=FindingKind.STRENGTH if number % 2 else FindingKind.AREA,
                statement="Senior leaders are visible, but decisions are slow to reach the wards",
            )
    for title in (
        "Compassionate leadership programme for all band 7 and above managers",
        "Reverse mentoring with the staff networks",
        "Freedom to speak up guardians in every directorate",
        "Quality improvement coaching",
    ):
        add_intervention(programme_a, od_lead_a, title=title, elements=elements[:3])
    for number in range(3):
        action = add_action(
            programme_a,
            od_lead_a,
            owner=change_team_a,
            title=f"Run listening events on every site, round {number + 1}",
        )
        # A progress note with a pasted address: one long word in the plan's table.
        action_note_add(
            action=action,
            actor=change_team_a,
            text="Events booked on every site; the sign-up form is at https://forms.example"
            ".nhs.uk/ListeningEventsAcrossEveryHospitalSiteAndCommunityServiceSignUp",
        )
    months = [timezone.localdate().replace(day=1)]
    while len(months) < 24:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    name = "Staff friends and family test: recommend as a place to work"
    rng = random.Random(7)  # noqa: S311 - test data
    records.metric_points_import(
        programme=programme_a,
        actor=od_lead_a,
        rows=[
            MetricRow(
                name, month, round(61 + (4 if index >= 16 else 0) + rng.uniform(-1.5, 1.5), 1)
            )
            for index, month in enumerate(months)
        ],
    )
    metric = programme_a.metrics.get(name=name)
    records.metric_update(
        metric=metric,
        actor=od_lead_a,
        name=name,
        unit="%",
        improvement=Improvement.UP,
        target=65.0,
    )
    return programme_a


@pytest.fixture
def long_audit_trail(trust_a, national_admin):
    """Audit events by someone with a long e-mail address, about another one."""
    person = UserFactory(
        full_name="Alexandra Fitzgerald-Montgomery",
        email="alexandra.fitzgerald-montgomery@northumbria-healthcare.nhs.uk",
    )
    TrustMembershipFactory(trust=trust_a, user=person, role=Role.OD_LEAD)
    for action in ("accounts.signed_in", "accounts.invitation_sent", "accounts.role_changed"):
        audit_event_record(
            actor=person,
            action=action,
            target="christopher.worthington-smythe@northumbria-healthcare.nhs.uk",
        )


def _pages(request):
    """{persona: [url, ...]}: every page a persona may GET, with the variants above."""
    objects = {
        fixture: request.getfixturevalue(fixture) for _, fixture in MATRICES if fixture is not None
    }
    pages = {persona: [] for persona in PERSONAS}
    for matrix, fixture in MATRICES:
        for url_name, (kwargs, outcomes) in matrix.items():
            if not isinstance(outcomes, dict):
                continue  # answers POST only
            if callable(kwargs):
                kwargs = kwargs(objects[fixture])
            url = reverse(url_name, kwargs=kwargs or None)
            for persona, outcome in outcomes.items():
                if outcome == OK:
                    pages[persona] += [url] + [url + query for query in VARIANTS.get(url_name, [])]
                elif outcome == respondent_views.START and persona == "anonymous":
                    # Pages of a survey in progress: visited once it is started (below).
                    pages[persona].append(url)
    return pages


def _measure(page, width):
    resized = page.viewport_size != width
    if resized:
        page.set_viewport_size(width)
    return page.evaluate(MEASURE, [TOLERANCE, resized])


def _problems(url, persona, width, measured):
    where = f"{url} as {persona} at {width}px"
    problems = []
    if measured["width"] > measured["view"]:
        problems.append(
            f"{where}: the page is {measured['width']}px wide, wider than the window; "
            f"sticking out: {'; '.join(measured['widest']) or 'nothing found'}"
        )
    if measured["column"]:
        problems.append(f"{where}: past the content column: {'; '.join(measured['column'])}")
    return problems


def test_the_url_matrices_here_are_all_of_them():
    covered = set().union(*(set(matrix) for matrix, _ in MATRICES))
    assert all_url_names() <= covered, "add the new matrix to MATRICES"


def test_every_page_fits_a_phone_and_a_desktop_screen(request, live_server, open_as):
    pages = _pages(request)
    # After the matrices' objects, whose fixtures expect a programme with nothing in it.
    for fixture in ("full_programme", "open_survey", "long_audit_trail"):
        request.getfixturevalue(fixture)
    problems = []
    checked = 0
    for persona, urls in pages.items():
        page = open_as(request.getfixturevalue(persona))
        page.set_viewport_size(DESKTOP)
        if persona == "anonymous":
            page.goto(live_server.url + reverse("survey:start", args=["wave-open"]))
            page.get_by_role("button", name="Start the survey").first.click()
        for url in urls:
            try:
                response = page.goto(live_server.url + url, wait_until="domcontentloaded")
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file, not a page
                raise
            if response.status != 200:
                problems.append(f"{url} as {persona}: answered {response.status}, not 200")
                continue
            if "text/html" not in response.headers["content-type"]:
                continue  # JSON, an image
            # Measured at the width it loaded at, then at the other: one load for both.
            first = page.viewport_size
            second = PHONE if first == DESKTOP else DESKTOP
            for width in (first, second):
                problems += _problems(url, persona, width["width"], _measure(page, width))
            checked += 1
    assert checked > 200, f"only {checked} pages answered 200"
    assert not problems, "\n".join(problems)


def test_a_table_wider_than_its_region_says_it_scrolls(
    open_as, live_server, check_page, results_wave, od_lead_a
):
    page = open_as(od_lead_a)
    heatmap = reverse("diagnostics:results-heatmap", args=[results_wave.pk])
    page.goto(f"{live_server.url}{heatmap}?by=staff_group")
    region = page.get_by_role("region", name="Heatmap table")
    frame = page.locator(".portal-scroll-frame").filter(has=region)
    hint = page.get_by_text("Scroll sideways to see every column")
    # Twelve staff groups: wider than the column at 1280px. The start of the table shows,
    # with a shadow on the right only.
    expect(hint).to_be_visible()
    expect(frame).to_have_class(re.compile(r"--more-right"))
    expect(frame).not_to_have_class(re.compile(r"--more-left"))
    check_page(page, screenshot="scroll-region-heatmap")
    page.set_viewport_size(DESKTOP)

    # From the keyboard: the region takes focus and the arrow keys scroll it to its end.
    region.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    expect(frame).to_have_class(re.compile(r"--more-left"))
    expect(frame).not_to_have_class(re.compile(r"--more-right"))

    # The board report's scores fit a desktop screen: no line, no shadow; on a phone they
    # scroll, and say so.
    page.goto(live_server.url + reverse("diagnostics:results-report", args=[results_wave.pk]))
    scores = page.locator(".portal-scroll-frame").filter(
        has=page.get_by_role("region", name="Element scores out of 10")
    )
    expect(scores).to_have_class("portal-scroll-frame")
    expect(scores.locator("xpath=preceding-sibling::p[1]")).to_be_hidden()
    page.set_viewport_size(PHONE)
    expect(scores).to_have_class(re.compile(r"--more-right"))
    expect(scores.locator("xpath=preceding-sibling::p[1]")).to_be_visible()

"""An OD lead takes a programme from Scoping to Deliver in the browser, with the sponsor signing
each phase off from their own browser; then what the change team, a viewer and another trust's
OD lead may do with it. Every page axe-clean at phone and desktop widths, with no CSP
violation; screenshots of the overview, the synthesis board and the metrics page are saved to
/tmp/programme-shots/ for a person to look at."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diagnostics.records.models import Metric, MetricPoint, PatientComment, WorkforceUpload
from programmes.constants import PhaseKind, PhaseStatus
from programmes.models import Programme
from tests.programmes.factories import phase_of
from tests.system.conftest import DESKTOP, PHONE
from tests.system.sign_off import carry_open_steps

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/programme-shots")  # noqa: S108 - a fixed place for a person to look
PROGRAMME_NAME = "Advancing Culture Together"
PDF = b"%PDF-1.4\n% a small test document\n"
FITS_THE_WINDOW = "() => document.documentElement.scrollWidth <= window.innerWidth"

SURVEY_STEP = "Run the leadership behaviours and culture surveys"
DISCOVER_STEPS_DONE = [
    "Build the culture and outcomes dashboard",
    "Hold the board interviews",
    "Run the culture focus groups",
    "Analyse the leadership workforce",
    "Analyse patient experience",
    "Hold the synthesis event",
]
STAKEHOLDER_STEP = "Engage stakeholders"
DESIGN_STEPS_DONE = [
    "Map the findings to the cultural elements",
    "Map current and planned interventions",
    "Choose priorities",
    "Write the strategy and have the board approve it",
]


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture
def audit(check_page):
    """check_page (axe at 375px and 1280px, CSP, console, other hosts), plus screenshots at
    both widths in /tmp/programme-shots/ for the pages a person should look at."""

    def run(page, heading: str, *, shot: str | None = None, status: int = 200):
        # The heading first: it proves the page asked for has loaded, not the one before.
        expect(page.locator("h1")).to_have_text(heading)
        # Then the NHS.UK scripts. A function, not an expression string: Playwright polls a
        # string with eval(), which the portal's CSP (no 'unsafe-eval') refuses.
        page.wait_for_function("() => window.__nhsukInit === true")
        check_page(page, status=status)
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                # Charts redraw a moment after the window changes size; until then the page
                # is wider than a phone. Wait for that (and so check it reflows at 375px).
                page.wait_for_function(FITS_THE_WINDOW, timeout=5000)
                path = SHOTS / f"programme-{shot}-{viewport['width']}.png"
                page.screenshot(path=str(path), full_page=True)

    return run


def fill_date(page, legend: str, day: datetime.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def expect_success(page, text: str):
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(text)


def programme_nav(page, name: str):
    nav = page.get_by_role("navigation", name="Programme")
    nav.get_by_role("link", name=name, exact=True).click()
    # The menu marks where the user is.
    expect(
        page.get_by_role("navigation", name="Programme").get_by_role("link", name=name, exact=True)
    ).to_have_attribute("aria-current", "page")


def open_phase(page, label: str):
    programme_nav(page, "Overview")
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"{label} phase")


def open_tool(page, name: str):
    programme_nav(page, "Diagnostic tools")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.locator("h1")).to_have_text(name)


def mark_as_done(page, title: str):
    """The step's "Mark as done" link (its name ends with the step's title, hidden)."""
    return page.get_by_role("link", name=re.compile(rf"^Mark as done\s+for\s+{re.escape(title)}$"))


def complete_step(page, title: str, note: str = "", upload: dict | None = None):
    mark_as_done(page, title).click()
    expect(page.locator("h1")).to_have_text(f"Complete: {title}")
    if note:
        page.get_by_label("What was done").fill(note)
    if upload:
        choose_file(page, "Upload a file (optional)", upload)
    page.get_by_role("button", name="Mark as done").click()
    expect_success(page, f"‘{title}’ is done")


def csv_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def choose_file(page, label: str, file: dict):
    """As a person does it: the NHS.UK file upload's button (which the label now names)
    opens the file chooser, and the file is chosen there."""
    with page.expect_file_chooser() as chooser:
        page.get_by_label(label).click()
    chooser.value.set_files(file)
    expect(page.get_by_text(file["name"], exact=True)).to_be_visible()


def upload_csv(page, name: str, text: str, button: str):
    choose_file(page, "Upload a CSV file", csv_file(name, text))
    page.get_by_role("button", name=button).click()


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the `count` months before this one, oldest first."""
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def month_label(month: datetime.date) -> str:
    return month.strftime("%B %Y")


# Eighteen months of staff turnover going up and down around 10.75%, with one month far above
# the upper process limit (15.6): the only special-cause point.
TURNOVER = [9.6, 10.9, 10.0, 11.0, 9.7, 10.8, 9.9, 11.1, 10.2, 17.5]
TURNOVER += [9.8, 10.9, 9.6, 11.0, 10.1, 10.8, 9.7, 10.9]
SPIKE = 9  # the index of the special-cause month

WORKFORCE_CSV = """directorate,staff_group,band,sex,ethnicity,disability,age_band,headcount
Medicine,nursing_midwifery,Band 5,Female,White British,No,25-34,40
Medicine,nursing_midwifery,Band 6,Male,Asian or Asian British,No,35-44,25
Surgery,medical_dental,Medical,Female,White British,No,45-54,30
Surgery,admin_clerical,Band 3,Female,Black or Black British,Yes,55-64,6
"""


# --- the journey ------------------------------------------------------------------------


def test_od_lead_takes_a_programme_from_scoping_to_deliver(
    sign_in_as,
    open_as,
    live_server,
    audit,
    od_lead_a,
    sponsor_a,
    change_team_a,
    viewer_a,
    trust_a,
):
    today = timezone.localdate()
    page = sign_in_as(od_lead_a)
    sponsor = open_as(sponsor_a)

    # 1. Start the programme: an empty form first, then a filled one.
    page.goto(f"{live_server.url}/programmes/trusts/RAA/")
    expect(
        page.get_by_text("Trust A NHS Foundation Trust has no programme running.")
    ).to_be_visible()
    audit(page, "Culture and leadership programme")
    page.get_by_role("link", name="Start the programme").click()
    audit(page, "Start the programme")
    for box in ("Day", "Month", "Year"):
        page.get_by_role("group", name="Start date").get_by_label(box).fill("")
    page.get_by_label("Board interviews planned").fill("")
    page.get_by_role("button", name="Start the programme").click()
    expect(page).to_have_title(re.compile("^Error: Start the programme"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    errors = summary.get_by_role("link")
    expect(errors).to_have_text(
        [
            "Enter the programme's local name",
            "Enter the start date",
            "Enter how many board interviews are planned",
        ]
    )
    audit(page, "Start the programme")
    summary.get_by_role("link", name="Enter the start date").click()
    expect(page.get_by_role("group", name="Start date").get_by_label("Day")).to_be_focused()
    summary.get_by_role("link", name="Enter how many board interviews are planned").click()
    expect(page.get_by_label("Board interviews planned")).to_be_focused()
    summary.get_by_role("link", name="Enter the programme's local name").click()
    expect(page.get_by_label("Local name of the programme")).to_be_focused()

    page.get_by_label("Local name of the programme").fill(PROGRAMME_NAME)
    page.get_by_label("Revised framework (six elements, adding equity and inclusion)").check()
    fill_date(page, "Start date", today - datetime.timedelta(days=60))
    page.get_by_label("Board sponsor").select_option(label="Sam Sponsor")
    page.get_by_label("Chris Change").check()
    page.get_by_label("Board interviews planned").fill("6")
    page.get_by_role("button", name="Start the programme").click()
    expect(page.locator("h1")).to_have_text(PROGRAMME_NAME)
    expect_success(page, f"‘{PROGRAMME_NAME}’ has started")
    expect(page.get_by_role("heading", name="Scoping In progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Discover Not started")).to_be_visible()
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    assert programme.sponsor == sponsor_a
    assert list(programme.change_team.all()) == [change_team_a]
    audit(page, PROGRAMME_NAME, shot="overview-scoping")

    # 2. Scoping: an owner and a due date for one step, one step moved, every step done.
    open_phase(page, "Scoping")
    audit(page, "Scoping phase")
    page.get_by_role("link", name="Change Agree a local brand").click()
    audit(page, "Change a step")
    page.get_by_label("Owner").select_option(label="Chris Change")
    due = today + datetime.timedelta(days=14)
    fill_date(page, "Due date (optional)", due)
    page.get_by_role("button", name="Save step").click()
    expect_success(page, "Your changes are saved")
    brand = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Agree a local brand")
    )
    expect(brand).to_contain_text(f"Owner: Chris Change · due {due:%-d %b %Y}")
    page.get_by_role("button", name="Move down Secure a board sponsor").click()
    step_headings = page.get_by_role("main").get_by_role("heading", level=3)
    expect(step_headings.nth(0)).to_contain_text("Recruit the change team")
    expect(step_headings.nth(1)).to_contain_text("Secure a board sponsor")

    mark_as_done(page, "Recruit the change team").click()
    audit(page, "Complete: Recruit the change team")  # the evidence form
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Add a note, a link or a file that shows the step is done"
    )
    page.get_by_label("What was done").fill("Twelve people from nine staff groups")
    page.get_by_role("button", name="Mark as done").click()
    expect_success(page, "‘Recruit the change team’ is done")
    complete_step(page, "Secure a board sponsor", "Sam Sponsor agreed at the March board")
    complete_step(page, "Agree a local brand", upload=pdf_file("brand-guide.pdf"))
    complete_step(page, "Plan the evaluation", "Evaluation plan agreed with the change team")
    expect(page.get_by_role("link", name="Download brand-guide.pdf")).to_be_visible()
    expect(page.get_by_text("Done", exact=True)).to_have_count(4)
    expect(page.get_by_role("link", name="Sign off the Scoping phase")).to_have_count(0)

    # 3. The sponsor signs Scoping off from their own browser.
    sponsor.goto(f"{live_server.url}/programmes/{programme.pk}/phases/scoping/")
    sponsor.get_by_role("link", name="Sign off the Scoping phase").click()
    audit(sponsor, "Sign off the Scoping phase")
    expect(sponsor.get_by_label("Why sign off with required steps still open?")).to_have_count(0)
    sponsor.get_by_label("Comment (optional)").fill("A strong start: the board is behind it.")
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect_success(sponsor, "You signed off the Scoping phase")

    programme_nav(page, "Overview")
    expect(page.get_by_role("heading", name="Scoping Signed off")).to_be_visible()
    expect(page.get_by_role("heading", name="Discover In progress")).to_be_visible()
    expect(page.get_by_text(f"signed off {today:%-d %b %Y} by Sam Sponsor")).to_be_visible()
    page.get_by_role("link", name="Scoping", exact=True).click()
    signed = page.locator(".nhsuk-inset-text")
    expect(signed).to_contain_text(f"Signed off by Sam Sponsor on {today:%-d %B %Y}.")
    expect(signed).to_contain_text("“A strong start: the board is behind it.”")
    expect(page.get_by_role("link", name=re.compile(r"^Mark as done"))).to_have_count(0)
    audit(page, "Scoping phase")  # every step done, with its evidence, and signed off

    # 4. Discover: the diagnostic tools.
    programme_nav(page, "Diagnostic tools")
    audit(page, "Diagnostic tools")

    # Board interview, its themes coded to two elements.
    page.get_by_role("link", name="Board interviews", exact=True).click()
    audit(page, "Board interviews")
    page.get_by_role("link", name="Record an interview").click()
    audit(page, "Record a board interview")
    fill_date(page, "Date of the interview", today - datetime.timedelta(days=10))
    page.get_by_label("Interviewer").fill("Olu Lead")
    page.get_by_label("Role of the person interviewed").fill("Non-executive director")
    page.get_by_label("Themes about teamwork (optional)").fill(
        "Executives work well together\nClinical and managerial leaders trust each other"
    )
    page.get_by_label("Themes about support and compassion (optional)").fill(
        "Managers are stretched too thin to support their teams"
    )
    page.get_by_role("button", name="Add interview").click()
    expect_success(page, "The interview is recorded")
    expect(page.get_by_text("1 of 6 planned interviews recorded.")).to_be_visible()
    counts = page.get_by_role("table", name="Themes heard, by cultural element")
    expect(counts.get_by_role("row", name="Teamwork").get_by_role("cell")).to_have_text("2")
    support_row = counts.get_by_role("row", name="Support and compassion")
    expect(support_row.get_by_role("cell")).to_have_text("1")
    expect(counts.get_by_role("row", name="Vision and values").get_by_role("cell")).to_have_text(
        "0"
    )
    expect(page.get_by_role("heading", name=re.compile("^Non-executive director,"))).to_be_visible()
    audit(page, "Board interviews")

    # Focus group.
    open_tool(page, "Culture focus groups")
    audit(page, "Culture focus groups")
    page.get_by_role("link", name="Record a session").click()
    audit(page, "Record a focus group")
    fill_date(page, "Date of the session", today - datetime.timedelta(days=7))
    page.get_by_label("Name of the session").fill("Night shift, emergency department")
    page.get_by_label("Registered nurses and midwives").check()
    page.get_by_label("Nursing or healthcare assistants").check()
    page.get_by_label("Number of participants").fill("9")
    page.get_by_label("Themes about learning and innovation (optional)").fill(
        "Nobody hears back after reporting an incident"
    )
    page.get_by_role("button", name="Add session").click()
    expect_success(page, "The session is recorded")
    expect(page.get_by_text("1 session, 9 participants in all.")).to_be_visible()
    expect(
        page.get_by_text("9 participants: Registered nurses and midwives, Nursing or healthcare")
    ).to_be_visible()
    audit(page, "Culture focus groups")

    # Culture and outcomes dashboard: a good upload, drawn as an SPC chart.
    months = months_back(today, len(TURNOVER))
    good = "metric,month,value\n" + "".join(
        f"Staff turnover,{month:%Y-%m},{value}\n"
        for month, value in zip(months, TURNOVER, strict=True)
    )
    open_tool(page, "Culture and outcomes dashboard")
    audit(page, "Culture and outcomes dashboard")  # before any metric
    upload_csv(page, "turnover.csv", good, "Upload metrics")
    expect_success(page, "18 monthly values saved (1 new metric)")
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Staff turnover", exact=True)
    )
    expect(panel.locator("div[data-chart]")).to_have_count(1)
    expect(panel.locator("div[data-chart] .main-svg").first).to_be_visible()
    panel.get_by_text("Data table").click()
    table = panel.get_by_role("table", name="Staff turnover by month")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(len(TURNOVER) + 1)
    for month in months:
        expect(table).to_contain_text(month_label(month))
    special = table.get_by_role("row").filter(has_text="Special cause")
    expect(special).to_have_count(1)
    expect(special).to_contain_text(month_label(months[SPIKE]))
    expect(special).to_contain_text("17.5")
    expect(special).to_contain_text("a point outside the process limits")
    assert page.watch.csp_violations() == []
    audit(page, "Culture and outcomes dashboard", shot="metrics")

    # A bad upload: every problem named by row, and nothing imported.
    bad = (
        "metric,month,value\n"
        f"Sickness absence,{months[0]:%Y-%m},4.2\n"
        "Staff turnover,2025-13,10.1\n"
        f"Staff turnover,{months[1]:%Y-%m},about ten\n"
    )
    upload_csv(page, "bad-metrics.csv", bad, "Upload metrics")
    # One error summary, with focus, listing the message at the field and then every bad row.
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "The file has problems, so nothing was imported",
            "Row 3: month must be a month like 2026-03, not ‘2025-13’",
            "Row 4: value must be a number, not ‘about ten’",
        ]
    )
    expect(page.get_by_role("heading", name="Sickness absence")).to_have_count(0)
    assert list(Metric.objects.filter(programme=programme).values_list("name", flat=True)) == [
        "Staff turnover"
    ]
    assert MetricPoint.objects.filter(metric__programme=programme).count() == len(TURNOVER)
    assert page.watch.csp_violations() == []
    audit(page, "Culture and outcomes dashboard", shot="metrics-upload-errors")

    # Workforce: one group is too small to show.
    open_tool(page, "Leadership workforce analysis")
    audit(page, "Leadership workforce analysis")
    upload_csv(page, "workforce.csv", WORKFORCE_CSV, "Upload workforce data")
    expect_success(page, "Workforce data imported: 4 rows")
    staff_groups = page.get_by_role("table", name="Staff group")
    expect(
        staff_groups.get_by_role("row", name=re.compile("Administrative and clerical"))
    ).to_contain_text("Not shown")
    expect(staff_groups.get_by_role("row", name=re.compile("Registered nurses"))).to_contain_text(
        "65"
    )
    expect(page.get_by_text("Not shown").first).to_be_visible()
    assert WorkforceUpload.objects.get(programme=programme).row_count == 4
    audit(page, "Leadership workforce analysis")

    # Patient experience: import comments, then code the first with its suggestion ticked.
    feedback = (
        "date,source,comment\n"
        f"{today - datetime.timedelta(days=30):%Y-%m-%d},Friends and Family Test,"
        '"The nurses were kind and listened to my worries"\n'
        f"{today - datetime.timedelta(days=20):%Y-%m-%d},PALS,"
        '"I waited four hours and nobody told me why"\n'
    )
    open_tool(page, "Patient experience")
    audit(page, "Patient experience")
    upload_csv(page, "feedback.csv", feedback, "Import comments")
    expect_success(page, "2 comments imported")
    expect(page.get_by_text("2 comments, 2 still to code.")).to_be_visible()
    page.get_by_role("link", name="Code the next comment").click()
    expect(page.locator("h1")).to_have_text("Code a patient comment")
    expect(page.get_by_text("“The nurses were kind and listened to my worries”")).to_be_visible()
    expect(page.get_by_label("Support and compassion")).to_be_checked()
    expect(page.get_by_label("Teamwork")).not_to_be_checked()
    audit(page, "Code a patient comment")
    page.get_by_role("button", name="Save and code the next comment").click()
    expect_success(page, "Saved. This is the next comment to code.")
    expect(page.get_by_text("“I waited four hours and nobody told me why”")).to_be_visible()
    page.get_by_role("link", name="Stop coding").click()
    expect(page.get_by_text("2 comments, 1 still to code.")).to_be_visible()
    expect(page.get_by_role("heading", name="Support and compassion: 1 comment")).to_be_visible()
    first = PatientComment.objects.get(programme=programme, source="Friends and Family Test")
    assert first.elements == ["support_compassion"]

    # 5. Findings from two tools, the synthesis board and its download.
    open_tool(page, "Board interviews")
    page.get_by_role("link", name="Add a finding").click()
    audit(page, "Add a finding")
    expect(page.get_by_label("Source")).to_have_value("board_interviews")
    page.get_by_label("Finding").fill("The board describes strong teamwork at the top")
    page.get_by_label("Strength", exact=True).check()
    page.get_by_label("Teamwork", exact=True).check()
    page.get_by_role("button", name="Add finding").click()
    expect_success(page, "The finding is recorded")
    open_tool(page, "Patient experience")
    page.get_by_role("link", name="Add a finding").click()
    expect(page.get_by_label("Source")).to_have_value("patient_experience")
    page.get_by_label("Finding").fill("Patients say nobody explains delays to them")
    page.get_by_label("Area to develop", exact=True).check()
    page.get_by_label("Support and compassion", exact=True).check()
    page.get_by_role("button", name="Add finding").click()
    expect_success(page, "The finding is recorded")
    expect(page.locator("h1")).to_have_text("Findings")
    findings = page.get_by_role("table", name="Findings")
    expect(findings.get_by_role("row")).to_have_count(3)
    audit(page, "Findings")

    programme_nav(page, "Synthesis board")
    expect(page.locator("h1")).to_have_text("Synthesis board")
    board = page.get_by_role("table", name=re.compile("^Findings by element and tool"))
    teamwork = board.get_by_role("row", name=re.compile("^Teamwork"))
    # Each cell: the findings typed (strengths / areas), then the records coded earlier.
    board_interviews = teamwork.get_by_role("cell").nth(1)
    expect(board_interviews).to_have_text(re.compile(r"^\s*1 / 0\s*2 coded\s*$"))
    expect(teamwork.get_by_role("cell").last).to_have_text(re.compile(r"^\s*1 / 0\s*2 coded\s*$"))
    support = board.get_by_role("row", name=re.compile("^Support and compassion"))
    patient_experience = support.get_by_role("cell").nth(5)
    expect(patient_experience).to_have_text(re.compile(r"^\s*0 / 1\s*1 coded\s*$"))
    expect(support.get_by_role("cell").last).to_have_text(re.compile(r"^\s*0 / 1\s*2 coded\s*$"))
    expect(
        page.get_by_text(
            "1 strength and 0 areas to develop typed as findings, from 1 tool; 2 themes or "
            "comments coded in the records of 1 tool."
        )
    ).to_be_visible()
    # The coded themes and comments are the evidence under each element, with their words.
    teamwork_section = page.locator("#element-teamwork")
    expect(teamwork_section).to_contain_text("Board interviews: 2 coded themes")
    expect(teamwork_section).to_contain_text("“Executives work well together”")
    support_section = page.locator("#element-support_compassion")
    expect(support_section).to_contain_text("Patient experience: 1 coded patient comment")
    expect(support_section).to_contain_text("“The nurses were kind and listened to my worries”")
    support_section.get_by_role("link", name="1 coded theme about support and compassion").click()
    expect(page.locator("h1")).to_have_text("Board interviews")
    page.go_back()
    page.get_by_role("link", name="Write the summary for Teamwork").click()
    audit(page, "Summary: Teamwork")
    page.get_by_label("Summary").fill("Strong at the top; the focus groups should test this.")
    page.get_by_role("button", name="Save summary").click()
    expect_success(page, "The summary is saved")
    expect(page.locator("#element-teamwork")).to_contain_text(
        "Strong at the top; the focus groups should test this."
    )
    audit(page, "Synthesis board", shot="synthesis-board")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the board and findings (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "Element,Source,Strengths,Areas to develop,Coded themes or comments,Element summary"
    )
    teamwork_line = (
        "Teamwork,Board interviews,1,0,2,Strong at the top; the focus groups should test this."
    )
    assert teamwork_line in lines
    assert any("Patients say nobody explains delays to them" in line for line in lines)

    # 6. The rest of Discover, all but the survey; the sponsor signs off with a reason.
    open_phase(page, "Discover")
    for title in DISCOVER_STEPS_DONE:
        complete_step(page, title, f"{title}: done, see the tool's page")
    expect(page.get_by_text("1 required step is still open.")).to_be_visible()
    audit(page, "Discover phase")

    sponsor.goto(f"{live_server.url}/programmes/{programme.pk}/phases/discover/")
    sponsor.get_by_role("link", name="Sign off the Discover phase").click()
    expect(sponsor.get_by_text("1 required step not done")).to_be_visible()
    expect(sponsor.locator(".nhsuk-warning-callout")).to_contain_text(SURVEY_STEP)
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect(sponsor.locator(".nhsuk-error-summary")).to_contain_text(
        "1 required step is not done. Give the reason for signing off now."
    )
    expect(sponsor).to_have_title(re.compile("^Error: Sign off the Discover phase"))
    audit(sponsor, "Sign off the Discover phase")  # the sign-off form in its error state
    sponsor.locator(".nhsuk-error-summary").get_by_role("link").click()
    reason = sponsor.get_by_label("Why sign off with required steps still open?")
    expect(reason).to_be_focused()
    assert phase_of(programme, PhaseKind.DISCOVER).status == PhaseStatus.IN_PROGRESS
    reason.fill("The staff survey runs in the autumn; the other tools are enough to design from.")
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect_success(sponsor, "You signed off the Discover phase")
    expect(sponsor.get_by_role("heading", name="Design In progress")).to_be_visible()

    # 7. Design: an intervention and the gaps, the strategy, a priority and a commitment.
    programme_nav(page, "Interventions")
    audit(page, "Interventions")  # no interventions yet
    page.get_by_role("link", name="Add an intervention").click()
    audit(page, "Add an intervention")
    page.get_by_label("Intervention", exact=True).fill("Schwartz rounds")
    page.get_by_label("Existing", exact=True).check()
    page.get_by_label("Teamwork", exact=True).check()
    page.get_by_label("Support and compassion", exact=True).check()
    page.get_by_label("Owner (optional)").fill("Director of Workforce")
    page.get_by_label("High", exact=True).check()
    page.get_by_role("button", name="Add intervention").click()
    expect_success(page, "The intervention is added")
    intervention_map = page.get_by_role("table", name=re.compile("^Elements by intervention"))
    expect(intervention_map.get_by_role("row", name=re.compile("^Teamwork"))).to_contain_text(
        "existing"
    )
    expect(intervention_map.get_by_role("row", name=re.compile("^Teamwork"))).not_to_contain_text(
        "No intervention"
    )
    expect(
        intervention_map.get_by_role("row", name=re.compile("^Equity and inclusion"))
    ).to_contain_text("No intervention addresses this element")
    audit(page, "Interventions")

    programme_nav(page, "Strategy")
    audit(page, "Collective leadership strategy")
    expect(page.get_by_text("Not yet approved by the board")).to_be_visible()
    expect(page.get_by_text("The board sponsor records the board's approval here")).to_be_visible()
    page.get_by_role("link", name="Change the commitment, vision or document").click()
    expect(page.get_by_role("button", name="Save strategy")).to_be_visible()
    audit(page, "Collective leadership strategy")
    page.get_by_label("The board's commitment to collective leadership").fill(
        "The board will lead by example, listening before deciding."
    )
    page.get_by_label("Vision", exact=True).fill("Compassionate care, delivered together.")
    choose_file(page, "Strategy document (optional)", pdf_file("strategy.pdf"))
    page.get_by_role("button", name="Save strategy").click()
    expect_success(page, "The strategy is saved")

    # The board approves it; its sponsor records the approval, with the meeting's date.
    sponsor.goto(f"{live_server.url}/programmes/{programme.pk}/strategy/")
    sponsor.get_by_role("link", name="Record the board's approval").click()
    sponsor.get_by_role("button", name="Record the board's approval").click()
    expect(sponsor.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the date the board approved the strategy"
    )
    audit(sponsor, "Record the board's approval", shot="board-approval")
    approved = today - datetime.timedelta(days=3)
    fill_date(sponsor, "Date of the board meeting that approved the strategy", approved)
    sponsor.get_by_role("button", name="Record the board's approval").click()
    expect_success(sponsor, "The board's approval of the strategy is recorded")
    page.reload()
    expect(
        page.get_by_text(f"The board approved this strategy on {approved:%-d %B %Y}")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Change the commitment, vision or document")
    ).to_have_count(0)
    expect(
        page.get_by_role("link", name="Download the strategy document (strategy.pdf)")
    ).to_be_visible()

    page.get_by_role("link", name="Add a priority").click()
    audit(page, "Add a priority")
    page.get_by_label("Priority", exact=True).fill("Give managers time to support their teams")
    page.get_by_label("Support and compassion: Patients say nobody explains delays to them").check()
    page.get_by_role("button", name="Add priority").click()
    expect_success(page, "The priority is added")
    priority = page.locator(".nhsuk-card").filter(
        has=page.get_by_role("heading", name="Give managers time to support their teams")
    )
    expect(priority).to_contain_text(
        "Responds to: Support and compassion: Patients say nobody explains delays to them"
    )
    page.get_by_role("link", name="Add a commitment").click()
    audit(page, "Add a commitment")
    page.get_by_label("Changes to behaviours").check()
    page.get_by_label("Commitment", exact=True).fill(
        "Every board meeting starts with a patient or staff story"
    )
    page.get_by_role("button", name="Add commitment").click()
    expect_success(page, "The commitment is added")
    expect(page.get_by_role("heading", name="Changes to behaviours")).to_be_visible()
    expect(
        page.get_by_text("Every board meeting starts with a patient or staff story")
    ).to_be_visible()
    audit(page, "Collective leadership strategy")

    open_phase(page, "Design")
    for title in DESIGN_STEPS_DONE:
        complete_step(page, title, "Agreed with the change team")
    audit(page, "Design phase")
    sponsor.goto(f"{live_server.url}/programmes/{programme.pk}/phases/design/")
    sponsor.get_by_role("link", name="Sign off the Design phase").click()
    expect(sponsor.locator(".nhsuk-warning-callout")).to_contain_text(STAKEHOLDER_STEP)
    sponsor.get_by_label("Comment (optional)").fill("Approved at the board.")
    sponsor.get_by_label("Why sign off with required steps still open?").fill(
        "Stakeholder engagement continues into Deliver."
    )
    carry_open_steps(sponsor)
    sponsor.get_by_role("button", name="Sign off the phase").click()
    expect_success(sponsor, "You signed off the Design phase")
    expect(sponsor.get_by_role("heading", name="Deliver In progress")).to_be_visible()

    # 8. Deliver: an overdue action, warned of on the overview; then the evaluation.
    programme_nav(page, "Action plan")
    audit(page, "Action plan")  # no actions yet
    page.get_by_role("link", name="Add an action").click()
    audit(page, "Add an action")
    page.get_by_label("Action", exact=True).fill("Train 40 managers in compassionate conversations")
    page.get_by_label("Strategy priority (optional)").select_option(
        label="Give managers time to support their teams"
    )
    page.get_by_label("Owner").select_option(label="Chris Change")
    overdue_on = today - datetime.timedelta(days=5)
    fill_date(page, "Due date", overdue_on)
    page.get_by_label("Cultural element (optional)").select_option(label="Support and compassion")
    page.get_by_role("button", name="Add action").click()
    expect_success(page, "The action is added")
    action = page.get_by_role("row").filter(has_text="Train 40 managers")
    expect(action).to_contain_text("Chris Change")
    expect(action).to_contain_text(f"{overdue_on:%-d %b %Y}")
    expect(action).to_contain_text("Overdue")
    audit(page, "Action plan")

    programme_nav(page, "Overview")
    expect(page.get_by_role("heading", name="Deliver In progress")).to_be_visible()
    warning = page.locator(".nhsuk-warning-callout")
    expect(warning).to_contain_text("1 overdue action")
    expect(warning.get_by_role("link", name="See the action plan")).to_be_visible()
    audit(page, PROGRAMME_NAME, shot="overview-deliver")
    open_phase(page, "Deliver")
    audit(page, "Deliver phase")

    programme_nav(page, "Evaluation")
    expect(page.locator("h1")).to_have_text("Evaluation")
    expect(page.get_by_text("No survey has published results yet.")).to_be_visible()
    expect(page.locator("div[data-chart] .main-svg").first).to_be_visible()
    audit(page, "Evaluation")
    programme_nav(page, "Activity")
    expect(page.locator("h1")).to_have_text("Activity")
    expect(
        page.get_by_role("row").filter(has_text="Signed off the Discover phase")
    ).to_contain_text("Sam Sponsor")
    audit(page, "Activity")


# --- who may do what --------------------------------------------------------------------


def test_change_team_completes_a_step_but_cannot_sign_off(
    open_as, live_server, audit, programme_a, change_team_a
):
    page = open_as(change_team_a)
    page.goto(f"{live_server.url}/programmes/{programme_a.pk}/phases/scoping/")
    expect(page.locator("h1")).to_have_text("Scoping phase")
    complete_step(page, "Plan the evaluation", "Drafted by the change team")
    expect(page.get_by_role("link", name=re.compile("^Sign off"))).to_have_count(0)
    audit(page, "Scoping phase")
    response = page.goto(f"{live_server.url}/programmes/{programme_a.pk}/phases/scoping/sign-off/")
    assert response.status == 403
    audit(page, "You cannot see this page", status=403)
    assert phase_of(programme_a).status == PhaseStatus.IN_PROGRESS


def test_viewer_reads_the_overview_without_edit_links(
    open_as, live_server, audit, programme_a, viewer_a
):
    page = open_as(viewer_a)
    page.goto(f"{live_server.url}/programmes/trusts/RAA/")
    expect(page.locator("h1")).to_have_text("Trust A Together")
    expect(page.get_by_role("heading", name="Scoping In progress")).to_be_visible()
    expect(page.get_by_role("link", name="Change the programme's details")).to_have_count(0)
    expect(page.get_by_role("link", name="Close the programme")).to_have_count(0)
    audit(page, "Trust A Together")
    page.get_by_role("link", name="Scoping", exact=True).click()
    expect(page.locator("h1")).to_have_text("Scoping phase")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile("^(Mark as done|Change)"))).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile("^(Move|Reopen)"))).to_have_count(0)
    expect(main.get_by_role("link", name="Add a step")).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("^Sign off"))).to_have_count(0)
    programme_nav(page, "Action plan")
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)


def test_another_trusts_od_lead_gets_not_found(open_as, live_server, audit, programme_a, od_lead_b):
    page = open_as(od_lead_b)
    response = page.goto(f"{live_server.url}/programmes/{programme_a.pk}/")
    assert response.status == 404
    audit(page, "Page not found", status=404)
    expect(page.get_by_text("Trust A Together")).to_have_count(0)

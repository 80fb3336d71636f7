"""Every page a board prints, printed to A4 by headless Chromium: nothing runs off the side of
a page, links inside the portal print without their address, and each page of a survey's
results carries the survey, the day its figures were worked out and k.

The PDFs are kept in test-artifacts/print/ for a person to look at (`pdftoppm -png` turns
them into images)."""

import datetime
import math
import re
import subprocess
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from diagnostics.constants import AccessMode, Polarity, WaveStatus
from diagnostics.instruments.models import CommentQuestion
from diagnostics.records.models import Metric, MetricPoint
from diagnostics.results.models import SectorBenchmark
from diagnostics.results.services import wave_results_refresh
from diagnostics.surveys.models import Comment
from diagnostics.surveys.services import invitation_batch_create
from programmes import services as programme_services
from programmes.constants import DiagnosticTool, Element, FindingKind, InterventionStatus
from tests.diagnostics.factories import (
    DirectorateFactory,
    InstrumentVersionFactory,
    ItemFactory,
    SectionFactory,
    WaveFactory,
    add_responses,
)
from tests.programmes.factories import (
    add_action,
    add_commitment,
    add_finding,
    add_intervention,
    start_programme,
)
from tests.services import require_pdftotext
from tests.system.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

PDFS = settings.BASE_DIR / "test-artifacts" / "print"
MM = 96 / 25.4  # CSS pixels in a millimetre
PAPER_WIDTH_MM = {"portrait": 210, "landscape": 297}

# More directorates than a portrait page has room for, with long names.
DIRECTORATES = [
    "Community and mental health services",
    "Corporate services",
    "Emergency care and acute medicine",
    "Estates and facilities",
    "Medicine",
    "Surgery and anaesthetics",
    "Women's and children's services",
    "Diagnostics and pharmacy",
    "Rehabilitation and therapies",
    "Research and development",
    "Informatics",
    "Workforce and organisational development",
]


@dataclass
class Printable:
    """A page a board would print: its name in messages, its address, and the words its
    running header must print on every page (none for pages outside a survey or
    programme)."""

    name: str
    url: str
    header: list[str]
    expect_text: tuple[str, ...] = ()


def board_pack(trust, od_lead) -> SimpleNamespace:
    """A trust whose figures, findings and plans are as wide and long as real ones get: two
    published surveys with a dozen directorates, sector benchmarks, comments; a programme
    with findings from every tool, a dozen interventions, actions and a strategy."""
    version = InstrumentVersionFactory()
    for position, element in enumerate(Element.values, start=1):
        section = SectionFactory(version=version, position=position, title=f"Part {position}")
        for item in range(1, 4):
            ItemFactory(
                section=section,
                position=item,
                element=element,
                code=f"{element[:4].upper()}-{item}",
                text=f"Statement {item}: in my team, people {element.replace('_', ' ')} "
                "together when the work is hard, and leaders notice and say so",
                polarity=Polarity.NEGATIVE if item == 3 else Polarity.POSITIVE,
            )
    question = CommentQuestion.objects.create(
        version=version, position=1, code="C1", text="What one thing would you change?"
    )
    directorates = [
        DirectorateFactory(trust=trust, name=name, code=f"dir-{number}")
        for number, name in enumerate(DIRECTORATES)
    ]
    codes = [d.code for d in directorates]
    now = timezone.now()
    waves = []
    for years_ago, count in ((1, 150), (0, 220)):
        wave = WaveFactory(
            trust=trust,
            title=f"Staff culture survey {2026 - years_ago}",
            status=WaveStatus.CLOSED,
            threshold_k=5,
            version=version,
            opens_at=now - datetime.timedelta(days=365 * years_ago + 40),
            closes_at=now - datetime.timedelta(days=365 * years_ago + 10),
        )
        wave.directorates.set(directorates)
        add_responses(wave, count, seed=count, directorates=codes)
        wave_results_refresh(wave_id=wave.pk)
        waves.append(wave)
    wave = waves[-1]
    for element in Element.values:
        SectorBenchmark.objects.create(
            instrument=version.instrument,
            sector=trust.sector,
            kind="element",
            element=element,
            trusts=7,
            median=6.1,
            lower_quartile=5.6,
            upper_quartile=6.7,
            computed_at=now,
        )
    for number in range(6):
        Comment.objects.create(
            wave=wave,
            question=question,
            # A pasted address is one long word.
            text=f"Comment {number}: rotas come out late, so nobody can plan childcare. "
            "See https://intranet.example.nhs.uk/sites/StaffForum/Lists/RotasAndChildcare"
            "PlanningForTheEmergencyDepartmentAndAcuteMedicalUnit " * 2,
        )

    programme = start_programme(trust, od_lead, name="Caring Together culture programme")
    for number, tool in enumerate(DiagnosticTool.values):
        for element, kind in (
            (Element.TEAMWORK, FindingKind.AREA),
            (Element.values[number % len(Element.values)], FindingKind.STRENGTH),
        ):
            add_finding(
                programme,
                od_lead,
                tool=tool,
                element=element,
                kind=kind,
                statement="Staff in several directorates say their managers listen, but that "
                "decisions made at board level are not explained to the wards",
            )
    programme_services.element_summary_set(
        programme=programme,
        actor=od_lead,
        element=Element.TEAMWORK,
        summary="Every tool found that teams work well inside a ward and poorly across them.",
    )
    for number in range(12):
        add_intervention(
            programme,
            od_lead,
            title=f"Cross-directorate Schwartz rounds and reflective practice {number + 1}",
            status=InterventionStatus.PLANNED if number % 3 else InterventionStatus.EXISTING,
            elements=[Element.values[number % 6], Element.TEAMWORK],
        )
    for number in range(4):
        action = add_action(
            programme,
            od_lead,
            od_lead,
            title=f"Train every ward manager in compassionate conversations, cohort {number}",
            resources="https://www.england.nhs.uk/culture/culture-leadership-programme/"
            "a-long-address-for-the-compassionate-conversations-toolkit-and-workbook/",
        )
        # Progress notes as long as real ones get, one with a pasted address (one long word).
        for written in range(3):
            programme_services.action_note_add(
                action=action,
                actor=od_lead,
                text=f"Update {written + 1}: twelve of fourteen ward managers came to the "
                "session; two will join the next cohort. Feedback forms are on "
                "https://intranet.example.nhs.uk/sites/OrganisationalDevelopment/Shared"
                "Documents/CompassionateConversationsCohortFeedbackForms " * (written + 1),
            )
    strategy = programme.strategy
    programme_services.strategy_update(
        strategy=strategy,
        actor=od_lead,
        commitment="The board commits to explain every decision that changes a ward's work.",
        vision="Compassionate, inclusive care for every patient, by every member of staff.",
    )
    programme_services.strategy_board_approve(
        strategy=strategy,
        actor=programme.sponsor or od_lead,
        approved_on=timezone.localdate(),
        document=ContentFile(b"%PDF-1.4 board paper", name="strategy.pdf"),
    )
    programme_services.priority_create(
        strategy=strategy,
        actor=od_lead,
        title="Work across directorates",
        description="Shared rounds, shared rotas and shared learning.",
        findings=list(programme.findings.all()[:3]),
    )
    add_commitment(programme, od_lead)
    metric = Metric.objects.create(programme=programme, name="Staff turnover", unit="%")
    MetricPoint.objects.bulk_create(
        MetricPoint(metric=metric, month=datetime.date(2024 + m // 12, m % 12 + 1, 1), value=v)
        for m, v in enumerate([11.2, 10.8, 11.5, 12.1, 10.9, 11.7] * 4)
    )
    codes_wave = WaveFactory(trust=trust, title="Ward survey", access_mode=AccessMode.CODES)
    batch = invitation_batch_create(wave=codes_wave, actor=od_lead, size=40)
    return SimpleNamespace(wave=wave, programme=programme, codes_wave=codes_wave, batch=batch)


def printable_pages(pack) -> list[Printable]:
    """Every page with a "Print" button, and every page a board would print."""
    wave, programme = pack.wave, pack.programme
    worked_out = date_format(timezone.localtime(wave.result.computed_at), "j F Y")
    results = [wave.title, f"figures worked out on {worked_out}", f"k = {wave.threshold_k}"]
    plans = [programme.name, "as it stood on"]
    survey = {"pk": wave.pk}
    plan = {"pk": programme.pk}
    return [
        Printable("board report", reverse("diagnostics:results-report", kwargs=survey), results),
        Printable("results overview", reverse("diagnostics:results", kwargs=survey), results),
        Printable(
            "results for one element",
            reverse("diagnostics:results-element", kwargs=survey | {"element": "teamwork"}),
            results,
        ),
        Printable("heatmap", reverse("diagnostics:results-heatmap", kwargs=survey), results),
        Printable("comments", reverse("diagnostics:results-comments", kwargs=survey), results),
        Printable("synthesis board", reverse("programmes:synthesis", kwargs=plan), plans),
        Printable("interventions", reverse("programmes:interventions", kwargs=plan), plans),
        Printable("strategy", reverse("programmes:strategy", kwargs=plan), plans),
        Printable(
            "action plan",
            reverse("programmes:actions", kwargs=plan),
            plans,
            # A link to another site keeps its address on paper.
            expect_text=("(Link: https://www.england.nhs.uk/",),
        ),
        Printable(
            "action plan with progress notes",
            reverse("programmes:action-plan-print", kwargs=plan),
            plans,
            expect_text=("Update 3: twelve of fourteen ward managers", "3 progress notes"),
        ),
        Printable("evaluation", reverse("diagnostics:evaluation", kwargs=plan), plans),
        Printable(
            "invitation code sheet",
            reverse(
                "diagnostics:code-batch-print",
                kwargs={"pk": pack.codes_wave.pk, "batch_pk": pack.batch.pk},
            ),
            [],
        ),
    ]


# print.css's @page rules: each named page's paper size and side margins.
PAGE_RULES = """() => {
  const rules = {};
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule instanceof CSSPageRule) {
        const style = rule.style;
        rules[rule.selectorText] = {
          size: style.getPropertyValue("size"),
          left: style.getPropertyValue("margin-left"),
          right: style.getPropertyValue("margin-right"),
        };
      }
    }
  }
  return rules;
}"""

# Printing does not resize the window, so plotly does not redraw a chart for the paper: keep
# each chart at the width it was drawn for the screen, as it is when printed.
FREEZE_CHARTS = """() => {
  const charts = [...document.querySelectorAll(".js-plotly-plot")];
  for (const chart of charts) window.removeEventListener("resize", chart._responsiveChartHandler);
  return charts.every((chart) => typeof chart._responsiveChartHandler === "function");
}"""

CHARTS_DRAWN = """() => [...document.querySelectorAll("[data-chart]")].every(
  (chart) => chart.querySelector("svg.main-svg[viewBox]"))"""

# Everything drawn on pages of one name whose box, or whose text, reaches past the printable
# width. Not counted: a box of a pixel or less (not drawn, or text for screen readers only),
# a box wholly left of the page (put off-screen on purpose), and what is inside an SVG,
# which clips its own drawing to its box.
OVERFLOWING = """([pageName, limit]) => {
  const names = new Map();
  const pageOf = (element) => {
    if (!element || element === document.documentElement) return "";
    if (!names.has(element)) {
      const own = getComputedStyle(element).page;
      names.set(element, own && own !== "auto" ? own : pageOf(element.parentElement));
    }
    return names.get(element);
  };
  const describe = (element) => {
    const classes = [...element.classList].map((name) => "." + name).join("");
    const id = element.id ? "#" + element.id : "";
    const text = (element.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 50);
    return `<${element.tagName.toLowerCase()}${id}${classes}> "${text}"`;
  };
  const found = [];
  const shown = NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT;
  const walker = document.createTreeWalker(document.body, shown);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const isText = node.nodeType === Node.TEXT_NODE;
    const element = isText ? node.parentElement : node;
    if (pageOf(element) !== pageName || (isText && !node.textContent.trim())) continue;
    if (element.closest("svg") && element.closest("svg") !== node) continue;
    let box;
    if (isText) {
      const range = document.createRange();
      range.selectNodeContents(node);
      box = range.getBoundingClientRect();
    } else {
      box = node.getBoundingClientRect();
    }
    if ((box.width <= 1 && box.height <= 1) || box.right <= 0) continue;
    if (box.right > limit + 0.5 || box.left < -0.5) {
      const what = isText ? `text in ${describe(element)}` : describe(element);
      found.push(`${what} spans ${Math.round(box.left)} to ${Math.round(box.right)}px`);
    }
  }
  return found;
}"""


def _mm(length: str) -> float:
    assert length.endswith("mm"), f"print.css: page margins in mm, not {length!r}"
    return float(length.removesuffix("mm"))


def printable_widths(page) -> dict[str, float]:
    """Each named page's printable width in CSS px ("" is the unnamed page), from print.css."""
    rules = page.evaluate(PAGE_RULES)
    default = rules[""]
    widths = {}
    for name, rule in rules.items():
        if name.startswith(":"):  # :first and the like: same paper as the page they match
            continue
        size = rule["size"] or default["size"]
        assert size.lower().startswith("a4"), f"@page {name}: {size!r} is not A4"
        paper = PAPER_WIDTH_MM["landscape" if "landscape" in size else "portrait"]
        margins = _mm(rule["left"] or default["left"]) + _mm(rule["right"] or default["right"])
        widths[name] = (paper - margins) * MM
    return widths


def overflows(page, widths: dict[str, float]) -> list[str]:
    """What runs past the printable width, laid out for print at each named page's width."""
    found = []
    for name, width in widths.items():
        limit = math.floor(width)
        page.set_viewport_size({"width": limit, "height": DESKTOP["height"]})
        assert page.evaluate("document.documentElement.clientWidth") == limit
        paper = f"{name or 'portrait'} page, {limit}px wide"
        found += [f"{what} ({paper})" for what in page.evaluate(OVERFLOWING, [name, limit])]
    page.set_viewport_size(DESKTOP)
    return found


def pdf_pages(path) -> list[str]:
    """Each printed page's text, its white space as single spaces."""
    text = subprocess.run(  # noqa: S603 - our own PDF, read by poppler's pdftotext
        [require_pdftotext(), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


INTERNAL_ADDRESS = re.compile(r"\(Link: (?!https?:|mailto:)[^)]{0,60}")


def test_printable_pages_fit_a4_without_internal_addresses(
    sign_in_as, live_server, od_lead_a, trust_a
):
    require_pdftotext()
    pack = board_pack(trust_a, od_lead_a)
    page = sign_in_as(od_lead_a)
    PDFS.mkdir(parents=True, exist_ok=True)
    problems = []
    for printable in printable_pages(pack):
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}{printable.url}")
        page.wait_for_function("() => window.__nhsukInit === true")
        page.wait_for_function(CHARTS_DRAWN)
        assert page.evaluate(FREEZE_CHARTS), "plotly no longer redraws on resize this way"
        page.emulate_media(media="print")

        path = PDFS / f"{printable.name.replace(' ', '-')}.pdf"
        page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
        texts = pdf_pages(path)
        for number, text in enumerate(texts, start=1):
            where = f"{printable.name} ({printable.url}), printed page {number}"
            problems += [
                f"{where}: prints the address {address!r}"
                for address in INTERNAL_ADDRESS.findall(text)
            ]
            missing = [words for words in printable.header if words not in text]
            if missing:
                problems.append(f"{where}: the running header lacks {missing}")
        whole = " ".join(texts)
        problems += [
            f"{printable.name}: the printout lacks {words!r}"
            for words in printable.expect_text
            if words not in whole
        ]
        problems += [
            f"{printable.name} ({printable.url}): {what}"
            for what in overflows(page, printable_widths(page))
        ]
        problems += [f"{printable.name}: CSP {v}" for v in page.watch.csp_violations()]
        page.emulate_media(media="screen")
    assert not problems, "Printed pages that do not fit or say too much:\n" + "\n".join(
        problems[:40]
    )

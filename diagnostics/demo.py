"""Demo surveys: for each pilot trust an earlier and a recent closed wave with several
hundred synthetic responses, and one open wave anyone can take straight away.

Synthetic answers are drawn from seeded random numbers, so every run makes the same data;
directorates differ (some teams are happier than others) and the recent wave is a little
better than the earlier one, so comparisons have something to show.
"""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import Trust
from core.codes import code_hash
from core.redaction import redact_identifiers
from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, STAFF_GROUPS, AccessMode, WaveStatus
from diagnostics.instruments.models import InstrumentVersion, Item
from diagnostics.instruments.services import instruments_shipped_load
from diagnostics.records import services as records
from diagnostics.records.csv_import import FeedbackRow, MetricRow, WorkforceRow
from diagnostics.records.models import Improvement
from diagnostics.results.services import (
    sector_benchmarks_refresh,
    survey_comment_code,
    wave_results_refresh,
)
from diagnostics.surveys.models import (
    Answer,
    Comment,
    Directorate,
    Headcount,
    InvitationBatch,
    InvitationCode,
    PendingComment,
    Response,
    Wave,
)
from diagnostics.surveys.services import INVITATION_PURPOSE
from programmes.coding import suggest_elements
from programmes.constants import FRAMEWORK_ELEMENTS, Element
from programmes.models import Programme

PILOT_CODES = ["RW3", "RTF", "RWK"]
BENCHMARK_CODES = ["RM1", "REF", "RDU"]
DIRECTORATES = {
    "RW3": ["Medicine", "Surgery", "Women and children", "Clinical support", "Corporate services"],
    "RTF": ["Emergency care", "Surgery", "Community services", "Medicine", "Corporate services"],
    "RWK": ["Adult mental health", "Community health", "Forensic services", "Corporate services"],
}
# How much better (+) or worse (-) each directorate feels, on the 1-5 scale.
DIRECTORATE_MOOD = [0.35, -0.25, 0.1, -0.45, 0.2]
OPEN_WAVE_SLUG = "northumbria-culture-now"
DEMO_CODES = ["SAFE2-CARE3", "SAFE2-CARE4", "SAFE2-CARE5", "SAFE2-CARE6", "SAFE2-CARE7"]
DEMO_COMMENTS = [
    "Our ward manager makes time to listen, and it shows in how we treat patients.",
    "Rotas are published late, which makes it hard to plan childcare. Contact me on "
    "someone@example.nhs.uk about it.",
    "I would like more chances to try out new ideas without waiting months for approval.",
    "Senior leaders are visible on the wards more than they used to be. Keep it up.",
    "Some teams still do not feel able to speak up when something goes wrong.",
    "Training for new starters has got much better this year.",
    "Handovers are calmer since the huddle moved to the start of the shift.",
    "We are short of staff most weekends and nobody above us seems to notice.",
    "My team pulls together when things are hard; I am proud of that.",
    "Appraisals feel like a form to fill in rather than a conversation.",
    "The new incident reporting system is quicker, but we rarely hear what happened next.",
    "Please make it easier to move between teams to learn new skills.",
    "Dr Jane Smithson on ward 12 always explains decisions; more consultants should.",
    "Flexible working requests take far too long to be answered.",
    "I feel trusted to make decisions about the patients in my care.",
    "Breaks get skipped on busy days and that is seen as normal.",
    "The team on our ward covers for each other without being asked.",
    "Communication between departments is poor; we find out about changes last.",
    "Handovers between wards lose information about patients.",
    "My colleagues are the reason I stay.",
    "Our team huddles are short, friendly and useful.",
    "Teams in theatres and on the wards rarely talk to each other.",
    "Working together with the community teams has got easier this year.",
    "Nobody knew who was in charge during the last major incident.",
    "The team leader listens and acts on what we say.",
    "Bank staff are not treated as part of the team.",
    "Teamwork in the emergency department is excellent under pressure.",
    "When I joined, my colleagues made me feel welcome straight away.",
    "The night team and the day team blame each other for what goes wrong.",
    "I would like more joined up working with social care.",
]
# Comments of each pilot trust's latest survey the demo leaves for the team to code.
UNCODED_DEMO_COMMENTS = 5


def _likely_value(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _make_responses(wave: Wave, directorates, count: int, lift: float, seed: str) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not security
    items = list(Item.objects.filter(section__version=wave.version).select_related("section"))
    element_mood = {element: rng.uniform(-0.3, 0.3) for element in {i.element for i in items}}
    staff_groups = [code for code, _ in STAFF_GROUPS]
    bands = [code for code, _ in BANDS]
    submitted_on = min(timezone.localdate(), timezone.localdate(wave.closes_at) - timedelta(days=3))
    responses = []
    for _ in range(count):
        index = rng.randrange(len(directorates) + 1)
        directorate = directorates[index].code if index < len(directorates) else PREFER_NOT_TO_SAY
        responses.append(
            Response(
                wave=wave,
                submitted_on=submitted_on,
                directorate=directorate,
                staff_group=rng.choice(staff_groups[:6] + [PREFER_NOT_TO_SAY]),
                band=rng.choice(bands[:6] + [PREFER_NOT_TO_SAY]),
            )
        )
    Response.objects.bulk_create(responses)
    mood_by_code = {d.code: DIRECTORATE_MOOD[i % 5] for i, d in enumerate(directorates)}
    answers = []
    for response in Response.objects.filter(wave=wave):
        mood = mood_by_code.get(response.directorate, 0.0)
        for item in items:
            if not item.required and rng.random() < 0.1:
                continue
            mean = 3.4 + lift + mood + element_mood[item.element]
            value = _likely_value(rng, mean)
            if item.polarity == "negative":
                value = 6 - value
            answers.append(Answer(response=response, item=item, value=value))
    Answer.objects.bulk_create(answers, batch_size=5000)
    question = wave.version.comment_questions.first()
    if question:
        # A closed survey's comments were released at its close; an open one's wait for it.
        model = Comment if wave.status == WaveStatus.CLOSED else PendingComment
        comments = [
            model(wave=wave, question=question, text=redact_identifiers(t)) for t in DEMO_COMMENTS
        ]
        rng.shuffle(comments)
        model.objects.bulk_create(comments)


def _wave(trust, version, *, title, slug, opens, closes, status, access=AccessMode.OPEN_LINK):
    wave, created = Wave.objects.get_or_create(
        slug=slug,
        defaults={
            "trust": trust,
            "version": version,
            "title": title,
            "opens_at": opens,
            "closes_at": closes,
            "status": status,
            "access_mode": access,
            "intro_text": "Tell us what it is really like to work here. It takes about 10 minutes.",
        },
    )
    if created:
        wave.directorates.set(trust.directorates.all())
    return wave, created


INTERVIEW_ROLES = [
    "Chair",
    "Chief executive",
    "Chief nurse",
    "Medical director",
    "Finance director",
    "Chief operating officer",
    "Chief people officer",
    "Non-executive director",
    "Non-executive director",
    "Non-executive director",
    "Director of strategy",
    "Company secretary",
]
INTERVIEW_THEMES = {
    Element.VISION_VALUES: ["The values are known, but not always lived under pressure"],
    Element.TEAMWORK: ["Divisions compete for money", "The executive team trusts each other"],
    Element.SUPPORT_COMPASSION: ["Board rarely hears how staff are really doing"],
    Element.EQUITY_INCLUSION: ["The board is less diverse than the communities it serves"],
}
FOCUS_GROUPS = [
    ("Night shift, emergency department", ["nursing_midwifery", "nursing_support"], 9),
    ("Porters and domestic staff", ["estates_ancillary"], 12),
    ("Junior doctors' forum", ["medical_dental"], 14),
    ("Community nursing teams", ["nursing_midwifery", "ahp"], 8),
]
FOCUS_THEMES = {
    Element.SUPPORT_COMPASSION: ["Breaks are skipped when the ward is short"],
    Element.LEARNING_INNOVATION: ["Ideas go to a committee and are not heard of again"],
    Element.EQUITY_INCLUSION: ["Acting-up chances go to the same people"],
}
# The metrics move by their `change` in the last this many months: a shift the SPC rules see.
CHANGED_MONTHS = 8
# name, unit, better, target, baseline, wobble, change in the last months
METRICS = [
    ("Staff turnover", "%", Improvement.DOWN, 10.0, 12.0, 0.6, -1.4),
    ("Sickness absence", "%", Improvement.DOWN, 4.5, 4.8, 0.3, 0.5),
    ("Vacancy rate", "%", Improvement.DOWN, None, 8.5, 0.5, 0.0),
    (
        "Staff friends and family: recommend as a place to work",
        "%",
        Improvement.UP,
        65.0,
        61.0,
        1.5,
        3.0,
    ),
    ("Incidents reported per 1,000 bed days", "", Improvement.NEITHER, None, 48.0, 3.0, 0.0),
]
# Metrics whose shift had a known, deliberate cause: their limits are recalculated from the
# first changed month, as Making Data Count advises, so the demo chart shows both periods.
REBASELINES = {
    "Staff turnover": "self-rostering began on every ward, giving staff a say in their shifts",
}
PATIENT_COMMENTS = [
    ("Friends and family test", "The nurses were so kind and took time to listen to my worries."),
    ("Friends and family test", "I waited six hours in A&E and nobody told me why."),
    ("PALS", "My mum was passed between three teams and nobody knew her history."),
    ("Friends and family test", "Staff treated my dad with real dignity and respect."),
    ("PALS", "There was no interpreter for my appointment, so my son had to translate."),
    ("Friends and family test", "The team worked together brilliantly during my operation."),
    ("Complaint", "My complaint was handled well and they told me what they would change."),
    ("Friends and family test", "Appointment cancelled twice on the day. Very frustrating."),
    ("PALS", "The ward could not find a wheelchair for me to get to the toilet."),
    ("Friends and family test", "Caring, friendly staff from start to finish."),
    ("Friends and family test", "The doctor was rude and did not listen."),
    ("Complaint", "Nobody learned from the mistake made with my medication."),
]


def _months_back(today, count):
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def _seed_tool_records(programme, rng: random.Random) -> None:
    """Interviews, focus groups, metrics, workforce and patient feedback for a demo
    programme, through the same services as the pages (idempotent)."""
    if programme.board_interviews.exists():
        return
    actor = programme.trust.memberships.filter(role="od_lead").first().user
    today = timezone.localdate()
    start = programme.start_date
    done = {"RWK": 5}.get(programme.trust.ods_code, len(INTERVIEW_ROLES))
    for number, role in enumerate(INTERVIEW_ROLES[:done]):
        themes = {
            element: texts for element, texts in INTERVIEW_THEMES.items() if rng.random() < 0.6
        }
        records.board_interview_save(
            programme=programme,
            actor=actor,
            held_on=min(today, start + timedelta(days=70 + 4 * number)),
            interviewer=actor.full_name,
            interviewee_role=role,
            notes="Record sheet completed; key messages shared with the interviewee.",
            themes=themes,
        )
    for number, (title, groups, participants) in enumerate(FOCUS_GROUPS):
        records.focus_group_save(
            programme=programme,
            actor=actor,
            held_on=min(today, start + timedelta(days=80 + 9 * number)),
            title=title,
            staff_groups=groups,
            participants=participants,
            themes=FOCUS_THEMES,
        )
    months = _months_back(today, 24)
    rows = []
    for name, _unit, _better, _target, baseline, wobble, change in METRICS:
        for index, month in enumerate(months):
            level = baseline + (change if index >= len(months) - CHANGED_MONTHS else 0)
            rows.append(MetricRow(name, month, round(level + rng.uniform(-wobble, wobble), 2)))
    records.metric_points_import(programme=programme, actor=actor, rows=rows)
    for metric in programme.metrics.all():
        _, unit, better, target, *_ = next(m for m in METRICS if m[0] == metric.name)
        records.metric_update(
            metric=metric,
            actor=actor,
            name=metric.name,
            unit=unit,
            improvement=better,
            target=target,
        )
        if metric.name in REBASELINES:
            records.metric_rebaseline_add(
                metric=metric,
                actor=actor,
                from_month=months[-CHANGED_MONTHS],
                reason=REBASELINES[metric.name],
            )
    workforce = []
    for directorate in DIRECTORATES[programme.trust.ods_code]:
        for group in ("nursing_midwifery", "medical_dental", "admin_clerical"):
            for band in ("Band 5", "Band 7", "Band 8a"):
                for sex in ("Female", "Male"):
                    for ethnicity in ("White", "Asian", "Black", "Mixed", "Prefer not to say"):
                        # Fewer ethnic minority staff in Band 8a: the gap to find.
                        most = 40 if ethnicity == "White" else (4 if band == "Band 8a" else 9)
                        size = rng.randint(0, most)
                        if size:
                            workforce.append(
                                WorkforceRow(
                                    directorate,
                                    group,
                                    band,
                                    sex,
                                    ethnicity,
                                    "No",
                                    rng.choice(["25-34", "35-44", "45-54"]),
                                    size,
                                )
                            )
    workforce = list(
        {
            (r.directorate, r.staff_group, r.band, r.sex, r.ethnicity, r.disability, r.age_band): r
            for r in workforce
        }.values()
    )
    records.workforce_upload_replace(
        programme=programme, actor=actor, file_name="workforce-demo.csv", rows=workforce
    )
    records.patient_comments_import(
        programme=programme,
        actor=actor,
        file_name="patient-feedback-demo.csv",
        rows=[
            FeedbackRow(today - timedelta(days=10 + 3 * number), source, text)
            for number, (source, text) in enumerate(PATIENT_COMMENTS)
        ],
    )
    elements = FRAMEWORK_ELEMENTS[programme.framework]
    for comment in programme.patient_comments.order_by("received_on")[: len(PATIENT_COMMENTS) // 2]:
        records.patient_comment_code(
            comment=comment, actor=actor, elements=suggest_elements(comment.text, elements)
        )


def _code_survey_comments(programme) -> None:
    """Code the latest closed survey's released comments, all but a few, to the elements the
    keywords suggest, as the OD lead might accept them: the comments page then has codes
    to filter by, some elements under k (idempotent)."""
    wave = (
        Wave.objects.filter(trust=programme.trust, status=WaveStatus.CLOSED)
        .order_by("-closes_at")
        .first()
    )
    if wave is None or Comment.objects.filter(wave=wave, elements_decided=True).exists():
        return
    actor = programme.trust.memberships.filter(role="od_lead").first().user
    elements = FRAMEWORK_ELEMENTS[programme.framework]
    comments = list(Comment.objects.filter(wave=wave).order_by("question_id", "id"))
    for comment in comments[:-UNCODED_DEMO_COMMENTS]:
        survey_comment_code(
            comment=comment, actor=actor, elements=suggest_elements(comment.text, elements)
        )


def seed(stdout) -> None:
    instruments_shipped_load()
    version = InstrumentVersion.objects.published().get(
        instrument__slug="whole-staff-culture", number=1
    )
    now = timezone.now()
    for ods_code in PILOT_CODES:
        trust = Trust.objects.get(ods_code=ods_code)
        for name in DIRECTORATES[ods_code]:
            Directorate.objects.get_or_create(
                trust=trust, code=name.lower().replace(" ", "-"), defaults={"name": name}
            )
        directorates = list(trust.directorates.order_by("name"))
        for years_ago, count, lift in ((2, 320, 0.0), (1, 420, 0.2)):
            year = now.year - years_ago
            wave, created = _wave(
                trust,
                version,
                title=f"Staff culture survey {year}",
                slug=f"{ods_code.lower()}-culture-{year}",
                opens=now - timedelta(days=365 * years_ago + 30),
                closes=now - timedelta(days=365 * years_ago),
                status=WaveStatus.CLOSED,
            )
            if created:
                _make_responses(wave, directorates, count, lift, seed=wave.slug)
                Headcount.objects.bulk_create(
                    Headcount(wave=wave, dimension="directorate", group=d.code, headcount=250)
                    for d in directorates
                )
            wave_results_refresh(wave_id=wave.pk)
    # Last year's survey at the other acute trusts too: with the two acute pilot trusts,
    # five trusts of one sector, enough for a sector benchmark.
    for ods_code in BENCHMARK_CODES:
        trust = Trust.objects.get(ods_code=ods_code)
        for name in ("Medicine", "Surgery", "Women and children", "Clinical support"):
            Directorate.objects.get_or_create(
                trust=trust, code=name.lower().replace(" ", "-"), defaults={"name": name}
            )
        year = now.year - 1
        wave, created = _wave(
            trust,
            version,
            title=f"Staff culture survey {year}",
            slug=f"{ods_code.lower()}-culture-{year}",
            opens=now - timedelta(days=395),
            closes=now - timedelta(days=365),
            status=WaveStatus.CLOSED,
        )
        if created:
            lift = {"RM1": -0.2, "REF": 0.1, "RDU": 0.35}[ods_code]
            _make_responses(wave, list(trust.directorates.order_by("name")), 180, lift, wave.slug)
        wave_results_refresh(wave_id=wave.pk)
    trust = Trust.objects.get(ods_code="RTF")
    wave, created = _wave(
        trust,
        version,
        title="Staff culture survey, this season",
        slug=OPEN_WAVE_SLUG,
        opens=now - timedelta(days=7),
        closes=now + timedelta(days=60),
        status=WaveStatus.OPEN,
        access=AccessMode.BOTH,
    )
    if created:
        # Part way through: progress shows in steps of k; figures wait for the close.
        _make_responses(wave, list(trust.directorates.order_by("name")), 150, 0.3, seed=wave.slug)
        Headcount.objects.bulk_create(
            Headcount(wave=wave, dimension="directorate", group=d.code, headcount=250)
            for d in trust.directorates.all()
        )
        batch = InvitationBatch.objects.create(wave=wave, size=len(DEMO_CODES))
        batch.downloaded_at = now
        batch.save()
        InvitationCode.objects.bulk_create(
            InvitationCode(
                wave=wave, batch=batch, code_hash=code_hash(code, purpose=INVITATION_PURPOSE)
            )
            for code in DEMO_CODES
        )
    wave_results_refresh(wave_id=wave.pk)
    sector_benchmarks_refresh()
    for programme in Programme.objects.filter(closed_on=None, trust__ods_code__in=PILOT_CODES):
        _seed_tool_records(programme, rng=random.Random(programme.trust.ods_code))  # noqa: S311
        _code_survey_comments(programme)
    stdout.write(
        f"diagnostics: demo surveys for {len(PILOT_CODES)} pilot trusts, open survey "
        f"/s/{OPEN_WAVE_SLUG}/"
    )

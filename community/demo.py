"""Demo community: the three pilot trusts and two others as members, contacts (one agreed,
one still asked), stories, events (one nearly full, one full with a waiting list, one past
with attendance) and an application from a trust not yet on the portal. Idempotent."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from accounts.constants import Region, Sector
from accounts.models import Trust, User
from community import services
from community.models import Event, Membership, MembershipApplication, Story

LONDON = zoneinfo.ZoneInfo("Europe/London")
ADMIN = "national.admin@demo.nhs.uk"

# ODS code: (pilot?, share phase?, share bright spots?, contact e-mail, contact agreed?)
MEMBERS = {
    "RW3": (True, True, True, "od.lead.manchester@demo.nhs.uk", False),
    "RTF": (True, True, True, "od.lead@demo.nhs.uk", True),
    "RWK": (True, True, True, "od.lead.elft@demo.nhs.uk", True),
    "RX8": (False, False, False, None, False),
    "RDR": (False, True, False, None, False),
}

STORIES = [
    (
        "RTF",
        "od.lead@demo.nhs.uk",
        "Board walkabouts that listen first",
        "Board members spent an hour a month on wards and in teams, asking what gets in "
        "the way, and reported back what they had changed.",
        "After our board interviews showed that directors rarely heard from the front line, "
        "each executive and non-executive director took a monthly slot with a team they did "
        "not manage. They asked two questions: what gets in the way of good care here, and "
        "what one thing would help. Notes went to a shared log that the change team "
        "reviewed each month.",
        "Within a year the log held over 300 issues, two thirds of them closed. Staff in the "
        "teams visited rated 'senior leaders act on feedback' eight points higher in our "
        "re-survey than staff elsewhere.",
        "discover",
        ["support_compassion", "vision_values"],
        "board, listening, executive",
    ),
    (
        "RW3",
        "od.lead.manchester@demo.nhs.uk",
        "A synthesis event that the whole board attended",
        "We brought the six diagnostic reports to one afternoon with the board and 60 "
        "staff, and agreed five priorities together.",
        "We printed each tool's strengths and areas to develop on large boards, one per "
        "cultural element, and asked mixed tables of directors and staff to add what "
        "surprised them. Each table voted on the three areas that mattered most.",
        "The five priorities in our strategy came straight from the votes, and staff who "
        "took part became the first members of our change team's wider network.",
        "discover",
        ["teamwork", "goals_performance"],
        "synthesis, board, engagement",
    ),
    (
        "RWK",
        "od.lead.elft@demo.nhs.uk",
        "Quality improvement coaching for every team leader",
        "Team leaders learned to run small tests of change with their teams, with a coach "
        "for the first three projects.",
        "Every band 7 team leader joined a four-session course on improvement methods, then "
        "ran three small projects chosen by their team with a coach alongside.",
        "Over 200 projects ran in the first year. 'I am able to make improvements happen "
        "in my area of work' rose significantly in our staff survey.",
        "deliver",
        ["learning_innovation"],
        "quality improvement, coaching, team leaders",
    ),
    (
        "RTF",
        "od.lead@demo.nhs.uk",
        "Making inclusion part of every appraisal",
        "Appraisals now include a conversation about inclusion and fair access to "
        "development, recorded and followed up.",
        "We added three questions to the appraisal form about access to training, "
        "development and flexible working, and trained appraisers to ask them well.",
        "The share of staff from ethnic minority backgrounds reaching Band 8a has started "
        "to rise, and the workforce analysis will track it each year.",
        "design",
        ["equity_inclusion", "support_compassion"],
        "appraisal, inclusion, workforce",
    ),
]

WAITING_STORY = (
    "RWK",
    "od.lead.elft@demo.nhs.uk",
    "Peer support after difficult shifts",
    "Short, structured team conversations after difficult shifts, led by trained peers.",
    "Trained peer supporters offered a fifteen-minute conversation at the end of shifts "
    "where something difficult had happened.",
    "Early feedback from 40 sessions is positive; we will see the survey results next year.",
    "deliver",
    ["support_compassion", "teamwork"],
    "wellbeing, peer support",
)


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


EVENTS = [
    (
        "Learning set: turning findings into priorities",
        "learning_set",
        "A learning set for trusts moving from Discover into Design. Bring your synthesis "
        "board; leave with a draft list of priorities tested by your peers.",
        21,
        10,
        15,
        False,
        "",
        "Skipton House, 80 London Road, London SE1 6LH",
        30,
    ),
    (
        "Webinar: reading your survey results with a board",
        "webinar",
        "How to present the leadership behaviours survey to a board: suppression, "
        "significance and what not to over-read.",
        10,
        12,
        13,
        True,
        "https://meet.example.nhs.uk/culture-webinar",
        "",
        100,
    ),
    (
        "National event: collective leadership in practice",
        "national",
        "A day with the pilot trusts on what changed, and what they would do differently.",
        45,
        9,
        16,
        False,
        "",
        "Manchester Central Convention Complex, Windmill Street, Manchester M2 3GX",
        2,
    ),
]


def seed(stdout) -> None:
    admin = User.objects.filter(email=ADMIN).first()
    if admin is None:
        return
    with transaction.atomic():
        _members()
        stories = _stories(admin)
        events = _events(admin)
        _application()
    stdout.write(
        f"community: {len(MEMBERS)} members, {stories} stories, {events} events, "
        "1 application waiting"
    )


def _members() -> None:
    for code, (pilot, phase, bright, contact_email, agreed) in MEMBERS.items():
        trust = Trust.objects.get(ods_code=code)
        if Membership.objects.filter(trust=trust).exists():
            continue
        contact = User.objects.filter(email=contact_email).first() if contact_email else None
        Membership.objects.create(
            trust=trust,
            joined_on=timezone.localdate() - datetime.timedelta(days=400),
            is_pilot=pilot,
            share_phase=phase,
            share_bright_spots=bright,
            contact=contact,
            contact_consented_at=timezone.now() if contact and agreed else None,
        )


def _stories(admin) -> int:
    created = 0
    for offset, row in enumerate([*STORIES, WAITING_STORY]):
        code, author_email, title, summary, did, result, phase, elements, tags = row
        if Story.objects.filter(title=title).exists():
            continue
        story = services.story_create(
            trust=Trust.objects.get(ods_code=code),
            author=User.objects.get(email=author_email),
            title=title,
            summary=summary,
            what_we_did=did,
            result=result,
            phase=phase,
            elements=elements,
            tags=tags,
        )
        services.story_submit(story=story, actor=story.author)
        if row is not WAITING_STORY:
            services.story_publish(story=story, actor=admin)
            Story.objects.filter(pk=story.pk).update(
                published_at=timezone.now() - datetime.timedelta(days=30 * (offset + 1))
            )
        created += 1
    return created


def _events(admin) -> int:
    created = 0
    for title, kind, text, days, start, end, online, link, venue, capacity in EVENTS:
        if Event.objects.filter(title=title).exists():
            continue
        event = services.event_create(
            actor=admin,
            title=title,
            kind=kind,
            description=text,
            starts_at=_at(days, start),
            ends_at=_at(days, end),
            online=online,
            joining_link=link,
            venue=venue,
            capacity=capacity,
        )
        created += 1
        if capacity == 2:  # the national event: full, with one person waiting
            for email, code in (
                ("od.lead.manchester@demo.nhs.uk", "RW3"),
                ("od.lead.elft@demo.nhs.uk", "RWK"),
                ("change.team@demo.nhs.uk", "RTF"),
            ):
                services.registration_create(
                    event=event,
                    user=User.objects.get(email=email),
                    trust=Trust.objects.get(ods_code=code),
                )
    past_title = "Learning set: preparing for board interviews"
    if not Event.objects.filter(title=past_title).exists():
        event = Event.objects.create(
            title=past_title,
            kind="learning_set",
            description="How the pilot trusts ran their board interviews, and what they "
            "would ask again.",
            starts_at=_at(-30, 10),
            ends_at=_at(-30, 13),
            online=True,
            joining_link="https://meet.example.nhs.uk/board-interviews",
            capacity=40,
            created_by=admin,
        )
        for email, code in (
            ("od.lead@demo.nhs.uk", "RTF"),
            ("od.lead.elft@demo.nhs.uk", "RWK"),
        ):
            event.registrations.create(
                user=User.objects.get(email=email),
                trust=Trust.objects.get(ods_code=code),
                status="booked",
                attended=email == "od.lead@demo.nhs.uk",
            )
        created += 1
    return created


def _application() -> None:
    if MembershipApplication.objects.filter(trust__ods_code="RY7").exists():
        return
    services.application_submit_new_trust(
        trust_name="Wirral Community Health and Care NHS Foundation Trust",
        ods_code="RY7",
        sector=Sector.COMMUNITY,
        region=Region.NORTH_WEST,
        applicant_name="Priya Patel",
        applicant_email="priya.patel@wirral.example.nhs.uk",
        job_title="Head of organisational development",
        hopes="We start Discover in the spring and would like to learn from trusts that "
        "have run board interviews and focus groups.",
        consent_to_list=True,
    )

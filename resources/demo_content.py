"""Starter content for the resource library: 25 demo resources written for this portal.

Each resource is a plain dict that the seeding code turns into a ``Resource`` row. The texts are
written in the portal's own words, in plain English, for OD leads, boards, analysts and other
staff running the culture and leadership programme.

Keys in each dict:

- ``title`` and ``slug``: unique; the slug is lowercase and hyphenated.
- ``summary``: one or two sentences.
- ``body``: Markdown with ``##`` subheadings, no raw HTML and no images.
- ``kind``: guide, tool, template, case_study, video, evidence_summary or related_programme.
- ``phases``, ``tools``, ``elements`` and ``audience``: lists of codes. Phase, tool and element
  codes match ``programmes.constants`` (``PhaseKind``, ``DiagnosticTool`` and ``Element``).
- ``link``: an external https address, or ``""``.
- ``file``: ``None``, or a small spec the seeding code turns into a real file:
  ``{"kind": "pdf" | "docx" | "xlsx", "name": ..., "lines": [...]}``. For xlsx files each line
  is one row and commas separate the cells. A resource has a link or a file, never both.
- ``featured``: whether the resource is featured in the library.
- ``review_due_months``: months after publication when the resource is due for review; ``0``
  makes the review overdue straight away, so the overdue-review features have something to show.

This module deliberately imports nothing from Django, so ``check_demo_content()`` can run on its
own, for example in a quick shell check or a plain unit test.
"""

import re

# Pages named in the project's domain research; the only external addresses used here.
NHS_CLP = "https://www.england.nhs.uk/culture/culture-leadership-programme/"
SCOPING = "https://www.england.nhs.uk/culture/culture-leadership-programme/scoping-phase/"
DISCOVERY = "https://www.england.nhs.uk/culture/culture-leadership-programme/discovery-phase/"
DISCOVERY_TOOLS = (
    "https://www.england.nhs.uk/culture/culture-leadership-programme/discovery-phase/"
    "discovery-phase-tools-and-resources/"
)
DESIGN = (
    "https://www.england.nhs.uk/creating-a-culture-of-compassionate-and-inclusive-leadership/"
    "culture-and-leadership-programme-phase-2-design/"
)
INSPIRATION = "https://www.england.nhs.uk/culture/inspiration/"
KF_CULTURE = "https://www.kingsfund.org.uk/insight-and-analysis/projects/improving-nhs-culture"

DEMO_RESOURCES: list[dict] = [
    {
        "title": "The culture and leadership programme at a glance",
        "slug": "culture-and-leadership-programme-at-a-glance",
        "summary": (
            "A short overview of the programme's four phases, what each one produces and "
            "the six cultural elements that link them."
        ),
        "body": (
            "## What the programme is for\n\n"
            "The culture and leadership programme helps an NHS organisation understand "
            "its culture and then change it. NHS Improvement built it with The King's "
            "Fund, and it launched in 2016. All the tools are free to use.\n\n"
            "The aim is collective leadership. That means leadership shared by everyone, "
            "at every level, rather than held by a few people at the top.\n\n"
            "## The four phases\n\n"
            "| Phase | What you do | What you end up with |\n"
            "|---|---|---|\n"
            "| Scoping | Find a sponsor, form a change team, plan evaluation | A clear "
            "purpose and a team ready to start |\n"
            "| Discover | Run the six diagnostic tools | A report for each tool, then a "
            "synthesis |\n"
            "| Design | Choose priorities and interventions | A collective leadership "
            "strategy |\n"
            "| Deliver | Put the strategy into practice | An action plan and evidence of "
            "impact |\n\n"
            "## The six cultural elements\n\n"
            "Every finding, priority and action in this portal is tagged to one or more "
            "elements:\n\n"
            "- vision and values\n"
            "- goals and performance\n"
            "- support and compassion\n"
            "- learning and innovation\n"
            "- teamwork\n"
            "- equity and inclusion\n\n"
            "The original model had five elements. NHS England added equity and inclusion "
            "when it revised the model.\n\n"
            "## How long it takes\n\n"
            "There is no fixed timetable. The programme was first planned to run over "
            "about 2 years. Trusts that have shared their timelines spent several months "
            "on Discover alone. Set dates that suit your organisation and review them "
            "often.\n\n"
            "## Find out more\n\n"
            "Read the [NHS England culture and leadership programme "
            "pages](https://www.england.nhs.uk/culture/culture-leadership-programme/).\n"
        ),
        "kind": "guide",
        "phases": ["scoping", "discover", "design", "deliver"],
        "tools": [],
        "elements": [
            "vision_values",
            "goals_performance",
            "support_compassion",
            "learning_innovation",
            "teamwork",
            "equity_inclusion",
        ],
        "audience": ["od_leads", "boards", "all_staff"],
        "link": NHS_CLP,
        "file": None,
        "featured": True,
        "review_due_months": 12,
    },
    {
        "title": "Engaging your board sponsor",
        "slug": "engaging-your-board-sponsor",
        "summary": (
            "How to find a board sponsor, agree what you need from them and keep them "
            "involved from Scoping through to Deliver."
        ),
        "body": (
            "## Why you need a sponsor\n\n"
            "NHS England treats a board or senior-leader sponsor as a must-have before "
            "Discover starts. A sponsor gives the work authority. They open doors, "
            "protect time for the change team and make sure the board hears the findings.\n\n"
            "## Choosing the right person\n\n"
            "Look for someone who:\n\n"
            "- sits on the board or reports directly to it\n"
            "- cares about staff experience and patient care\n"
            "- will give real time, not just their name\n"
            "- can challenge colleagues when findings are uncomfortable\n\n"
            "## Agree the deal early\n\n"
            "Have an honest first conversation. Then agree in writing:\n\n"
            "1. the purpose of the programme and what success looks like\n"
            "2. how often you will meet, for example once a month\n"
            "3. what the sponsor will do at board meetings\n"
            "4. how board members will take part in board interviews\n"
            "5. how you will raise decisions and risks\n\n"
            "## Give the board questions to answer\n\n"
            "Some boards set their change team a few clear questions at the start. For "
            "example: how compassionate is our culture, where are our strengths and gaps, "
            "and what must leaders do next? Questions like these keep the work focused. "
            "They also make the final report easier to write.\n\n"
            "## Keep them involved\n\n"
            "Send your sponsor short, regular updates. Invite them to the synthesis "
            "event. Ask them to present the strategy to the board themselves. When the "
            "sponsor owns the story, the board is more likely to act on it.\n"
        ),
        "kind": "guide",
        "phases": ["scoping", "discover"],
        "tools": ["board_interviews"],
        "elements": ["vision_values", "goals_performance"],
        "audience": ["od_leads", "boards"],
        "link": SCOPING,
        "file": None,
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Evaluating impact from day one",
        "slug": "evaluating-impact-from-day-one",
        "summary": (
            "Plan how you will judge the programme's impact before Discover starts, so "
            "you have a baseline and can show what changed."
        ),
        "body": (
            "## Start before you need it\n\n"
            "The Scoping phase asks you to decide how you will judge impact from the "
            "start. If you wait until Deliver, you will have no baseline to compare "
            "against.\n\n"
            "## Set clear objectives\n\n"
            "Write down what you want to change and for whom. Good objectives are "
            'specific. "Staff feel able to raise concerns" is clearer than "improve '
            'culture".\n\n'
            "## Choose a small set of measures\n\n"
            "Use measures you already collect where you can. This saves effort and gives "
            "you history to compare with. Useful sources include:\n\n"
            "- NHS Staff Survey theme scores and the engagement score\n"
            "- leadership behaviours survey results from Discover\n"
            "- indicators from your culture and outcomes dashboard\n"
            "- workforce data such as turnover, sickness absence and agency spend\n"
            "- themes from patient feedback\n\n"
            "Mix numbers with stories. Short accounts from staff and patients show how "
            "change feels on the ground.\n\n"
            "## Record your baseline\n\n"
            "Capture each measure before you start changing things. Note the date, the "
            "source and any caveats.\n\n"
            "## Plan when to look again\n\n"
            "| When | What to do |\n"
            "|---|---|\n"
            "| End of Scoping | Agree objectives and measures |\n"
            "| End of Discover | Record the baseline |\n"
            "| Each quarter in Deliver | Review measures with the change team |\n"
            "| Once a year | Report to the board |\n\n"
            "## Be honest about cause\n\n"
            "Culture changes slowly, and many things affect it. Say what you saw and what "
            "else was happening at the same time. Avoid claiming that the programme alone "
            "caused a change.\n\n"
            "Use the evaluation plan template to write all of this down.\n"
        ),
        "kind": "guide",
        "phases": ["scoping", "deliver"],
        "tools": ["outcomes_dashboard", "survey"],
        "elements": ["goals_performance", "learning_innovation"],
        "audience": ["od_leads", "analysts", "boards"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 6,
    },
    {
        "title": "Evaluation plan template",
        "slug": "evaluation-plan-template",
        "summary": (
            "A spreadsheet for recording your objectives, measures, baseline and review "
            "dates in one place."
        ),
        "body": (
            "## What this template is for\n\n"
            "Use this spreadsheet to turn your evaluation approach into a plan the change "
            "team can keep up to date. Fill it in during Scoping and check it at the end "
            "of every phase.\n\n"
            "## What is in it\n\n"
            "The sheet has one row for each measure. For each measure you record:\n\n"
            "- the objective it relates to\n"
            "- the cultural element it tells you about\n"
            "- where the data comes from and who owns it\n"
            "- the baseline value and the date you took it\n"
            "- how often you will look at it again\n"
            "- the latest value and any notes\n\n"
            "The first rows hold examples. Replace them with your own.\n\n"
            "## How to fill it in\n\n"
            "1. Start with your objectives. Keep to a handful.\n"
            "2. Add two or three measures for each objective.\n"
            "3. Check that every measure has a named owner.\n"
            "4. Record the baseline at the end of Discover.\n"
            "5. Update the latest value at each review.\n\n"
            "## Tips\n\n"
            "Choose measures you can collect again in the same way. If a definition "
            "changes, add a note so nobody compares unlike with unlike. Where a group is "
            "small, follow your rules on small numbers before you share results.\n"
        ),
        "kind": "template",
        "phases": ["scoping", "deliver"],
        "tools": ["survey", "workforce"],
        "elements": ["goals_performance", "learning_innovation"],
        "audience": ["od_leads", "analysts"],
        "link": "",
        "file": {
            "kind": "xlsx",
            "name": "evaluation-plan-template.xlsx",
            "lines": [
                (
                    "Objective,Measure,Cultural element,Data source,Owner,Baseline value,"
                    "Baseline date,Review frequency,Latest value,Notes"
                ),
                (
                    "Staff feel able to raise concerns,Staff Survey speaking-up questions,"
                    "Support and compassion,NHS Staff Survey,,,,Yearly,,"
                ),
                (
                    "Teams work well together,Team working assessment,Teamwork,"
                    "Change team survey,,,,Every 6 months,,"
                ),
                (
                    "Leaders act on our values,Leadership behaviours survey,Vision and values,"
                    "Leadership behaviours survey,,,,Yearly,,"
                ),
                (
                    "Fair access to development,Take-up of development by staff group,"
                    "Equity and inclusion,Workforce data,,,,Quarterly,,"
                ),
            ],
        },
        "featured": False,
        "review_due_months": 18,
    },
    {
        "title": "Running your first board interview",
        "slug": "running-your-first-board-interview",
        "summary": (
            "Practical steps for planning and running a board interview, from booking the "
            "hour to writing up the record sheet."
        ),
        "body": (
            "## What board interviews are for\n\n"
            "Board interviews explore how each board member sees the board as a whole: "
            "how it performs, how it behaves and how it shapes the culture. They also ask "
            "each person about their own part in building a compassionate and inclusive "
            "culture.\n\n"
            "Each interview follows a semi-structured guide of 14 questions and takes "
            "about an hour.\n\n"
            "## Before the interview\n\n"
            "1. Agree with your sponsor who you will interview. Some trusts include "
            "executives, non-executive directors and divisional leaders.\n"
            "2. Choose interviewers the board will trust. Nobody should interview their "
            "own line manager.\n"
            "3. Book a private room or a video call for the full hour.\n"
            "4. Send a short note explaining the purpose, how you will use the notes and "
            "how you will protect confidentiality.\n\n"
            "## During the interview\n\n"
            "- Start by explaining confidentiality and how you will report findings.\n"
            '- Ask each question as written, then follow up with "Can you give me an '
            'example?"\n'
            "- Listen more than you talk. A pause often brings the most useful answer.\n"
            "- Note key phrases, but do not try to write everything down.\n\n"
            "## After the interview\n\n"
            "Complete the record sheet the same day, while it is fresh. Capture themes, "
            "not names. Tag each theme to the cultural elements it relates to.\n\n"
            "## Reporting back\n\n"
            "Bring themes together across all the interviews. Report patterns, not "
            "individual views. The board then receives a report on the findings and can "
            "discuss what they mean.\n\n"
            "## Common pitfalls\n\n"
            "- Cutting the hour short because diaries are tight\n"
            "- Quoting someone in a way that identifies them\n"
            "- Leaving write-ups for weeks\n"
        ),
        "kind": "guide",
        "phases": ["discover"],
        "tools": ["board_interviews"],
        "elements": ["vision_values", "goals_performance", "support_compassion"],
        "audience": ["od_leads", "boards"],
        "link": DISCOVERY_TOOLS,
        "file": None,
        "featured": True,
        "review_due_months": 9,
    },
    {
        "title": "Board interview record sheet",
        "slug": "board-interview-record-sheet",
        "summary": (
            "A record sheet for writing up each board interview in the same way, so "
            "themes are easy to compare across interviews."
        ),
        "body": (
            "## What this template is for\n\n"
            "Use this record sheet to write up each board interview straight after it "
            "ends. Using the same sheet every time makes it much easier to spot themes "
            "across the whole board.\n\n"
            "## What to record\n\n"
            "- the date and the interviewer's initials\n"
            "- a reference code for the interviewee, not their name\n"
            "- the main points for each of the 14 questions\n"
            "- short quotes that capture a view, with anything identifying removed\n"
            "- the cultural elements each point relates to\n"
            "- anything to follow up\n\n"
            "## Keeping it confidential\n\n"
            "Store completed sheets in a secure folder that only the interview team can "
            "open. Keep the list that links codes to names somewhere separate. Delete "
            "notes in line with your organisation's records policy.\n\n"
            "## Using the sheets\n\n"
            "When all the interviews are done, read the sheets side by side. Look for "
            "views that come up again and again. Look too for points where board members "
            "disagree. Both are useful findings to take to the synthesis event.\n"
        ),
        "kind": "template",
        "phases": ["discover"],
        "tools": ["board_interviews"],
        "elements": ["vision_values", "goals_performance"],
        "audience": ["od_leads"],
        "link": "",
        "file": {
            "kind": "docx",
            "name": "board-interview-record-sheet.docx",
            "lines": [
                "Board interview record sheet",
                "Interview date:",
                "Interviewer initials:",
                "Interviewee reference code:",
                "Role group (executive, non-executive or other senior leader):",
                "Confidentiality explained and agreed: yes / no",
                "Main points for each question (1 to 14):",
                "Key quotes (remove anything that could identify the person):",
                (
                    "Cultural elements raised: vision and values / goals and performance / "
                    "support and compassion / learning and innovation / teamwork / equity and "
                    "inclusion"
                ),
                "Strengths:",
                "Areas to develop:",
                "Follow-up actions:",
            ],
        },
        "featured": False,
        "review_due_months": 0,
    },
    {
        "title": "Keeping focus groups inclusive",
        "slug": "keeping-focus-groups-inclusive",
        "summary": (
            "Ways to hear from as many different staff as possible, including people who "
            "cannot leave their work area or are rarely asked."
        ),
        "body": (
            "## Why inclusion matters\n\n"
            "Culture focus groups explore how people experience the culture and its "
            "leadership. They only work if you hear a wide range of voices. If the same "
            "confident people come to every session, you will miss what matters.\n\n"
            "Focus groups suit people who would rather not take part in a one-to-one "
            "interview. They also suit people who find written surveys hard.\n\n"
            "## Go to people\n\n"
            "Many staff cannot step away from their work area. Take the groups to them:\n\n"
            '- run short "mobile" sessions on wards, in depots and in community bases\n'
            "- hold groups inside events people already attend, such as team meetings or "
            "training days\n"
            "- offer sessions at different times, including nights and weekends\n"
            "- give the sessions a local name so people recognise them\n\n"
            "## Invite people who are often missed\n\n"
            "Make a deliberate effort to include:\n\n"
            "- junior staff and new starters\n"
            "- staff in support roles who may not see how their work affects patients\n"
            "- bank and part-time staff\n"
            "- staff from groups that are under-represented in your other data\n\n"
            "## Make it safe to speak\n\n"
            "1. Explain how you will use the notes and that nobody will be named.\n"
            "2. Keep managers out of groups with their own teams.\n"
            "3. Agree simple ground rules at the start.\n"
            "4. Use a trained facilitator and a separate note-taker.\n\n"
            "## Check who took part\n\n"
            "Keep a simple count of who took part by staff group and area, without names. "
            "Compare it with your workforce profile. If a group is missing, plan extra "
            "sessions before Discover closes.\n\n"
            "## Timing\n\n"
            "Focus groups can run at any point in Discover. Running them alongside the "
            "leadership behaviours survey can raise interest in both.\n"
        ),
        "kind": "guide",
        "phases": ["discover"],
        "tools": ["focus_groups"],
        "elements": ["equity_inclusion", "support_compassion", "teamwork"],
        "audience": ["od_leads", "all_staff"],
        "link": DISCOVERY,
        "file": None,
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Focus group facilitator checklist",
        "slug": "focus-group-facilitator-checklist",
        "summary": (
            "A one-page checklist for facilitators to use before, during and after each "
            "culture focus group."
        ),
        "body": (
            "## How to use this checklist\n\n"
            "Print the checklist or keep it open on a tablet. Work through it for every "
            "focus group so each session runs in the same way. This makes findings easier "
            "to compare.\n\n"
            "## What it covers\n\n"
            "- **Before:** booking, invitations, setting up the room or call, consent, "
            "and meeting access needs\n"
            "- **During:** welcome, ground rules, confidentiality, prompts for each topic "
            "and keeping time\n"
            "- **After:** writing up notes, tagging themes to the cultural elements and "
            "recording who took part by staff group\n\n"
            "## Tips for facilitators\n\n"
            "1. Arrive early and set out the room so everyone can see each other.\n"
            "2. Say clearly that the session is about the culture, not about individuals.\n"
            '3. Draw out quieter voices. Ask, "Does anyone see it differently?"\n'
            "4. Note both agreement and disagreement. Both are findings.\n"
            "5. Close by telling people what happens next and when they will hear back.\n\n"
            "## Wellbeing and safety\n\n"
            "Conversations about culture can stir up strong feelings. Know how to point "
            "people to support, such as your staff wellbeing service or your Freedom to "
            "Speak Up guardian. If someone raises a concern about safety, follow your "
            "local policy.\n"
        ),
        "kind": "tool",
        "phases": ["discover"],
        "tools": ["focus_groups"],
        "elements": ["teamwork", "equity_inclusion"],
        "audience": ["od_leads", "all_staff"],
        "link": "",
        "file": {
            "kind": "pdf",
            "name": "focus-group-facilitator-checklist.pdf",
            "lines": [
                "Culture focus group: facilitator checklist",
                "Before the session",
                "[ ] Room or video call booked for the whole session",
                "[ ] Invitations sent, including to groups who are often missed",
                "[ ] Access needs asked about and met",
                "[ ] Note-taker briefed",
                "[ ] Consent and confidentiality statement ready",
                "During the session",
                "[ ] Welcome given and purpose explained",
                "[ ] Ground rules agreed",
                "[ ] Confidentiality explained: no names in notes or reports",
                "[ ] Prompts covered for each topic",
                "[ ] Quieter voices invited in",
                "[ ] Next steps explained",
                "After the session",
                "[ ] Notes written up within 2 working days",
                "[ ] Themes tagged to the cultural elements",
                "[ ] Attendance recorded by staff group (no names)",
                "[ ] Support offered to anyone who needs it",
            ],
        },
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Small numbers and anonymity in survey results",
        "slug": "small-numbers-and-anonymity-in-survey-results",
        "summary": (
            "Why you should hide results for small groups, which threshold to use and how "
            "to merge small teams without losing their voice."
        ),
        "body": (
            "## The risk with small groups\n\n"
            "When a group is small, results can point to individuals. If only a few "
            "people in a team answer, colleagues may guess who said what. That breaks "
            "trust and can put people off answering next time.\n\n"
            "## What other surveys do\n\n"
            "| Source | Practice |\n"
            "|---|---|\n"
            "| NHS Staff Survey, as trusts describe it | Team reports only where enough "
            "people answer. Trusts cite 11 or more; one cites 10 or more |\n"
            "| Model Health System | Hides staff or patient counts below 7 |\n"
            "| GP Patient Survey | Hides results based on fewer than 10 people |\n\n"
            "Staff will compare your culture surveys with the NHS Staff Survey. We "
            "recommend hiding results for any group with fewer than 11 responses.\n\n"
            "## Apply the rule everywhere\n\n"
            "Apply the threshold to every breakdown, not just to teams. That includes:\n\n"
            "- site, directorate and department\n"
            "- staff group and band\n"
            "- age, ethnicity, disability and other characteristics\n"
            "- any combination of two breakdowns\n\n"
            "Watch out for subtraction. If you show a directorate and all but one of its "
            "teams, people can work out the missing team. Hide enough to prevent this.\n\n"
            "## Merge small groups upward\n\n"
            "Do not drop small teams. Merge them into the next level up, such as the "
            "department. Their answers still count, but nobody can be singled out.\n\n"
            "## Protect who took part\n\n"
            "Do not share who has or has not responded. The NHS Staff Survey uses an "
            "independent contractor, so the trust never sees individual records. Aim for "
            "the same standard in your own surveys.\n\n"
            "## Tell staff about the rule\n\n"
            "Explain the rule before the survey opens. Knowing that small groups are "
            "protected can make staff more willing to answer honestly.\n"
        ),
        "kind": "evidence_summary",
        "phases": ["discover", "deliver"],
        "tools": ["survey"],
        "elements": ["equity_inclusion"],
        "audience": ["analysts", "od_leads"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 6,
    },
    {
        "title": "Reading an SPC chart",
        "slug": "reading-an-spc-chart",
        "summary": (
            "A plain-English guide to statistical process control charts, so you can tell "
            "real change from normal ups and downs."
        ),
        "body": (
            "## What an SPC chart shows\n\n"
            "A statistical process control (SPC) chart plots a measure over time. It adds "
            "a centre line, usually the average, and upper and lower limits. The limits "
            "show the range you would expect from normal variation.\n\n"
            "An SPC chart helps you answer one question: has something really changed, or "
            "is this just noise?\n\n"
            "## Two kinds of variation\n\n"
            "| Kind | What it means | What to do |\n"
            "|---|---|---|\n"
            "| Common cause | Normal ups and downs built into the system | Do not react "
            "to single points. Improve the system if the level is not good enough |\n"
            "| Special cause | A signal that something unusual has happened | Find out "
            "what changed and whether it will last |\n\n"
            "## Signals to look for\n\n"
            "Look for these patterns:\n\n"
            "- a single point above the upper limit or below the lower limit\n"
            "- a long run of points all above, or all below, the centre line\n"
            "- a long run of points that keep going up, or keep going down\n\n"
            "Ask your analysts which run lengths your organisation uses. Use the same "
            "rules every time.\n\n"
            "## Common mistakes\n\n"
            "1. Comparing this month with last month and calling it a trend.\n"
            "2. Using too few data points. Limits based on very few points are "
            "unreliable.\n"
            "3. Recalculating the limits every time a new point arrives.\n"
            "4. Calling a change good or bad without checking which direction is better "
            "for that measure.\n\n"
            "## Using SPC in this programme\n\n"
            "Use SPC charts in your culture and outcomes dashboard for measures you "
            "collect often, such as sickness absence or turnover. Yearly survey scores "
            "have too few points for SPC. Show them as a simple trend with comparisons "
            "instead.\n\n"
            "## Before you share a chart\n\n"
            "Add a short note saying what the measure is, which direction is better and "
            "any known events, such as a change in how the data is recorded.\n"
        ),
        "kind": "guide",
        "phases": ["discover", "deliver"],
        "tools": ["outcomes_dashboard", "workforce"],
        "elements": ["goals_performance", "learning_innovation"],
        "audience": ["analysts", "od_leads", "boards"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 18,
    },
    {
        "title": "Culture and outcomes dashboard template",
        "slug": "culture-and-outcomes-dashboard-template",
        "summary": (
            "A spreadsheet for bringing together data you already hold on outcomes linked "
            "to culture, ready to fill with your own figures."
        ),
        "body": (
            "## What this template is for\n\n"
            "The culture and outcomes dashboard brings together data you already hold on "
            "outcomes linked to culture. It needs no new data collection. Much of it "
            "comes from the NHS Staff Survey and national performance data.\n\n"
            "This template gives you a starting set of rows. Add, remove or rename "
            "indicators to suit your organisation and sector.\n\n"
            "## How it is laid out\n\n"
            "Each row is one indicator. The columns record:\n\n"
            "- the metric group, such as clinical effectiveness or positive experience\n"
            "- the indicator and where the data comes from\n"
            "- the period the data covers\n"
            "- your value and a comparator, such as a peer group or your last period\n"
            "- which direction is better\n"
            "- the cultural element the indicator tells you about\n\n"
            "## How to fill it in\n\n"
            "1. Agree the list of indicators with your change team and analysts.\n"
            "2. Choose indicators that fit your sector. Mental health, ambulance and "
            "community trusts will need different ones from acute trusts.\n"
            "3. Fill in values for the whole organisation first.\n"
            "4. Then look at variation between directorates or departments. This often "
            "tells you more than the overall figure.\n"
            "5. Record the source and date for every value.\n\n"
            "## Keep it in context\n\n"
            "A dashboard shows you where to look, not why something is happening. Use it "
            "alongside focus groups, board interviews and patient feedback. Follow your "
            "small-numbers rule for any breakdown by team or staff group.\n"
        ),
        "kind": "template",
        "phases": ["discover", "deliver"],
        "tools": ["outcomes_dashboard"],
        "elements": ["goals_performance", "support_compassion", "learning_innovation"],
        "audience": ["analysts"],
        "link": "",
        "file": {
            "kind": "xlsx",
            "name": "culture-and-outcomes-dashboard-template.xlsx",
            "lines": [
                (
                    "Metric group,Indicator,Data source,Period,Our value,Comparator,"
                    "Better when,Cultural element,Notes"
                ),
                (
                    "Clinical effectiveness,CQC effective rating,CQC,,,,Higher rating,"
                    "Goals and performance,"
                ),
                (
                    "Clinical effectiveness,Emergency readmissions,Local data,,,,Lower,"
                    "Goals and performance,"
                ),
                (
                    "Clinical effectiveness,RTT within 18 weeks,National data,,,,Higher,"
                    "Goals and performance,"
                ),
                (
                    "Clinical effectiveness,Cancer 62-day standard,National data,,,,Higher,"
                    "Goals and performance,"
                ),
                (
                    "Positive experience,CQC caring rating,CQC,,,,Higher rating,"
                    "Support and compassion,"
                ),
                (
                    "Positive experience,CQC responsive rating,CQC,,,,Higher rating,"
                    "Support and compassion,"
                ),
                (
                    "Staff experience,Staff engagement score,NHS Staff Survey,,,,Higher,"
                    "Support and compassion,"
                ),
                (
                    "Staff experience,We are always learning score,NHS Staff Survey,,,,Higher,"
                    "Learning and innovation,"
                ),
                (
                    "Staff experience,Inclusion sub-score,NHS Staff Survey,,,,Higher,"
                    "Equity and inclusion,"
                ),
                "Workforce,Staff turnover,Workforce data,,,,Lower,Teamwork,",
                "Workforce,Sickness absence,Workforce data,,,,Lower,Support and compassion,",
                "Workforce,Agency spend,Finance data,,,,Lower,Goals and performance,",
            ],
        },
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Workforce analysis starter questions",
        "slug": "workforce-analysis-starter-questions",
        "summary": (
            "Questions to guide your leadership workforce analysis, covering numbers, "
            "diversity and the skills your leaders will need."
        ),
        "body": (
            "## What the workforce analysis is for\n\n"
            "The leadership workforce analysis looks at your leadership capacity now and "
            "in the future. It covers numbers, diversity and the knowledge, skills and "
            "abilities of key leadership roles and of the wider workforce. It is "
            "desk-based work, usually done by a small group from HR and workforce teams.\n\n"
            "## Starter questions\n\n"
            "Use these questions to plan the analysis. Answer the ones that matter most "
            "to your organisation first.\n\n"
            "### Numbers and flow\n\n"
            "- How many leadership roles do we have, and at which bands?\n"
            "- How many are vacant, or filled by interim or agency staff?\n"
            "- Where do we struggle to recruit or keep leaders?\n\n"
            "### Diversity and fairness\n\n"
            "- How does the make-up of our leaders compare with our whole workforce?\n"
            "- Who gets access to development, acting-up and promotion?\n"
            "- Are there points where some groups stop progressing?\n\n"
            "### Skills and succession\n\n"
            "- What skills will our leaders need over the next few years?\n"
            "- Do we have successors ready for critical roles?\n"
            "- How do we spot and grow talent below senior levels?\n\n"
            "## Working with the data\n\n"
            "1. Agree definitions first, such as what counts as a leadership role.\n"
            "2. Use the same date for every data extract.\n"
            "3. Apply your small-numbers rule before you share breakdowns.\n"
            "4. Tag each finding to a cultural element.\n\n"
            "## What to produce\n\n"
            "Write a short report with your main findings, the evidence behind them and "
            "the questions they raise. Bring it to the synthesis event alongside the "
            "reports from the other tools.\n"
        ),
        "kind": "tool",
        "phases": ["discover", "design"],
        "tools": ["workforce"],
        "elements": ["equity_inclusion", "goals_performance"],
        "audience": ["analysts", "od_leads"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 9,
    },
    {
        "title": "What patient feedback tells you about culture",
        "slug": "what-patient-feedback-tells-you-about-culture",
        "summary": (
            "How to use the patient feedback you already hold as evidence about your "
            "culture, and how to map it to the cultural elements."
        ),
        "body": (
            "## Why patient feedback matters\n\n"
            "How patients, service users and carers experience care says a lot about the "
            "culture staff work in. The patient experience diagnostic uses feedback you "
            "already collect. You do not need to run a new survey.\n\n"
            "## Sources you may already hold\n\n"
            "- compliments and complaints\n"
            "- Friends and Family Test comments\n"
            "- national patient survey results\n"
            "- feedback from patient panels and local groups\n"
            "- contacts with your Patient Advice and Liaison Service (PALS)\n\n"
            "One trust analysed more than 1,000 existing comments this way.\n\n"
            "## Mapping comments to the elements\n\n"
            "Read each comment and ask which cultural elements it touches. One comment "
            "can touch more than one element.\n\n"
            "| The comment is about | Likely element |\n"
            "|---|---|\n"
            "| Staff being kind, listening and having time | Support and compassion |\n"
            "| Clear plans, delays or waiting | Goals and performance |\n"
            "| Staff working well together, or handovers going wrong | Teamwork |\n"
            "| Fair treatment and access for different groups | Equity and inclusion |\n"
            "| Changes made after feedback | Learning and innovation |\n\n"
            "## Tips\n\n"
            "1. Agree a simple coding guide before you start, and test it on a sample.\n"
            "2. Ask two people to code the same sample, then compare results.\n"
            "3. Record strengths as well as concerns.\n"
            "4. Remove anything that could identify a patient or member of staff.\n\n"
            "## Limits to keep in mind\n\n"
            "Feedback comes from people who chose to give it, so it may not represent "
            "everyone. Look for patterns across several sources rather than relying on "
            "one.\n"
        ),
        "kind": "evidence_summary",
        "phases": ["discover"],
        "tools": ["patient_experience"],
        "elements": ["support_compassion", "vision_values", "equity_inclusion"],
        "audience": ["od_leads", "analysts"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 0,
    },
    {
        "title": "Planning a synthesis event",
        "slug": "planning-a-synthesis-event",
        "summary": (
            "How to bring the findings from all six diagnostic tools together at one "
            "event, agree strengths and areas to develop, and set up Design."
        ),
        "body": (
            "## What the synthesis event is for\n\n"
            "The synthesis event closes Discover. It brings the findings from every "
            "diagnostic tool together so you can see the whole picture. Each tool tests "
            "different cultural elements, so together they give a fuller view than any "
            "one tool alone.\n\n"
            "By the end, you should have an agreed list of strengths and areas to "
            "develop, mapped to the cultural elements.\n\n"
            "## Who to invite\n\n"
            "- the change team and the lead for each diagnostic tool\n"
            "- your board sponsor\n"
            "- a mix of staff from different groups and levels\n"
            "- people who took part in focus groups, if they would like to come\n\n"
            "## Before the event\n\n"
            "1. Make sure every tool has a short report with its main findings.\n"
            "2. Put each finding on its own card or slide, tagged to an element.\n"
            "3. Send a short pre-read so people arrive ready.\n"
            "4. Plan how you will record decisions.\n\n"
            "## On the day\n\n"
            "Work through one element at a time. For each element:\n\n"
            "- show the findings from every tool side by side\n"
            "- ask where the tools agree and where they differ\n"
            "- agree the main strengths and areas to develop\n"
            "- note any gaps in the evidence\n\n"
            "Keep groups small and mixed. Give quieter people time to write before anyone "
            "speaks.\n\n"
            "## After the event\n\n"
            "Write up the agreed strengths and areas to develop within a couple of weeks. "
            "Share the write-up with everyone who took part. Present it to the board with "
            "your sponsor. It becomes the starting point for choosing priorities in "
            "Design.\n\n"
            "## Common pitfalls\n\n"
            "- Letting one tool, often the dashboard, dominate\n"
            "- Jumping to solutions before the picture is clear\n"
            "- Leaving out findings that feel uncomfortable\n"
        ),
        "kind": "guide",
        "phases": ["discover", "design"],
        "tools": [
            "outcomes_dashboard",
            "board_interviews",
            "survey",
            "focus_groups",
            "workforce",
            "patient_experience",
        ],
        "elements": [
            "vision_values",
            "goals_performance",
            "support_compassion",
            "learning_innovation",
            "teamwork",
            "equity_inclusion",
        ],
        "audience": ["od_leads", "boards"],
        "link": "",
        "file": None,
        "featured": True,
        "review_due_months": 12,
    },
    {
        "title": "Synthesis event agenda",
        "slug": "synthesis-event-agenda",
        "summary": (
            "A sample half-day agenda for a synthesis event that you can adapt to your "
            "own findings and timings."
        ),
        "body": (
            "## About this agenda\n\n"
            "This is a sample agenda for a half-day synthesis event. Change the timings "
            "to suit your group. If you have a lot of findings, run it over a full day or "
            "across two sessions.\n\n"
            "## How the session flows\n\n"
            "1. Welcome from your board sponsor\n"
            "2. A reminder of what Discover set out to do\n"
            "3. Short summaries from each diagnostic tool lead\n"
            "4. Small-group work on the cultural elements\n"
            "5. Agreeing strengths and areas to develop\n"
            "6. Next steps into Design\n\n"
            "## Tips for the day\n\n"
            "- Keep tool summaries short. About ten minutes each, including questions, is "
            "enough.\n"
            "- Give each small group one or two elements to work on.\n"
            "- Give every group the same simple sheet: strengths, areas to develop and "
            "gaps in the evidence.\n"
            "- Save time at the end for the whole room to agree the list.\n\n"
            "## After the event\n\n"
            "Type up the agreed list on the day if you can. Share it with everyone who "
            "came, then take it to the board with your sponsor. Keep the cards or slides "
            "from the day, as they show how the group reached its view.\n"
        ),
        "kind": "template",
        "phases": ["discover", "design"],
        "tools": [
            "outcomes_dashboard",
            "board_interviews",
            "survey",
            "focus_groups",
            "workforce",
            "patient_experience",
        ],
        "elements": [
            "vision_values",
            "goals_performance",
            "support_compassion",
            "learning_innovation",
            "teamwork",
            "equity_inclusion",
        ],
        "audience": ["od_leads"],
        "link": "",
        "file": {
            "kind": "docx",
            "name": "synthesis-event-agenda.docx",
            "lines": [
                "Synthesis event: sample agenda",
                "Purpose: agree strengths and areas to develop across the cultural elements",
                "09:00 Welcome and purpose (board sponsor)",
                "09:15 What Discover set out to do (change team lead)",
                "09:30 Findings: culture and outcomes dashboard",
                "09:40 Findings: board interviews",
                "09:50 Findings: leadership behaviours survey",
                "10:00 Findings: culture focus groups",
                "10:10 Findings: leadership workforce analysis",
                "10:20 Findings: patient experience",
                "10:30 Break",
                "10:45 Small groups: one or two cultural elements each",
                "11:45 Groups share back",
                "12:15 Agree strengths and areas to develop",
                "12:45 Next steps into Design, then close",
            ],
        },
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Choosing priorities after Discover",
        "slug": "choosing-priorities-after-discover",
        "summary": (
            "A simple method for turning your synthesis into a short list of priority "
            "areas and interventions for your strategy."
        ),
        "body": (
            "## Start from the synthesis\n\n"
            "Design begins with the strengths and areas to develop agreed at your "
            "synthesis event. The aim is to choose a few priorities you can act on well, "
            "not to fix everything at once.\n\n"
            "## Step 1: map what you already do\n\n"
            "List your current and planned interventions, such as leadership courses, "
            "coaching, listening events or wellbeing schemes. Tag each one to the "
            "cultural elements it supports. Involve your change team in this mapping.\n\n"
            "You will often find gaps, where an area to develop has no intervention at "
            "all. You may also find overlaps, where several schemes do the same thing.\n\n"
            "## Step 2: score each area to develop\n\n"
            "Use a simple grid. Score each area from 1 (low) to 3 (high) against each "
            "question.\n\n"
            "| Question | What to consider |\n"
            "|---|---|\n"
            "| Impact | How much will improving this help staff and patients? |\n"
            "| Evidence | How many tools point to it, and how strongly? |\n"
            "| Readiness | Do we have the support and capacity to act now? |\n"
            "| Fit | Does it match our wider strategy and other programmes? |\n\n"
            "## Step 3: agree a short list\n\n"
            "Add up the scores, then talk them through. Scores guide the conversation. "
            "They do not make the decision. Aim for a handful of priority areas.\n\n"
            "## Step 4: choose interventions\n\n"
            "For each priority, decide which interventions to keep, change, stop or "
            "start. Build on what already works before adding something new.\n\n"
            "## Check before you move on\n\n"
            "- Does every priority link back to evidence from Discover?\n"
            "- Have staff who took part had a say?\n"
            "- Does your board sponsor support the list?\n\n"
            "Record your priorities in this portal so they carry through into your "
            "strategy and action plan.\n"
        ),
        "kind": "tool",
        "phases": ["design"],
        "tools": [],
        "elements": [
            "vision_values",
            "goals_performance",
            "support_compassion",
            "learning_innovation",
            "teamwork",
            "equity_inclusion",
        ],
        "audience": ["od_leads", "boards"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 9,
    },
    {
        "title": "Writing a collective leadership strategy",
        "slug": "writing-a-collective-leadership-strategy",
        "summary": (
            "How to turn your priorities into a compassionate and inclusive leadership "
            "strategy that the board can approve and staff can understand."
        ),
        "body": (
            "## What the strategy is\n\n"
            "The main output of Design is a compassionate and inclusive leadership "
            "strategy, also called a collective leadership strategy. It sets out your "
            "priority areas and the interventions you will use. It can also meet the "
            "national expectation that every NHS organisation has a leadership and "
            "talent-management strategy.\n\n"
            "## Before you write\n\n"
            "Make sure you have:\n\n"
            "- the strengths and areas to develop agreed in Discover\n"
            "- your map of current and planned interventions against the cultural "
            "elements\n"
            "- your chosen priorities\n"
            "- a plan for involving staff and stakeholders\n\n"
            "## What to include\n\n"
            "1. **A vision for the change.** Describe in a few sentences what it will "
            "feel like to work here when the strategy succeeds.\n"
            "2. **Why it matters.** Summarise the evidence from Discover.\n"
            "3. **Priority areas.** Link each one to the cultural elements.\n"
            "4. **Interventions.** Say what you will keep, change, stop or start.\n"
            "5. **Links to the business plan.** Show how the strategy supports wider "
            "goals.\n"
            "6. **Measures.** Explain how you will judge progress.\n"
            "7. **Governance.** Name who owns the strategy and how the board will review "
            "it.\n\n"
            "## Write for everyone\n\n"
            "Use plain English. Staff at every level should be able to read it and see "
            "themselves in it. Test a draft with people who took part in focus groups.\n\n"
            "In this strategy, leadership means everyone, not just senior managers. Show "
            "how each person can play a part.\n\n"
            "## Learn from others\n\n"
            "Some trusts have published their strategies. Examples include Derby's "
            '"Developing our people" and Lancashire Care\'s "Our people plan". Read a few '
            "before you start.\n\n"
            "## Getting approval\n\n"
            "Share early drafts with your sponsor. Take the final version to the board "
            "for approval. Then publish it in a form staff will actually read.\n"
        ),
        "kind": "guide",
        "phases": ["design", "deliver"],
        "tools": [],
        "elements": [
            "vision_values",
            "goals_performance",
            "support_compassion",
            "learning_innovation",
            "teamwork",
            "equity_inclusion",
        ],
        "audience": ["od_leads", "boards"],
        "link": DESIGN,
        "file": None,
        "featured": True,
        "review_due_months": 12,
    },
    {
        "title": "Collective leadership strategy template",
        "slug": "collective-leadership-strategy-template",
        "summary": (
            "An outline for your collective leadership strategy, with prompts for each "
            "section and a place to link it to your business plan."
        ),
        "body": (
            "## What this template is for\n\n"
            "Use this outline to draft your compassionate and inclusive leadership "
            "strategy. It follows the sections in our guide to writing the strategy. Each "
            "heading has a prompt to help you get started.\n\n"
            "## How to use it\n\n"
            "1. Work through the sections in order. The vision and the evidence come "
            "first.\n"
            "2. Keep each section short. Aim for a document people will want to read.\n"
            "3. In the business plan section, show how each priority supports a wider "
            "goal.\n"
            "4. Replace every prompt with your own words before you share a draft.\n\n"
            "## Sections in the template\n\n"
            "- your vision for the change\n"
            "- a summary of the evidence from Discover\n"
            "- priority areas and the cultural elements they relate to\n"
            "- interventions to keep, change, stop or start\n"
            "- links to the business plan\n"
            "- how you will measure progress\n"
            "- governance and review dates\n"
            "- a one-page summary for staff\n\n"
            "## Tips\n\n"
            "Write the one-page summary last. By then you will know what matters most. "
            "Ask a few colleagues outside the change team to read it and tell you what "
            "they think it means.\n"
        ),
        "kind": "template",
        "phases": ["design"],
        "tools": [],
        "elements": ["vision_values", "goals_performance", "teamwork"],
        "audience": ["od_leads", "boards"],
        "link": "",
        "file": {
            "kind": "docx",
            "name": "collective-leadership-strategy-template.docx",
            "lines": [
                "Our compassionate and inclusive leadership strategy",
                (
                    "1. Our vision for the change: what will it feel like to work here when "
                    "this succeeds?"
                ),
                "2. What we found: the main strengths and areas to develop from Discover",
                "3. Our priority areas: each one and the cultural elements it relates to",
                "4. What we will do: interventions to keep, change, stop or start",
                (
                    "5. How this supports our business plan: priority, business plan goal, "
                    "expected benefit"
                ),
                "6. How we will measure progress: measures, baseline and review dates",
                "7. Governance: strategy owner, board sponsor and reporting cycle",
                "8. One-page summary for staff",
            ],
        },
        "featured": False,
        "review_due_months": 18,
    },
    {
        "title": "Why culture matters: the evidence in brief",
        "slug": "why-culture-matters-the-evidence-in-brief",
        "summary": (
            "A short summary of the case for investing in culture and collective "
            "leadership, for use in board papers and briefings."
        ),
        "body": (
            "## Culture shapes care\n\n"
            "The King's Fund's work on culture describes what a healthy culture in health "
            "care looks like. Its features include an inspiring vision and values, clear "
            "goals with useful feedback, support and compassion, learning and innovation, "
            "effective teamwork and collective leadership.\n\n"
            "The programme starts from the idea that culture drives outcomes at every "
            "level: in teams, in departments, across an organisation and between "
            "organisations.\n\n"
            "## Collective leadership\n\n"
            "In 2014 The King's Fund and the Center for Creative Leadership published "
            "*Developing collective leadership for health care*. It argues that caring "
            "cultures depend on leadership shared by everyone, rather than command and "
            "control from the top. It also explains how to develop a collective "
            "leadership strategy.\n\n"
            "## The business case\n\n"
            "NHS England links staff engagement with spending. It reports that a rise of "
            "0.12 in the NHS Staff Survey engagement score goes with a 0.9% fall in "
            "agency spend. For an average trust, that is about £1.7 million.\n\n"
            "This is a link between two measures, not proof that one causes the other. It "
            "still helps show a board that culture and finances are connected.\n\n"
            "## Policy links\n\n"
            "The programme can help a board:\n\n"
            "- show evidence for the culture and capability parts of the well-led "
            "framework\n"
            "- meet the national expectation for a leadership and talent-management "
            "strategy\n\n"
            "## Reach and evaluation\n\n"
            "NHS England says more than 80 organisations have used the resources. The "
            "programme has also been independently evaluated.\n\n"
            "## Using this summary\n\n"
            "Name the sources when you use these points in board papers. Check the NHS "
            "England and King's Fund pages for the latest position before you publish.\n"
        ),
        "kind": "evidence_summary",
        "phases": ["scoping"],
        "tools": [],
        "elements": ["vision_values", "goals_performance", "support_compassion"],
        "audience": ["boards", "od_leads"],
        "link": KF_CULTURE,
        "file": None,
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Case study: keeping Discover going through Covid-19",
        "slug": "case-study-keeping-discover-going-through-covid-19",
        "summary": (
            "How St George's kept its Discover phase on track in 2020, with a network of "
            "culture champions and a lead for every diagnostic tool."
        ),
        "body": (
            "## Background\n\n"
            "St George's started its Discover phase in early 2020. Soon after, the "
            "Covid-19 pandemic arrived and the work paused for about 6 weeks. Even so, "
            "the team still reported its findings to the board by the end of September "
            "2020.\n\n"
            "## How the team was set up\n\n"
            "The trust combined a small core team with a wide network:\n\n"
            "- about 30 culture champions from across the organisation\n"
            "- a named lead and champions for each diagnostic tool\n"
            "- an external adviser\n\n"
            "Giving every tool its own lead meant work could carry on in parallel. No "
            "single person became a bottleneck.\n\n"
            "## Who took part\n\n"
            "The team counted participants for each tool. The figures are approximate.\n\n"
            "| Diagnostic tool | Participants |\n"
            "|---|---|\n"
            "| Board interviews | About 25 board members and senior leaders |\n"
            "| Leadership behaviours survey | About 500 staff |\n"
            "| Culture focus groups | About 180 staff |\n"
            "| Leadership workforce analysis | About 10 people in the analysis group |\n"
            "| Patient experience | More than 1,000 existing comments |\n\n"
            "## Tracking the work\n\n"
            "For each tool, the team tracked the timeline, the resources and data needed, "
            "how the outputs would be produced, and how findings would be analysed and "
            "presented.\n\n"
            "## What you can take from this\n\n"
            "1. Spread the work. A lead for each tool keeps things moving when people are "
            "pulled away.\n"
            "2. Count participants as you go. It is a simple, visible measure of "
            "progress.\n"
            "3. Plan for disruption. A short pause need not derail the whole phase.\n"
            "4. Keep the board informed, even when timelines slip.\n"
        ),
        "kind": "case_study",
        "phases": ["discover"],
        "tools": [
            "outcomes_dashboard",
            "board_interviews",
            "survey",
            "focus_groups",
            "workforce",
            "patient_experience",
        ],
        "elements": ["teamwork", "support_compassion"],
        "audience": ["od_leads", "boards"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 18,
    },
    {
        "title": "Case study: a local brand and a report for every tool",
        "slug": "case-study-a-local-brand-and-a-report-for-every-tool",
        "summary": (
            "How Liverpool University Hospitals gave its programme a local name, added a "
            "diagnostic of its own and published a report for each tool."
        ),
        "body": (
            "## Background\n\n"
            "Liverpool University Hospitals NHS Foundation Trust started the programme in "
            '2022. It called the work "Advancing Culture Together" so staff could '
            "recognise it.\n\n"
            "## Timeline\n\n"
            "| Phase | Finished |\n"
            "|---|---|\n"
            "| Scoping | December 2022 |\n"
            "| Discover | May 2023 |\n"
            "| Design, including synthesis | September 2023 |\n\n"
            "Reports for the individual diagnostic tools are dated between November 2022 "
            "and June 2023.\n\n"
            "## What the trust did\n\n"
            "- **Local branding.** A clear name helped staff connect different activities "
            "to one programme.\n"
            '- **"Let\'s Talk" focus groups.** The trust gave its culture focus groups '
            "their own name.\n"
            "- **An extra diagnostic.** It added an external partners diagnostic to hear "
            "from organisations it works with.\n"
            "- **A report for each tool.** It published a separate, dated report for each "
            "diagnostic, then a synthesis.\n\n"
            "## What you can take from this\n\n"
            "1. Choose a name during Scoping. It makes communication easier from the "
            "start.\n"
            "2. Name individual activities too, so staff know what they are being asked "
            "to join.\n"
            "3. Think about adding a local diagnostic if an important group is missing "
            "from the six core tools.\n"
            "4. Publish findings tool by tool. Staff see progress, and the synthesis "
            "holds fewer surprises.\n\n"
            "## Questions for your change team\n\n"
            "- What would we call our programme?\n"
            "- Whose views would the six tools miss?\n"
            "- How will we share each report once it is finished?\n"
        ),
        "kind": "case_study",
        "phases": ["scoping", "discover", "design"],
        "tools": ["focus_groups"],
        "elements": ["vision_values", "equity_inclusion", "learning_innovation"],
        "audience": ["od_leads"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 15,
    },
    {
        "title": "Video: Michael West on culture change",
        "slug": "video-michael-west-on-culture-change",
        "summary": (
            "Watch Professor Michael West talk about culture change in the NHS, then use "
            "our questions to discuss it with your team."
        ),
        "body": (
            "## About this video\n\n"
            "NHS England's culture inspiration page includes a video of Professor Michael "
            "West from its national culture events. He has written widely on collective "
            "and compassionate leadership in health care. He is one of the authors of The "
            "King's Fund's 2014 report on collective leadership.\n\n"
            "Watch the video on the NHS England page linked from this resource.\n\n"
            "## Who it is for\n\n"
            "- change team members who are just starting out\n"
            "- board members who want a short introduction\n"
            "- any staff group about to take part in Discover\n\n"
            "## Questions for discussion\n\n"
            "After watching, talk through these questions in small groups:\n\n"
            "1. What stood out for you?\n"
            "2. Where do you see compassionate leadership in our organisation today?\n"
            "3. What gets in the way of it?\n"
            "4. What is one thing our team could do differently next week?\n\n"
            "## Running a session\n\n"
            "Allow time to watch the video and at least 30 minutes to talk about it. Ask "
            "one person to note themes, not names. Share those themes with the change "
            "team, as they can help shape your focus group plans.\n\n"
            "## Accessibility\n\n"
            "Check that captions are available before the session. Offer a summary to "
            "anyone who cannot watch.\n"
        ),
        "kind": "video",
        "phases": ["scoping", "discover"],
        "tools": [],
        "elements": ["support_compassion", "teamwork"],
        "audience": ["all_staff", "boards", "od_leads"],
        "link": INSPIRATION,
        "file": None,
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Video: hosting a film-and-discuss session",
        "slug": "video-hosting-a-film-and-discuss-session",
        "summary": (
            "Use a short film about culture change to start honest conversations in "
            "teams, with a simple plan for running the session."
        ),
        "body": (
            "## Why use film\n\n"
            "A short film can open a conversation that would be hard to start cold. It "
            "gives people something shared to react to. It also helps staff who like to "
            "listen before they speak.\n\n"
            "NHS England's culture inspiration page brings together stories and talks "
            "from people working on culture change. Choose one that suits your audience.\n\n"
            "## Choosing a film\n\n"
            "Pick something that:\n\n"
            "- is short enough to leave plenty of time for discussion\n"
            "- fits the phase you are in\n"
            "- has captions, or comes with a written summary\n\n"
            "## A simple session plan\n\n"
            "| Step | Time | What happens |\n"
            "|---|---|---|\n"
            "| Welcome | 5 minutes | Explain the purpose and agree ground rules |\n"
            "| Watch | Length of the film | Watch together |\n"
            "| Reflect | 10 minutes | Everyone notes one thing that struck them |\n"
            "| Discuss | 25 minutes | Small groups talk, then share back |\n"
            "| Close | 5 minutes | Agree one action and who will pass on the themes |\n\n"
            "## Good prompts\n\n"
            "1. What did you recognise from your own work?\n"
            "2. What would colleagues or patients notice if we did this well?\n"
            "3. What could we try as a team?\n\n"
            "## Using what you hear\n\n"
            "Capture themes without names. Tag them to the cultural elements, such as "
            "learning and innovation or teamwork. Pass them to the change team so they "
            "can inform the strategy. In Deliver, run the session again later to see "
            "whether the conversation has changed.\n"
        ),
        "kind": "video",
        "phases": ["discover", "deliver"],
        "tools": [],
        "elements": ["learning_innovation", "teamwork"],
        "audience": ["all_staff", "od_leads"],
        "link": INSPIRATION,
        "file": None,
        "featured": False,
        "review_due_months": 4,
    },
    {
        "title": "Related work: implementing the Carter review on productivity",
        "slug": "related-work-implementing-the-carter-review-on-productivity",
        "summary": (
            "How the national work to act on Lord Carter's 2016 review of hospital "
            "productivity connects with your culture and leadership programme."
        ),
        "body": (
            "## What the Carter review is\n\n"
            "In 2016 Lord Carter of Coles published a review of operational productivity "
            "in English NHS acute hospitals. It looked at why costs and ways of working "
            "differ between similar trusts. It called differences that patient need "
            'cannot explain "unwarranted variation", and it recommended ways to reduce '
            "them.\n\n"
            "## How it was taken forward\n\n"
            "NHS Improvement led the national work to put the recommendations into "
            "practice. One visible result was the Model Hospital, a tool for comparing "
            "productivity data between trusts. It later became part of the Model Health "
            "System.\n\n"
            "Ask your productivity or improvement team how this work runs in your trust "
            "today.\n\n"
            "## Why it matters for culture work\n\n"
            "Productivity and culture affect each other. The programme's business case "
            "links higher staff engagement with lower agency spend. Both pieces of work "
            "also draw on the same data, such as workforce and agency spend figures.\n\n"
            "## What to do\n\n"
            "- **In Scoping,** list the productivity and efficiency programmes running in "
            "your trust. Talk to their leads about how the work fits together.\n"
            "- **In Discover,** check which organisation-level data for your culture and "
            "outcomes dashboard now comes from the Model Health System.\n"
            "- **In Design,** make sure your priorities do not clash with productivity "
            "plans. Staff notice when messages compete.\n"
            "- **In Deliver,** share measures where you can, rather than asking teams for "
            "the same data twice.\n\n"
            "## A word of caution\n\n"
            "Productivity work can feel like pressure to do more with less. Involve staff "
            "early, explain the purpose and listen to concerns. A compassionate approach "
            "to change is part of the culture you are trying to build.\n"
        ),
        "kind": "related_programme",
        "phases": ["scoping", "design", "deliver"],
        "tools": ["outcomes_dashboard", "workforce"],
        "elements": ["goals_performance", "learning_innovation"],
        "audience": ["od_leads", "boards", "analysts"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 12,
    },
    {
        "title": "Related work: Developing People – Improving Care and well-led",
        "slug": "related-work-developing-people-improving-care-and-well-led",
        "summary": (
            "How the programme helps you meet two national expectations: a leadership and "
            "talent-management strategy, and evidence for the well-led framework."
        ),
        "body": (
            "## Developing People – Improving Care\n\n"
            "*Developing People – Improving Care* is a national framework for leadership "
            "and improvement in NHS-funded services. One of its conditions asks every NHS "
            "organisation to have a leadership and talent-management strategy.\n\n"
            "The collective leadership strategy you write in Design can meet much of this "
            "expectation. Make the link clear, so the board can see one strategy doing "
            "both jobs.\n\n"
            "## The well-led framework\n\n"
            "The CQC and NHS Improvement well-led framework looks at how well an "
            "organisation is led and governed. It includes culture and leadership "
            "capability. The programme gives boards evidence for this part of the "
            "framework.\n\n"
            "## Where the programme helps\n\n"
            "| Expectation | Evidence the programme can give |\n"
            "|---|---|\n"
            "| A leadership and talent-management strategy | Your collective leadership "
            "strategy and workforce analysis |\n"
            "| An understanding of the culture | Reports from each diagnostic tool and "
            "the synthesis |\n"
            "| Board oversight of culture | Board interviews, sponsor updates and "
            "evaluation reports |\n"
            "| Fair access to development | Workforce analysis findings on diversity and "
            "progression |\n\n"
            "## What to do\n\n"
            "1. Ask your governance team how your trust prepares for well-led reviews.\n"
            "2. Keep programme reports dated and filed so you can find them quickly.\n"
            "3. Cross-reference your strategy with your talent-management plans.\n"
            "4. Point out these links in board papers, so directors see how the work "
            "supports their duties.\n\n"
            "## Keep it in proportion\n\n"
            "Meeting these expectations is a useful side effect, not the main goal. The "
            "aim is a better culture for staff and patients.\n"
        ),
        "kind": "related_programme",
        "phases": ["design", "deliver"],
        "tools": ["workforce", "board_interviews"],
        "elements": ["goals_performance", "equity_inclusion", "vision_values"],
        "audience": ["boards", "od_leads"],
        "link": "",
        "file": None,
        "featured": False,
        "review_due_months": 3,
    },
]


# --- Self-check -------------------------------------------------------------------------------
# The code lists below mirror programmes/constants.py (PhaseKind, DiagnosticTool without
# "other", Element) so the check runs without importing Django.

KINDS = (
    "guide",
    "tool",
    "template",
    "case_study",
    "video",
    "evidence_summary",
    "related_programme",
)
PHASES = ("scoping", "discover", "design", "deliver")
TOOLS = (
    "outcomes_dashboard",
    "board_interviews",
    "survey",
    "focus_groups",
    "workforce",
    "patient_experience",
)
ELEMENTS = (
    "vision_values",
    "goals_performance",
    "support_compassion",
    "learning_innovation",
    "teamwork",
    "equity_inclusion",
)
AUDIENCES = ("od_leads", "boards", "all_staff", "analysts")
FILE_KINDS = ("pdf", "docx", "xlsx")
ALLOWED_LINK_PREFIXES = ("https://www.england.nhs.uk/", "https://www.kingsfund.org.uk/")
EXPECTED_KEYS = {
    "title",
    "slug",
    "summary",
    "body",
    "kind",
    "phases",
    "tools",
    "elements",
    "audience",
    "link",
    "file",
    "featured",
    "review_due_months",
}

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL_RE = re.compile(r"https?://[^\s)\]]+")
_HTML_RE = re.compile(r"<[A-Za-z/!]")
_LIST_RE = re.compile(r"^(?:[-*]|\d+\.) ", re.MULTILINE)


def _require(condition: bool, message: str) -> None:
    """Assert without ``assert``, so the check still runs under ``python -O``."""
    if not condition:
        raise AssertionError(message)


def _word_count(text: str) -> int:
    """Count words, ignoring Markdown punctuation such as ``##``, ``-`` and table pipes."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def _check_codes(label: str, values: object, allowed: tuple[str, ...], *, required: bool) -> None:
    _require(isinstance(values, list), f"{label}: must be a list")
    _require(all(value in allowed for value in values), f"{label}: unknown code in {values}")
    _require(len(set(values)) == len(values), f"{label}: repeated code in {values}")
    if required:
        _require(bool(values), f"{label}: needs at least one code")


def _check_link(label: str, url: str) -> None:
    _require(url.startswith(ALLOWED_LINK_PREFIXES), f"{label}: link not allowed: {url}")


def _check_file(label: str, spec: object) -> None:
    _require(isinstance(spec, dict), f"{label}: file must be a dict or None")
    _require(set(spec) == {"kind", "name", "lines"}, f"{label}: file keys are wrong")
    _require(spec["kind"] in FILE_KINDS, f"{label}: unknown file kind {spec['kind']}")
    _require(spec["name"].endswith("." + spec["kind"]), f"{label}: file name/kind mismatch")
    lines = spec["lines"]
    _require(isinstance(lines, list) and lines, f"{label}: file needs some lines")
    _require(all(isinstance(line, str) and line for line in lines), f"{label}: bad file line")
    if spec["kind"] == "xlsx":
        widths = {len(line.split(",")) for line in lines}
        _require(len(widths) == 1, f"{label}: xlsx rows have different numbers of cells")


def _check_resource(item: dict) -> None:
    label = item.get("slug", "?")
    _require(set(item) == EXPECTED_KEYS, f"{label}: keys are {sorted(item)}")
    title, slug, summary, body = item["title"], item["slug"], item["summary"], item["body"]
    _require(0 < len(title) <= 80, f"{label}: title must be 1-80 characters")
    _require(bool(_SLUG_RE.match(slug)), f"{label}: slug must be lowercase and hyphenated")
    _require(0 < len(summary) <= 300, f"{label}: summary must be 1-300 characters")

    words = _word_count(body)
    _require(120 <= words <= 350, f"{label}: body has {words} words, not 120-350")
    _require(body.startswith("## ") or "\n## " in body, f"{label}: body needs ## subheadings")
    _require(bool(_LIST_RE.search(body)), f"{label}: body needs a bulleted or numbered list")
    _require(not _HTML_RE.search(body), f"{label}: body must not contain raw HTML")
    _require("![" not in body, f"{label}: body must not contain images")
    for url in _URL_RE.findall(body):
        _check_link(label, url)

    _require(item["kind"] in KINDS, f"{label}: unknown kind {item['kind']}")
    _check_codes(f"{label} phases", item["phases"], PHASES, required=True)
    _check_codes(f"{label} tools", item["tools"], TOOLS, required=False)
    _check_codes(f"{label} elements", item["elements"], ELEMENTS, required=True)
    _check_codes(f"{label} audience", item["audience"], AUDIENCES, required=True)

    link, spec = item["link"], item["file"]
    _require(isinstance(link, str), f"{label}: link must be a string")
    if link:
        _check_link(label, link)
    if spec is not None:
        _check_file(label, spec)
    _require(not (link and spec is not None), f"{label}: has both a link and a file")

    _require(isinstance(item["featured"], bool), f"{label}: featured must be True or False")
    months = item["review_due_months"]
    _require(
        isinstance(months, int) and (months == 0 or 3 <= months <= 18),
        f"{label}: review_due_months must be 0 or 3-18",
    )


def check_demo_content(resources: list[dict] | None = None) -> None:
    """Raise AssertionError if the demo resources break the content and coverage rules."""
    items = DEMO_RESOURCES if resources is None else resources
    _require(len(items) == 25, f"expected 25 resources, found {len(items)}")
    for item in items:
        _check_resource(item)

    slugs = [item["slug"] for item in items]
    titles = [item["title"] for item in items]
    _require(len(set(slugs)) == len(slugs), "slugs must be unique")
    _require(len(set(titles)) == len(titles), "titles must be unique")

    for kind in KINDS:
        count = sum(1 for item in items if item["kind"] == kind)
        _require(count >= 2, f"kind {kind} is used {count} times, needs at least 2")
    for label, key, codes in (
        ("phase", "phases", PHASES),
        ("tool", "tools", TOOLS),
        ("element", "elements", ELEMENTS),
    ):
        used = {code for item in items for code in item[key]}
        missing = sorted(set(codes) - used)
        _require(not missing, f"no resource covers {label} {missing}")

    _require(
        any(
            item["kind"] == "related_programme" and "Carter" in item["title"] + item["body"]
            for item in items
        ),
        "needs a related programme about implementing the Carter review",
    )
    featured = sum(1 for item in items if item["featured"])
    _require(featured == 4, f"expected 4 featured resources, found {featured}")
    overdue = sum(1 for item in items if item["review_due_months"] == 0)
    _require(overdue == 2, f"expected 2 resources with review_due_months 0, found {overdue}")
    links = sum(1 for item in items if item["link"])
    files = sum(1 for item in items if item["file"] is not None)
    _require(6 <= links <= 10, f"expected about 8 resources with a link, found {links}")
    _require(4 <= files <= 8, f"expected about 6 resources with a file, found {files}")

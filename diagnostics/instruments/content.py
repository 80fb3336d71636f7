"""Content of the two survey instruments the portal ships with.

All wording here is the project's own. It is not taken from, and does not paraphrase,
the NHS Staff Survey or the survey items in the NHS Culture and Leadership Programme
toolkit. Statements use plain English (reading age about 9 to 11), UK spelling, one
idea each and no double negatives.

diagnostics/instruments/loading.py loads each constant as a published version 1.
Each constant is a dict of this shape:

    {
        "slug": str,                 # unique instrument slug
        "name": str,
        "summary": str,              # who it is for and what it asks about
        "audience": str,
        "minutes": int,              # estimated minutes to complete
        "sections": [
            {
                "title": str,
                "description": str,  # one sentence shown under the heading
                "items": [
                    {
                        "code": str,       # WS-<element>-NN or LB-<element>-NN
                        "text": str,       # the statement
                        "element": str,    # vision_values, goals_performance,
                                           # support_compassion, learning_innovation,
                                           # teamwork or equity_inclusion
                        "polarity": str,   # "positive", or "negative" when agreeing
                                           # means a worse culture
                        "scale": str,      # "agreement" or "frequency"
                        "required": bool,
                    },
                ],
            },
        ],
        "comment_questions": [{"code": str, "text": str}],
    }

Element codes in item codes: VV vision and values, GP goals and performance,
SC support and compassion, LI learning and innovation, TW teamwork,
EI equity and inclusion."""

WHOLE_STAFF_SURVEY = {
    "slug": "whole-staff-culture",
    "name": "Whole-staff culture survey",
    "summary": (
        "For everyone who works in the trust, whatever their role. It asks what it is like "
        "to work here: our purpose, goals, support, learning, teamwork and fairness."
    ),
    "audience": "All staff",
    "minutes": 10,
    "sections": [
        {
            "title": "Our purpose and values",
            "description": (
                "These statements are about what our organisation is here to do "
                "and how we expect people to behave."
            ),
            "items": [
                {
                    "code": "WS-VV-01",
                    "text": "I know what our organisation is trying to achieve over the next few years.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-VV-02",
                    "text": "Our values guide the way people here behave day to day.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-VV-03",
                    "text": "I understand how my job fits into the bigger picture of what we do.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-VV-04",
                    "text": "When someone acts against our values, something is done about it.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-VV-05",
                    "text": "Our values feel like words on a poster rather than how we really work.",
                    "element": "vision_values",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
        {
            "title": "Knowing what is expected",
            "description": "These statements are about the goals you work towards and how you hear about results.",
            "items": [
                {
                    "code": "WS-GP-01",
                    "text": "I know what my team is aiming to achieve this year.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-GP-02",
                    "text": "I understand what good work looks like in my role.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-GP-03",
                    "text": "I hear how my team's work has made a difference to patients or service users.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "WS-GP-04",
                    "text": "My team uses information about our work to spot where we can do better.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-GP-05",
                    "text": "My goals are realistic for the time I have.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
        {
            "title": "How we are supported",
            "description": "These statements are about kindness, care and the help you get when things are hard.",
            "items": [
                {
                    "code": "WS-SC-01",
                    "text": "My line manager notices when I have done a good job.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "WS-SC-02",
                    "text": "If I were struggling, I would know where to get help.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-SC-03",
                    "text": "Colleagues ask how I am when work is tough.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "WS-SC-04",
                    "text": "I am able to take the breaks I am due.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "WS-SC-05",
                    "text": "In the past year, someone at work has picked on me or made me feel small.",
                    "element": "support_compassion",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": False,
                },
            ],
        },
        {
            "title": "Learning and improving",
            "description": "These statements are about speaking up, learning from mistakes and trying new ideas.",
            "items": [
                {
                    "code": "WS-LI-01",
                    "text": "When something goes wrong, we focus on learning rather than blame.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-LI-02",
                    "text": "I can question how things are done here and still feel safe.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-LI-03",
                    "text": "Good ideas from staff like me are given a fair try.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-LI-04",
                    "text": "I get enough time at work to learn new skills.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-LI-05",
                    "text": "Mistakes here are more likely to be hidden than shared.",
                    "element": "learning_innovation",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
        {
            "title": "Working together",
            "description": "These statements are about your own team and how teams work with each other.",
            "items": [
                {
                    "code": "WS-TW-01",
                    "text": "Each person in my team knows what their part is.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-TW-02",
                    "text": "My team takes time to talk over what went well and what could be better.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "WS-TW-03",
                    "text": "I trust the people in my team to do what they say they will.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-TW-04",
                    "text": "When I need help from another team, I usually get it quickly.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-TW-05",
                    "text": "Tension between people in my team gets in the way of our work.",
                    "element": "teamwork",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
        {
            "title": "Fairness and belonging",
            "description": "These statements are about being treated fairly and feeling that you belong here.",
            "items": [
                {
                    "code": "WS-EI-01",
                    "text": "I feel I can be myself at work.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-EI-02",
                    "text": "Promotion here is based on what people can do.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-EI-03",
                    "text": "In my team, everyone's views get a hearing, whatever their role or background.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "WS-EI-04",
                    "text": "In the past year, I have been treated unfairly at work because of who I am.",
                    "element": "equity_inclusion",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": False,
                },
                {
                    "code": "WS-EI-05",
                    "text": "I could ask for changes to how I work to suit my health or personal needs.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
    ],
    "comment_questions": [
        {
            "code": "WS-C-01",
            "text": "What is one thing about working here that you would want us to keep?",
        },
        {
            "code": "WS-C-02",
            "text": "What one change would make the biggest difference to you or your team?",
        },
    ],
}


LEADERSHIP_BEHAVIOURS_SURVEY = {
    "slug": "leadership-behaviours",
    "name": "Leadership behaviours survey",
    "summary": (
        "For staff who lead or manage others. It asks you to rate your own leadership "
        "behaviour and the behaviour of the leaders you work with."
    ),
    "audience": (
        "Staff in Agenda for Change band 7 and above, and medical staff with leadership roles"
    ),
    "minutes": 8,
    "sections": [
        {
            "title": "My own leadership: direction and teamwork",
            "description": "Think about how you lead day to day, and rate how well each statement describes you.",
            "items": [
                {
                    "code": "LB-VV-01",
                    "text": "I talk with my team about how our work links to the organisation's wider aims.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-VV-02",
                    "text": "I act in line with our values, even when I am under pressure.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-GP-01",
                    "text": "I agree clear, realistic goals with each person I manage.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-GP-02",
                    "text": "I give people honest feedback on their work in good time.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-TW-01",
                    "text": "I bring people from different teams together to solve shared problems.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-TW-02",
                    "text": "I tend to make team decisions on my own without asking others.",
                    "element": "teamwork",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
            ],
        },
        {
            "title": "My own leadership: support, learning and fairness",
            "description": "Think about how you treat and develop the people you lead, and rate how well each statement describes you.",
            "items": [
                {
                    "code": "LB-SC-01",
                    "text": "I make time to listen when someone in my team is struggling.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-SC-02",
                    "text": "I act quickly to clear away things that make my team's work harder.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-LI-01",
                    "text": "I ask my team for ideas on how we could do things better.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-LI-02",
                    "text": "When a mistake happens, my first thought is to find out whose fault it was.",
                    "element": "learning_innovation",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-EI-01",
                    "text": "I make sure quieter people in my team get a fair chance to be heard.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-EI-02",
                    "text": "I think about how my own biases might affect the choices I make.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
            ],
        },
        {
            "title": "The leaders I work with: direction and teamwork",
            "description": "Think about the leaders you work with most, such as your own manager and senior leaders in your area.",
            "items": [
                {
                    "code": "LB-VV-03",
                    "text": "The leaders I work with explain where our organisation is heading.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-VV-04",
                    "text": "The leaders I work with behave in line with our values.",
                    "element": "vision_values",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-GP-03",
                    "text": "The leaders I work with make it clear what our priorities are.",
                    "element": "goals_performance",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-GP-04",
                    "text": "The leaders I work with change priorities so often that it is hard to keep up.",
                    "element": "goals_performance",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-TW-03",
                    "text": "The leaders I work with help different teams to work well together.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-TW-04",
                    "text": "The leaders I work with let others take the lead when they know more.",
                    "element": "teamwork",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
            ],
        },
        {
            "title": "The leaders I work with: support, learning and fairness",
            "description": "Think about the same leaders, and how they treat the people around them.",
            "items": [
                {
                    "code": "LB-SC-03",
                    "text": "The leaders I work with notice when people are under strain.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-SC-04",
                    "text": "The leaders I work with are easy to approach when I have a problem.",
                    "element": "support_compassion",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-LI-03",
                    "text": "The leaders I work with give people room to try out new ideas.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "agreement",
                    "required": True,
                },
                {
                    "code": "LB-LI-04",
                    "text": "The leaders I work with admit when they have got something wrong.",
                    "element": "learning_innovation",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-EI-03",
                    "text": "The leaders I work with challenge unfair behaviour when they see it.",
                    "element": "equity_inclusion",
                    "polarity": "positive",
                    "scale": "frequency",
                    "required": True,
                },
                {
                    "code": "LB-EI-04",
                    "text": "The leaders I work with treat some people more favourably than others.",
                    "element": "equity_inclusion",
                    "polarity": "negative",
                    "scale": "agreement",
                    "required": False,
                },
            ],
        },
    ],
    "comment_questions": [
        {
            "code": "LB-C-01",
            "text": "What is one thing you would like to do differently as a leader?",
        },
        {
            "code": "LB-C-02",
            "text": "What could the leaders you work with do to make this a better place to work?",
        },
    ],
}

"""Keyword suggestions of cultural elements for free-text comments (patient comments and
survey comments). Pure: no database."""

import pytest

from programmes.coding import KEYWORDS, suggest_elements
from programmes.constants import FRAMEWORK_ELEMENTS, Element, Framework

REVISED = FRAMEWORK_ELEMENTS[Framework.REVISED]
CLP_2016 = FRAMEWORK_ELEMENTS[Framework.CLP_2016]


class TestSuggestions:
    def test_every_element_has_keywords_for_display(self):
        assert set(KEYWORDS) == set(Element)
        assert all(KEYWORDS[element] for element in Element)

    @pytest.mark.parametrize(
        ("text", "element"),
        [
            ("The nurse was so kind and really listened.", Element.SUPPORT_COMPASSION),
            ("Staff were RUDE and showed no respect for my dignity.", Element.SUPPORT_COMPASSION),
            ("I was passed between three departments after the handover.", Element.TEAMWORK),
            ("They learnt from the mistake and improved the process.", Element.LEARNING_INNOVATION),
            ("Another long wait, and my operation was cancelled.", Element.GOALS_PERFORMANCE),
            ("The managers only care about money, not patients.", Element.VISION_VALUES),
            (
                "No interpreter, and the lift was not wheelchair accessible.",
                Element.EQUITY_INCLUSION,
            ),
            ("I felt discriminated against.", Element.EQUITY_INCLUSION),
        ],
    )
    def test_each_element_is_recognised(self, text, element):
        assert suggest_elements(text, REVISED) == [element]

    def test_suggestions_are_plain_codes(self):
        [code] = suggest_elements("very kind", REVISED)
        assert type(code) is str and code == "support_compassion"

    def test_neutral_text_gets_no_suggestion(self):
        for text in ["", "The car park was full.", "Parking on level 2.", "What kind of ward?"]:
            assert suggest_elements(text, REVISED) == []

    def test_only_the_frameworks_elements_are_suggested(self):
        text = "The interpreter never came; staff were rude."
        assert suggest_elements(text, REVISED) == [
            Element.SUPPORT_COMPASSION,
            Element.EQUITY_INCLUSION,
        ]
        assert suggest_elements(text, CLP_2016) == [Element.SUPPORT_COMPASSION]
        assert suggest_elements(text, []) == []

    def test_strongest_match_first(self):
        text = "The team did not talk to each other and the handover was lost; one nurse was kind."
        assert suggest_elements(text, REVISED) == [Element.TEAMWORK, Element.SUPPORT_COMPASSION]

    def test_ties_keep_the_frameworks_order(self):
        text = "Kind staff but a long wait."
        assert suggest_elements(text, REVISED) == [
            Element.GOALS_PERFORMANCE,
            Element.SUPPORT_COMPASSION,
        ]
        reordered = [Element.SUPPORT_COMPASSION, Element.GOALS_PERFORMANCE]
        assert suggest_elements(text, reordered) == reordered

    def test_at_most_three(self):
        text = (
            "Rude staff, a long delay, no teamwork, nobody learnt anything, no interpreter, "
            "and the values on the wall mean nothing."
        )
        suggestions = suggest_elements(text, REVISED)
        assert len(suggestions) == 3

    def test_whole_words_only(self):
        # "teammate" is not "team"; "disrespectful" is a stem of "disrespect".
        assert suggest_elements("Unkindled, steamy, lately", REVISED) == []
        assert suggest_elements("They were disrespectful", REVISED) == [Element.SUPPORT_COMPASSION]

    def test_negation_keeps_the_element(self):
        assert suggest_elements("Nobody listened to me.", REVISED) == [Element.SUPPORT_COMPASSION]

    def test_the_longest_phrase_claims_its_words(self):
        text = "My son has a learning disability."
        assert suggest_elements(text, REVISED) == [Element.EQUITY_INCLUSION]
        assert suggest_elements(text, CLP_2016) == []

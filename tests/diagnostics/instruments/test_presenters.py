"""A section drawn as NHS.UK radios."""

import pytest


class TestSectionQuestionsHtml:
    """The blank questions are kept per process; answers and errors must never leak into,
    or be hidden by, that kept copy."""

    @pytest.fixture
    def items(self, db):
        from tests.diagnostics.factories import ItemFactory, SectionFactory

        section = SectionFactory()
        return [ItemFactory(section=section), ItemFactory(section=section)]

    def test_an_answer_in_this_section_is_shown_even_after_the_blank_copy_is_kept(self, items):
        from diagnostics.instruments.forms import item_field_name
        from diagnostics.instruments.presenters import section_questions_html

        key = (items[0].section_id, "published-at")
        blank = section_questions_html(items, chosen={}, errors={}, blank_key=key)
        assert " checked" not in blank
        answered = section_questions_html(
            items, chosen={item_field_name(items[0].pk): "4"}, errors={}, blank_key=key
        )
        assert answered.count(" checked") == 1
        again = section_questions_html(items, chosen={}, errors={}, blank_key=key)
        assert " checked" not in again

    def test_answers_to_other_sections_still_use_the_blank_copy(self, items):
        from diagnostics.instruments.presenters import _blank_questions, section_questions_html

        key = (items[0].section_id, "published-at")
        html = section_questions_html(items, chosen={"item_99999": "2"}, errors={}, blank_key=key)
        assert len(_blank_questions) == 1 and " checked" not in html

    def test_an_error_is_never_served_from_the_blank_copy(self, items):
        from diagnostics.instruments.forms import item_field_name
        from diagnostics.instruments.presenters import section_questions_html

        key = (items[0].section_id, "published-at")
        section_questions_html(items, chosen={}, errors={}, blank_key=key)
        name = item_field_name(items[1].pk)
        html = section_questions_html(items, chosen={}, errors={name: "Choose one"}, blank_key=key)
        assert "Choose one" in html and "nhsuk-form-group--error" in html

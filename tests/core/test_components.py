"""The block tags that draw NHS.UK components around markup keep it escaped and intact."""

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def squash(html: str) -> str:
    return " ".join(html.split())


def test_a_table_cell_repeats_its_heading_and_keeps_the_markup():
    html = render(
        '{% table_cell "Trust" %}<a href="/t/">{{ name }}</a>{% endtable_cell %}', name="<A&B>"
    )
    assert squash(html) == (
        '<td class="nhsuk-table__cell" role="cell"> <span class="nhsuk-table-responsive__heading" '
        'aria-hidden="true">Trust</span> <a href="/t/">&lt;A&amp;B&gt;</a> </td>'
    )


def test_a_summary_row():
    html = render('{% summary_row "Sent" %}{{ when }}{% endsummary_row %}', when="<today>")
    assert squash(html) == (
        '<div class="nhsuk-summary-list__row"> <dt class="nhsuk-summary-list__key">Sent</dt> '
        '<dd class="nhsuk-summary-list__value"> &lt;today&gt; </dd> </div>'
    )


def test_a_warning_callout_at_the_level_asked_for():
    html = render(
        "{% warning_callout level=3 %}{{ n }} late"
        "{% callout_body %}<p>Act</p>{% endwarning_callout %}",
        n=2,
    )
    assert squash(html) == (
        '<div class="nhsuk-warning-callout"> <h3 class="nhsuk-warning-callout__label"> '
        '<span class="nhsuk-u-visually-hidden">Important:</span> 2 late </h3> <p>Act</p> </div>'
    )
    assert "<h2 " in render(
        "{% warning_callout %}Heads up{% callout_body %}{% endwarning_callout %}"
    )

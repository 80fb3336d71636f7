"""Programme pages' status tags, decided in programmes.presenters and drawn by
components/tag.html: {% include "components/tag.html" with tag=step|step_tag:today only %}."""

from django import template

from programmes import presenters

register = template.Library()


@register.filter
def intervention_status_tag(status: str):
    return presenters.intervention_status_tag(status)


@register.filter
def finding_kind_tag(kind: str):
    return presenters.finding_kind_tag(kind)


@register.filter
def step_tag(step, today):
    """Done, Overdue or To do."""
    return presenters.step_tag(step, today)


@register.filter
def overdue_tag(due_on, today):
    """Overdue if due before today; None (no tag) otherwise."""
    return presenters.overdue_tag(due_on, today)


@register.filter
def action_overdue_tag(action, today):
    """Overdue if not done by its due date; None (no tag) otherwise."""
    return presenters.action_overdue_tag(action, today)

"""The national template: the steps every new programme starts with."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Max

from programmes.models import StepTemplate
from programmes.template_defaults import DEFAULT_STEPS


@transaction.atomic
def step_template_seed() -> int:
    """Load the first published template into an empty table (idempotent)."""
    if StepTemplate.objects.exists():
        return 0
    positions: dict[str, int] = defaultdict(int)
    rows = []
    for phase_kind, title, description, required, tool in DEFAULT_STEPS:
        positions[phase_kind] += 1
        rows.append(
            StepTemplate(
                phase_kind=phase_kind,
                position=positions[phase_kind],
                title=title,
                description=description,
                required=required,
                tool=tool,
            )
        )
    StepTemplate.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def step_template_create(
    *, phase_kind: str, title: str, description: str, required: bool, tool: str = ""
) -> StepTemplate:
    last = StepTemplate.objects.filter(phase_kind=phase_kind).aggregate(m=Max("position"))["m"]
    template = StepTemplate(
        phase_kind=phase_kind,
        position=(last or 0) + 1,
        title=title,
        description=description,
        required=required,
        tool=tool,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def step_template_update(*, template: StepTemplate, **fields) -> StepTemplate:
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def step_template_delete(*, template: StepTemplate) -> None:
    template.delete()


def _swap(rows, item, direction: str) -> bool:
    """Swap `item` with its neighbour in `rows` (ordered by position); False at an end."""
    rows = list(rows)
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position", "updated_at"])
    return True


@transaction.atomic
def step_template_move(*, template: StepTemplate, direction: str) -> bool:
    siblings = StepTemplate.objects.select_for_update().filter(phase_kind=template.phase_kind)
    return _swap(siblings.order_by("position", "pk"), template, direction)

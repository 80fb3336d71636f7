"""Writes for the record-based Discover tools: interviews, focus groups, workforce analysis,
patient experience and the outcome metrics. Each leaves a line in the programme's activity
log, and an upload either imports every row or none."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from diagnostics.constants import STAFF_GROUPS
from diagnostics.records.csv_import import FeedbackRow, MetricRow, WorkforceRow, month_label
from diagnostics.records.models import (
    BoardInterview,
    CodedTheme,
    FocusGroup,
    Metric,
    MetricPoint,
    MetricRebaseline,
    PatientComment,
    WorkforceRecord,
    WorkforceUpload,
)
from programmes.constants import FRAMEWORK_ELEMENTS
from programmes.models import Programme
from programmes.services import activity_record, programme_require_active


class ImportRejected(ApplicationError):
    """Rows that clash with what is already stored; nothing was imported."""

    def __init__(self, errors: list[str]):
        super().__init__("The file has problems, so nothing was imported", {"errors": errors})
        self.errors = errors


_require_active = programme_require_active


def _check_themes(programme: Programme, themes: dict[str, list[str]]) -> None:
    allowed = set(FRAMEWORK_ELEMENTS[programme.framework])
    if set(themes) - allowed:
        raise ValidationError("Themes must be coded to this programme's elements")


def _replace_themes(*, themes: dict[str, list[str]], **parent) -> None:
    CodedTheme.objects.filter(**parent).delete()
    CodedTheme.objects.bulk_create(
        CodedTheme(element=element, text=text[:500], **parent)
        for element, texts in themes.items()
        for text in texts
    )


@transaction.atomic
def board_interview_save(
    *,
    programme: Programme,
    actor: User,
    interview: BoardInterview | None = None,
    held_on,
    interviewer: str,
    interviewee_role: str,
    notes: str = "",
    themes: dict[str, list[str]],
) -> BoardInterview:
    _require_active(programme)
    _check_themes(programme, themes)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The interview date cannot be in the future"})
    is_new = interview is None
    interview = interview or BoardInterview(programme=programme)
    interview.held_on = held_on
    interview.interviewer = interviewer.strip()
    interview.interviewee_role = interviewee_role.strip()
    interview.notes = notes.strip()
    interview.full_clean(exclude=["programme"])
    interview.save()
    _replace_themes(themes=themes, interview=interview)
    verb = "Recorded" if is_new else "Changed"
    # The log is read by every member of the trust; a board role names its holder.
    activity_record(programme=programme, actor=actor, summary=f"{verb} a board interview")
    return interview


@transaction.atomic
def board_interview_delete(*, interview: BoardInterview, actor: User) -> None:
    programme = interview.programme
    _require_active(programme)
    interview.delete()
    activity_record(programme=programme, actor=actor, summary="Removed a board interview")


@transaction.atomic
def focus_group_save(
    *,
    programme: Programme,
    actor: User,
    group: FocusGroup | None = None,
    held_on,
    title: str,
    staff_groups: Sequence[str],
    participants: int,
    notes: str = "",
    themes: dict[str, list[str]],
) -> FocusGroup:
    _require_active(programme)
    _check_themes(programme, themes)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The session date cannot be in the future"})
    known = {code for code, _ in STAFF_GROUPS}
    if set(staff_groups) - known:
        raise ValidationError({"staff_groups": "Choose staff groups from the list"})
    is_new = group is None
    group = group or FocusGroup(programme=programme)
    group.held_on = held_on
    group.title = title.strip()
    group.staff_groups = list(staff_groups)
    group.participants = participants
    group.notes = notes.strip()
    group.full_clean(exclude=["programme"])
    group.save()
    _replace_themes(themes=themes, focus_group=group)
    verb = "Recorded" if is_new else "Changed"
    activity_record(
        programme=programme, actor=actor, summary=f"{verb} the focus group ‘{group.title}’"
    )
    return group


@transaction.atomic
def focus_group_delete(*, group: FocusGroup, actor: User) -> None:
    programme = group.programme
    _require_active(programme)
    title = group.title
    group.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the focus group ‘{title}’")


@transaction.atomic
def workforce_upload_replace(
    *, programme: Programme, actor: User, file_name: str, rows: Sequence[WorkforceRow]
) -> WorkforceUpload:
    """Replace the programme's workforce data with a validated file's rows."""
    _require_active(programme)  # also locks the programme row: one upload at a time
    if not rows:
        raise ApplicationError("The file has no rows, so nothing was imported")
    WorkforceUpload.objects.filter(programme=programme).delete()
    upload = WorkforceUpload.objects.create(
        programme=programme, uploaded_by=actor, file_name=file_name[:200], row_count=len(rows)
    )
    WorkforceRecord.objects.bulk_create(
        (
            WorkforceRecord(
                upload=upload,
                directorate=row.directorate,
                staff_group=row.staff_group,
                band=row.band,
                sex=row.sex,
                ethnicity=row.ethnicity,
                disability=row.disability,
                age_band=row.age_band,
                headcount=row.headcount,
            )
            for row in rows
        ),
        batch_size=2000,
    )
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Uploaded workforce data ({len(rows):,} rows from {file_name[:80]})",
    )
    return upload


@transaction.atomic
def patient_comments_import(
    *, programme: Programme, actor: User, file_name: str, rows: Sequence[FeedbackRow]
) -> int:
    """Add a validated file's comments. A comment already imported (same date and text)
    rejects the whole file, naming its row, so a file loaded twice is not counted twice."""
    # This also locks the programme row: two imports of one file at once cannot both pass.
    _require_active(programme)
    if not rows:
        raise ApplicationError("The file has no rows, so nothing was imported")
    existing = set(
        PatientComment.objects.filter(
            programme=programme, received_on__in={row.received_on for row in rows}
        ).values_list("received_on", "text")
    )
    errors = [
        f"Row {number}: this comment from {row.received_on:%-d %B %Y} was imported before"
        for number, row in enumerate(rows, start=2)
        if (row.received_on, row.comment) in existing
    ]
    if errors:
        raise ImportRejected(errors[:50])
    PatientComment.objects.bulk_create(
        (
            PatientComment(
                programme=programme,
                received_on=row.received_on,
                source=row.source,
                text=row.comment,
            )
            for row in rows
        ),
        batch_size=2000,
    )
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Imported {len(rows):,} patient comments from {file_name[:80]}",
    )
    return len(rows)


@transaction.atomic
def patient_comment_code(
    *, comment: PatientComment, actor: User, elements: Sequence[str]
) -> PatientComment:
    programme = comment.programme
    _require_active(programme)
    allowed = FRAMEWORK_ELEMENTS[programme.framework]
    if set(elements) - set(allowed):
        raise ValidationError({"elements": "Choose elements from this programme's framework"})
    comment.elements = [code for code in allowed if code in elements]
    comment.coded_at = timezone.now()
    comment.coded_by = actor
    comment.save(update_fields=["elements", "coded_at", "coded_by", "updated_at"])
    return comment


@transaction.atomic
def metric_points_import(
    *, programme: Programme, actor: User, rows: Sequence[MetricRow]
) -> tuple[int, int]:
    """Add or correct monthly values; a month already stored takes the file's value.
    Returns (new metrics, values written)."""
    _require_active(programme)  # also locks the programme row: one upload at a time
    if not rows:
        raise ApplicationError("The file has no rows, so nothing was imported")
    names = {row.metric for row in rows}
    metrics = {m.name.casefold(): m for m in Metric.objects.filter(programme=programme)}
    created = 0
    for name in sorted(names):
        if name.casefold() not in metrics:
            metrics[name.casefold()] = Metric.objects.create(programme=programme, name=name)
            created += 1
    # One statement for every value: a month already stored takes the file's value.
    MetricPoint.objects.bulk_create(
        [
            MetricPoint(metric=metrics[row.metric.casefold()], month=row.month, value=row.value)
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["metric", "month"],
        update_fields=["value"],
        batch_size=2000,
    )
    months = sorted({row.month for row in rows})
    activity_record(
        programme=programme,
        actor=actor,
        summary=f"Uploaded {len(rows):,} monthly values for {len(names)} metric"
        f"{'s' if len(names) != 1 else ''} ({month_label(months[0])} to "
        f"{month_label(months[-1])})",
    )
    return created, len(rows)


@transaction.atomic
def metric_update(
    *, metric: Metric, actor: User, name: str, unit: str, improvement: str, target: float | None
) -> Metric:
    _require_active(metric.programme)
    clash = (
        Metric.objects.filter(programme=metric.programme, name__iexact=name.strip())
        .exclude(pk=metric.pk)
        .exists()
    )
    if clash:
        raise ValidationError({"name": "Another metric already has this name"})
    metric.name = name.strip()
    metric.unit = unit.strip()
    metric.improvement = improvement
    metric.target = target
    metric.full_clean(exclude=["programme"])
    metric.save()
    activity_record(
        programme=metric.programme, actor=actor, summary=f"Changed the metric ‘{metric.name}’"
    )
    return metric


@transaction.atomic
def metric_delete(*, metric: Metric, actor: User) -> None:
    programme = metric.programme
    _require_active(programme)
    name = metric.name
    metric.delete()
    activity_record(programme=programme, actor=actor, summary=f"Removed the metric ‘{name}’")


@transaction.atomic
def metric_rebaseline_add(
    *, metric: Metric, actor: User, from_month, reason: str
) -> MetricRebaseline:
    """Recalculate the metric's limits from `from_month` (Making Data Count's re-baselining):
    a month with a value, after the first. A second identical request (a double submit)
    returns the first one's record rather than refusing it or adding another."""
    _require_active(metric.programme)  # also locks the programme row: one change at a time
    reason = " ".join(reason.split())
    months = list(metric.points.order_by("month").values_list("month", flat=True))
    errors = {}
    month_error = _rebaseline_month_error(metric, from_month, months)
    if month_error:
        errors["from_month"] = month_error
    if not reason:
        errors["reason"] = "Enter why the limits are being recalculated"
    if errors:
        raise ValidationError(errors)
    existing = MetricRebaseline.objects.filter(metric=metric, from_month=from_month).first()
    if existing is not None:
        if existing.reason == reason:
            return existing
        raise ValidationError(
            {
                "from_month": f"The limits are already recalculated from {from_month:%B %Y}. "
                "Choose another month, or remove that one first"
            }
        )
    rebaseline = MetricRebaseline(
        metric=metric,
        from_month=from_month,
        reason=reason,
        recorded_by=actor,
        recorded_by_name=actor.full_name,
    )
    rebaseline.full_clean(exclude=["metric", "recorded_by"], validate_unique=False)
    rebaseline.save()
    activity_record(
        programme=metric.programme,
        actor=actor,
        summary=f"Recalculated the limits of ‘{metric.name}’ from {from_month:%B %Y}",
    )
    return rebaseline


def _rebaseline_month_error(metric: Metric, month, months: list) -> str:
    """What is wrong with recalculating from `month`, in words; "" if nothing."""
    if month.day != 1:
        return "Choose a month from the list"
    if not months:
        return f"‘{metric.name}’ has no values yet, so there are no limits to recalculate"
    label = f"{month:%B %Y}"
    if month < months[0]:
        return (
            f"{label} is before the first month with a value ({months[0]:%B %Y}). Choose a "
            "month from the list"
        )
    if month > months[-1]:
        return (
            f"{label} is after the latest month with a value ({months[-1]:%B %Y}). Choose a "
            "month from the list"
        )
    if month == months[0]:
        return (
            f"{label} is the first month with a value, so there are no limits before it to "
            "recalculate. Choose a later month"
        )
    if month not in months:
        return f"There is no value for {label}. Choose a month that has one"
    return ""


@transaction.atomic
def metric_rebaseline_remove(*, rebaseline: MetricRebaseline, actor: User) -> None:
    """Undo a recalculation: its months join the period before it again."""
    metric = rebaseline.metric
    _require_active(metric.programme)
    month = rebaseline.from_month
    rebaseline.delete()
    activity_record(
        programme=metric.programme,
        actor=actor,
        summary=f"Removed the recalculated limits of ‘{metric.name}’ from {month:%B %Y}",
    )

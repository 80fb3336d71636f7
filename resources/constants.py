"""The resource library's fixed vocabulary: what kind of thing a resource is, and who it is for.

Phases, diagnostic tools and cultural elements are the programme's own (programmes.constants).
"""

from django.db import models


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    TOOL = "tool", "Tool"
    TEMPLATE = "template", "Template"
    CASE_STUDY = "case_study", "Case study"
    VIDEO = "video", "Video"
    EVIDENCE_SUMMARY = "evidence_summary", "Evidence summary"
    RELATED_PROGRAMME = "related_programme", "Related programme of work"


class Audience(models.TextChoices):
    OD_LEADS = "od_leads", "OD leads and change teams"
    BOARDS = "boards", "Boards and sponsors"
    ALL_STAFF = "all_staff", "All staff"
    ANALYSTS = "analysts", "Analysts"

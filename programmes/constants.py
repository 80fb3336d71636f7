"""The programme's fixed vocabulary: cultural elements and the frameworks that use them.

Elements are one fixed set of codes; a framework is the list of codes it uses, and each
programme picks its framework (DESIGN.md section 1).
"""

from django.db import models


class Element(models.TextChoices):
    VISION_VALUES = "vision_values", "Vision and values"
    GOALS_PERFORMANCE = "goals_performance", "Goals and performance"
    SUPPORT_COMPASSION = "support_compassion", "Support and compassion"
    LEARNING_INNOVATION = "learning_innovation", "Learning and innovation"
    TEAMWORK = "teamwork", "Teamwork"
    EQUITY_INCLUSION = "equity_inclusion", "Equity and inclusion"


class Framework(models.TextChoices):
    CLP_2016 = "clp_2016", "2016 framework (five elements)"
    REVISED = "revised", "Revised framework (six elements, adding equity and inclusion)"


FRAMEWORK_ELEMENTS: dict[str, list[str]] = {
    Framework.CLP_2016: [
        Element.VISION_VALUES,
        Element.GOALS_PERFORMANCE,
        Element.SUPPORT_COMPASSION,
        Element.LEARNING_INNOVATION,
        Element.TEAMWORK,
    ],
    Framework.REVISED: list(Element),
}

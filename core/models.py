from django.db import models


class BaseModel(models.Model):
    """Every domain model records when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """A record of something done that national admins must be able to account for: who,
    what, to what, when. Never about survey respondents (they are anonymous)."""

    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class Email(models.Model):
    """One e-mail the portal sends, whichever app wrote it (docs/architecture.md, "E-mail").
    Written in the same transaction as what it reports, so a rolled-back action sends
    nothing; a task sends each one once after the commit."""

    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_email_unsent",
            )
        ]

    def __str__(self):
        return self.subject


class Delivery(models.TextChoices):
    """How a person wants one kind of notification."""

    AT_ONCE = "at_once", "By email at once"
    WEEKLY = "weekly", "In the Monday summary email"
    OFF = "off", "Not by email (still in For you)"


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification; no row means at once."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_one_preference_per_kind"),
            models.CheckConstraint(
                condition=models.Q(delivery__in=Delivery.values),
                name="core_preference_delivery_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"


class SummaryItem(models.Model):
    """A notification kept for the person's Monday summary e-mail, then deleted."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "created_at", "pk"]

    def __str__(self):
        return self.subject

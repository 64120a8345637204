"""People. A user is keyed by email (local accounts) and may also hold SSO identities, which
allauth's SocialAccount keys by provider (one per organisation's issuer) and subject."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class EmailFrequency(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately"
        DAILY = "daily", "Once a day (a digest)"
        NEVER = "never", "Never"

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    email_frequency = models.CharField(
        max_length=12, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATELY
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class FormDraft(models.Model):
    """What a person typed into a form when their session had ended, kept so that they can
    finish it after signing in again (`accounts.drafts`). Keyed to the person and the page;
    taken (and deleted) when they next open that page, purged after `DRAFT_LIFETIME` anyway.

    Never kept for a form that can be sent anonymously (the view says so), since the row links
    the text to the person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_drafts")
    path = models.CharField(max_length=500)
    # The form's fields as `{name: [values]}`, without the CSRF token, files or secrets.
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=("user", "path"), name="form_draft_one_per_page"),)
        indexes = (models.Index(fields=("expires_at",), name="form_draft_expires"),)

    def __str__(self) -> str:
        return f"Draft of {self.path}"

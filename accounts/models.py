from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.functions import RandomUUID
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower

# The contract says `DEFAULT now()`; Django's Now() would emit STATEMENT_TIMESTAMP().
DB_NOW = models.Func(function="now", output_field=models.DateTimeField())


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, email_verified=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who keeps tasks; signs in with an email address (no username)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    email = models.EmailField(max_length=255)
    email_verified = models.BooleanField(default=False, db_default=False)
    name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 (the contract says null)
    image = models.TextField("avatar URL", null=True, blank=True, validators=[URLValidator(schemes=["http", "https"])])  # noqa: DJ001
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_default=DB_NOW)
    updated_at = models.DateTimeField(auto_now=True, db_default=DB_NOW)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        db_table = "users"
        constraints = [
            # Login, signup and password reset look an address up ignoring case.
            models.UniqueConstraint(Lower("email"), name="idx_users_email"),
        ]
        indexes = [
            # Admin list and operator statistics: newest sign-ups first.
            models.Index(fields=["created_at"], name="idx_users_created_at"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]

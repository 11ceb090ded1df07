"""A model's check constraints validated in one statement, not one each.

Django validates each CheckConstraint of a model form's instance with a query of its own,
which inside the request's transaction is three statements (a savepoint, the SELECT, its
release): a task's five checks cost every create and edit about fifteen round trips before
the INSERT (docs/PERFORMANCE.md, "1M people"). `ChecksAtOnce` asks PostgreSQL about all of
them in one SELECT, one column a check, with Django's own rules: a check that names a field
the form leaves out (a FieldError while resolving it) is not asked, a NULL passes (as in the
database), and a database error lets the database itself decide at the INSERT.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

logger = logging.getLogger(__name__)


class ChecksAtOnce(models.Model):
    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        checks = []
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint):
                    checks.append(constraint)
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as exc:
                    if getattr(exc, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(exc)
                    else:
                        errors = exc.update_error_dict(errors)
        for constraint in self.failed_checks(checks, exclude, using):
            error = ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def failed_checks(self, checks: list, exclude, using: str) -> list:
        """The checks among `checks` that this instance's values fail, asked in one SELECT."""
        if not checks:
            return []
        query = Query(None)
        for name, value in self._get_field_expression_map(meta=self._meta, exclude=exclude).items():
            query.add_annotation(value if hasattr(value, "resolve_expression") else Value(value), name, select=False)
        asked = []
        for constraint in checks:
            holds = ExpressionWrapper(Q(constraint.condition), output_field=BooleanField())
            try:
                query.add_annotation(Coalesce(holds, Value(True)), f"check_{len(asked)}")
            except FieldError:  # it names a field left out: not asked, as Django does
                continue
            asked.append(constraint)
        if not asked:
            return []
        connection = connections[using]
        try:
            with transaction.atomic(using=using) if connection.in_atomic_block else nullcontext():
                row = query.get_compiler(using=using).execute_sql(SINGLE)
        except DatabaseError as exc:
            logger.warning("Could not check %s's constraints: %s", self._meta.label, exc)
            return []
        return [constraint for constraint, holds in zip(asked, row, strict=True) if not holds]

"""SQL expressions every app's models use."""

from django.db import models

# The contract says `DEFAULT now()`; Django's Now() would emit STATEMENT_TIMESTAMP().
DB_NOW = models.Func(function="now", output_field=models.DateTimeField())

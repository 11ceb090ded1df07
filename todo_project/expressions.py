"""SQL expressions every app's models use."""

import time

from django.db import models

# The contract says `DEFAULT now()`; Django's Now() would emit STATEMENT_TIMESTAMP().
DB_NOW = models.Func(function="now", output_field=models.DateTimeField())

# A new row's place in a person's own order (tasks.position, sections.position): the clock in
# microseconds, so what is added later comes later, with room between any two rows for a move
# (tasks.ordering). The same value from Python for the ORM's inserts: `clock_position()`.
CLOCK_POSITION = models.Func(
    template="(extract(epoch from clock_timestamp()) * 1000000)::bigint", output_field=models.BigIntegerField()
)


def clock_position() -> int:
    return time.time_ns() // 1000

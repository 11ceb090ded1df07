"""Create (or refill) one confirmed bench user with N tasks: `manage.py shell < bench/seed_user.py`.

Reads BENCH_EMAIL, BENCH_PASSWORD and BENCH_TASKS from the environment.
"""

import os
from contextlib import nullcontext
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from tasks.models import Task

try:
    from tasks.rls import user_context
except ImportError:  # a checkout from before row-level security
    user_context = None

email, password, count = os.environ["BENCH_EMAIL"], os.environ["BENCH_PASSWORD"], int(os.environ["BENCH_TASKS"])
user = User.objects.filter(email=email).first() or User.objects.create_user(email, password, email_verified=True)
EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
with user_context(user.pk) if user_context else nullcontext():
    Task.objects.filter(user=user).delete()
    start = timezone.now() - timedelta(days=365)
    for offset in range(0, count, 5000):
        Task.objects.bulk_create(
            Task(user=user, title=f"Bench task {i}", completed=i % 3 == 0, created_at=start + timedelta(seconds=i))
            for i in range(offset, min(offset + 5000, count))
        )
print(f"{email}: {count} tasks")

"""Print the emails of a heavy and a typical demo user: `manage.py shell < bench/pick_users.py`.

Heavy: the one with the most live tasks. Typical: one whose number of tasks is the median.
"""

from accounts.models import DEMO_DOMAIN
from todo_project.operations import staff_connection

with staff_connection() as conn:
    counts = conn.execute(
        "SELECT u.email, coalesce(c.active + c.completed, 0) FROM users u"
        " LEFT JOIN task_counts c ON c.user_id = u.id WHERE u.email LIKE %s ORDER BY 2 DESC",
        [f"%@{DEMO_DOMAIN}"],
    ).fetchall()
print(counts[0][0], counts[len(counts) // 2][0])

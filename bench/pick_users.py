"""Print the emails of a heavy and a typical demo user: `manage.py shell < bench/pick_users.py`.

Heavy: the one with the most tasks. Typical: one whose number of tasks is the median.
"""

from tasks.maintenance import DEMO_DOMAIN, staff_connection

with staff_connection() as conn:
    counts = conn.execute(
        "SELECT u.email, count(t.id) FROM users u LEFT JOIN tasks t ON t.user_id = u.id"
        " WHERE u.email LIKE %s GROUP BY u.email ORDER BY 2 DESC",
        [f"%@{DEMO_DOMAIN}"],
    ).fetchall()
print(counts[0][0], counts[len(counts) // 2][0])

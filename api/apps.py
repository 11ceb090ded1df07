from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    # Under the row-level security of the person (todo_project.rls).
    rls_tables = ("api_tokens", "api_idempotency_keys")
    # The lists: with DATABASE_REPLICA_URL their GETs read from the replica (todo_project.replica).
    replica_views = ("api:v1:list_tasks", "api:v1:list_projects", "api:v1:list_labels", "api:v1:list_sections")
    # The person's tokens (name, scope, when made and last used; never the hash) in the export;
    # no deletion step: the rows go by the cascade from users.
    personal_data = "api.export.personal_data"

import pytest


@pytest.mark.django_db
def test_smoke(api):
    created = api.post("/tasks", {"text": "Pay rent tomorrow p1 @bills"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Pay rent" and body["priority"] == 1 and body["labels"] == ["bills"], body
    listed = api.get("/tasks")
    assert listed.status_code == 200, listed.content
    assert [t["id"] for t in listed.json()["results"]] == [body["id"]]

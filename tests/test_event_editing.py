"""Events are edited like listings: town scope, drafts, If-Match, history."""

import pytest

NEW_EVENT = {
    "slug": "festa-di-prova",
    "municipality": "maranello",
    "listing": "museo-ferrari-maranello",
    "location": {"lat": 44.52974, "lon": 10.86143},
    "themes": ["motor"],
    "start": "2015-06-20",
    "end": "2015-06-21",
    "recurrence": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20",
    "translations": {"it": {"name": "Festa di prova"}, "en": {"name": "Test fair"}},
}


def _etag(client, slug, headers):
    return client.get(f"/api/v1/events/{slug}", headers=headers).headers["ETag"]


def test_event_workflow_with_history(client, tokens):
    headers = tokens["maranello"]
    created = client.post("/api/v1/events", json=NEW_EVENT, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.headers["ETag"] == '"v1-it"'
    june = "/api/v1/events?from=2016-06-01&to=2016-06-30"
    assert "festa-di-prova" not in {e["slug"] for e in client.get(june).get_json()["items"]}
    assert client.get("/api/v1/events/festa-di-prova").status_code == 404  # a draft
    patched = client.patch(
        "/api/v1/events/festa-di-prova", json={"end": "2015-06-22"},
        headers={**headers, "If-Match": _etag(client, "festa-di-prova", headers)},
    )  # fmt: skip
    assert patched.status_code == 200 and patched.get_json()["end"] == "2015-06-22"
    published = client.post(
        "/api/v1/events/festa-di-prova/publish",
        headers={**headers, "If-Match": _etag(client, "festa-di-prova", headers)},
    )
    assert published.status_code == 200
    occurrences = [e for e in client.get(june).get_json()["items"] if e["slug"] == "festa-di-prova"]
    assert [(e["start"], e["end"]) for e in occurrences] == [("2016-06-20", "2016-06-22")]
    stale = client.delete(
        "/api/v1/events/festa-di-prova", headers={**headers, "If-Match": '"v1-it"'}
    )
    assert stale.status_code == 412
    history = client.get("/api/v1/events/festa-di-prova/revisions", headers=headers).get_json()
    assert [r["action"] for r in history["items"]] == ["create", "update", "publish"]


@pytest.mark.parametrize(
    ("actor", "body", "expected"),
    [
        ("anonymous", {}, 401),
        ("sassuolo", {}, 403),
        ("maranello", {"end": "2015-06-01"}, 422),
        ("maranello", {"recurrence": "FREQ=SOMETIMES"}, 422),
        ("maranello", {"listing": "nowhere"}, 422),
        ("maranello", {"status": "published"}, 422),
        (
            "admin",
            {"municipality": "scandiano", "location": {"lat": 44.5925, "lon": 10.68778}},
            201,
        ),
    ],
)
def test_event_permissions_and_validation(client, tokens, actor, body, expected):
    response = client.post("/api/v1/events", json={**NEW_EVENT, **body}, headers=tokens[actor])
    assert response.status_code == expected, response.get_json()

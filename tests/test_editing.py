"""Editors' writes: create, patch, translate, publish, delete, restore, history, If-Match."""

import pytest

NEW = {
    "kind": "heritage",
    "themes": ["heritage"],
    "municipality": "maranello",
    "location": {"lat": 44.5206, "lon": 10.85893, "address": "Maranello (MO)"},
    "translations": {
        "it": {"name": "Torre di prova", "summary": "Una torre.", "description": "<p>Testo</p>"},
        "en": {"name": "Test tower", "summary": "A tower."},
    },
}


def _create(client, headers, body=None):
    response = client.post("/api/v1/listings", json=body or NEW, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response


def _etag(client, key, headers):
    response = client.get(f"/api/v1/listings/{key}", headers=headers)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_create_makes_a_draft_owned_by_the_town(client, tokens):
    response = _create(client, tokens["maranello"])
    body = response.get_json()
    assert body["status"] == "draft" and body["version"] == 1
    assert body["slug"] == "torre-di-prova"
    assert response.headers["Location"].endswith("/api/v1/listings/torre-di-prova")
    assert response.headers["ETag"] == '"v1-it"'
    assert body["description"] == "<p>Testo</p>"


def test_a_draft_is_seen_only_by_its_office_and_admins(client, tokens):
    _create(client, tokens["maranello"])
    url = "/api/v1/listings/torre-di-prova"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=tokens["sassuolo"]).status_code == 404
    assert client.get(url, headers=tokens["maranello"]).status_code == 200
    assert client.get(url, headers=tokens["admin"]).status_code == 200
    public = client.get("/api/v1/listings?municipality=maranello&limit=100").get_json()
    assert "torre-di-prova" not in [item["slug"] for item in public["items"]]
    drafts = client.get("/api/v1/listings?status=draft", headers=tokens["maranello"]).get_json()
    assert [item["slug"] for item in drafts["items"]] == ["torre-di-prova"]
    assert (
        client.get("/api/v1/listings?status=draft", headers=tokens["sassuolo"]).get_json()["total"]
        == 0
    )
    assert client.get("/api/v1/listings?status=draft").status_code == 401


def test_publish_delete_restore_round_trip_keeps_history(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    url = "/api/v1/listings/torre-di-prova"

    def act(path):
        response = client.post(
            url + path, headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)}
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    assert act("/publish")["status"] == "published"
    assert client.get(url).status_code == 200
    deleted = client.delete(
        url, headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)}
    )
    assert deleted.status_code == 200 and deleted.get_json()["status"] == "archived"
    assert client.get(url).status_code == 404
    assert act("/restore")["status"] == "published"
    assert client.get(url).status_code == 200
    history = client.get(url + "/revisions", headers=headers).get_json()["items"]
    assert [r["action"] for r in history] == ["create", "publish", "delete", "restore"]
    assert history[1]["changes"] == {"status": ["draft", "published"]}
    assert all(r["author"] == "maranello@example.org" for r in history)


def test_patch_merges_and_records_a_field_level_diff(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    etag = _etag(client, "torre-di-prova", headers)
    patch = {
        "contacts": {"website": "https://www.comune.maranello.mo.it"},
        "translations": {"en": {"summary": "A medieval tower."}, "de": {"name": "Testturm"}},
        "location": {"address": None},
    }
    response = client.patch(
        "/api/v1/listings/torre-di-prova", json=patch, headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["version"] == 2 and body["contacts"]["website"].startswith("https://")
    assert body["location"]["address"] is None and body["location"]["lat"] == 44.5206
    english = client.get("/api/v1/listings/torre-di-prova?lang=en", headers=headers).get_json()
    assert english["summary"] == "A medieval tower." and english["name"] == "Test tower"
    revision = client.get("/api/v1/listings/torre-di-prova/revisions/2", headers=headers).get_json()
    assert revision["action"] == "update"
    assert revision["changes"]["translations.en.summary"] == ["A tower.", "A medieval tower."]
    assert revision["changes"]["translations.de.name"] == [None, "Testturm"]
    assert revision["changes"]["location"][1]["address"] is None
    assert revision["snapshot"]["contacts"] == {"website": "https://www.comune.maranello.mo.it"}


def test_put_translation_sets_one_language(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    etag = _etag(client, "torre-di-prova", headers)
    texts = {"name": "テストの塔", "summary": "塔です。", "description": "<p>説明</p>"}
    response = client.put(
        "/api/v1/listings/torre-di-prova/translations/ja",
        json=texts,
        headers={**headers, "If-Match": etag},
    )
    assert response.status_code == 200
    japanese = client.get("/api/v1/listings/torre-di-prova?lang=ja", headers=headers).get_json()
    assert japanese["name"] == "テストの塔" and japanese["fallbacks"] == {}
    history = client.get("/api/v1/listings/torre-di-prova/revisions", headers=headers).get_json()
    assert history["items"][-1]["action"] == "translate"


def test_restoring_an_old_revision_is_a_new_revision(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    client.patch(
        "/api/v1/listings/torre-di-prova",
        json={"kind": "attraction"},
        headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)},
    )
    assert (
        client.get("/api/v1/listings/torre-di-prova", headers=headers).get_json()["kind"]
        == "attraction"
    )
    response = client.post(
        "/api/v1/listings/torre-di-prova/revisions/1/restore",
        headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)},
    )
    assert response.status_code == 200 and response.get_json()["kind"] == "heritage"
    actions = [
        r["action"]
        for r in client.get(
            "/api/v1/listings/torre-di-prova/revisions", headers=headers
        ).get_json()["items"]
    ]
    assert actions == ["create", "update", "revert:1"]


def test_if_match_is_required_and_checked(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    url = "/api/v1/listings/torre-di-prova"
    missing = client.patch(url, json={"kind": "attraction"}, headers=headers)
    assert missing.status_code == 428
    stale = client.patch(
        url, json={"kind": "attraction"}, headers={**headers, "If-Match": '"v7-it"'}
    )
    assert stale.status_code == 412 and stale.get_json()["current_version"] == 1
    garbage = client.patch(
        url, json={"kind": "attraction"}, headers={**headers, "If-Match": "banana"}
    )
    assert garbage.status_code == 412
    other_language = client.patch(
        url, json={"kind": "attraction"}, headers={**headers, "If-Match": '"v1-de"'}
    )
    assert other_language.status_code == 200
    assert client.get(url, headers=headers).get_json()["kind"] == "attraction"


def test_a_patch_that_changes_nothing_keeps_the_version(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    response = client.patch(
        "/api/v1/listings/torre-di-prova", json={"kind": "heritage"},
        headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)},
    )  # fmt: skip
    assert response.status_code == 200 and response.get_json()["version"] == 1


def test_html_is_sanitised_and_names_are_plain_text(client, tokens):
    body = {
        **NEW,
        "translations": {
            "it": {
                "name": "<b>Torre</b> & <i>parco</i>",
                "description": '<p onclick="x()">Ciao <script>alert(1)</script>'
                '<a href="javascript:alert(1)">link</a> <a href="https://example.org">ok</a></p>',
            }
        },
    }
    created = _create(client, tokens["maranello"], body).get_json()
    assert created["name"] == "Torre & parco"
    description = created["description"]
    assert "script" not in description and "onclick" not in description
    assert "javascript:" not in description
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in description


def test_an_editor_cannot_move_a_listing_out_of_scope(client, tokens):
    headers = tokens["maranello"]
    _create(client, headers)
    response = client.patch(
        "/api/v1/listings/torre-di-prova", json={"municipality": "sassuolo"},
        headers={**headers, "If-Match": _etag(client, "torre-di-prova", headers)},
    )  # fmt: skip
    assert response.status_code == 403
    assert (
        client.get("/api/v1/listings/torre-di-prova", headers=headers).get_json()["municipality"][
            "slug"
        ]
        == "maranello"
    )


def test_a_taken_slug_is_a_conflict(client, tokens):
    response = client.post(
        "/api/v1/listings", json={**NEW, "slug": "museo-ferrari-maranello"}, headers=tokens["admin"]
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**NEW, "id": 5, "status": "published"}, {"id", "status"}),
        ({**NEW, "colour": "red"}, {"colour"}),
        ({**NEW, "kind": "castle"}, {"kind"}),
        ({**NEW, "location": {"lat": 45.46, "lon": 9.19}}, {"location.lat", "location.lon"}),
        ({**NEW, "location": {"lat": "north", "lon": 10.8}}, {"location.lat"}),
        ({**NEW, "contacts": {"website": "ftp://x", "email": "nope", "phone": "call me"}},
         {"contacts.website", "contacts.email", "contacts.phone"}),
        ({**NEW, "translations": {"it": {"name": "x" * 201}}}, {"translations.it.name"}),
        ({**NEW, "translations": {"pt": {"name": "T"}, "it": {"name": "T"}}}, {"translations"}),
        ({k: v for k, v in NEW.items() if k != "kind"}, {"kind"}),
    ],
)  # fmt: skip
def test_bad_bodies_are_422_naming_each_field_and_change_nothing(client, tokens, body, fields):
    before = client.get(
        "/api/v1/listings?status=draft,published&limit=1", headers=tokens["admin"]
    ).get_json()["total"]
    response = client.post("/api/v1/listings", json=body, headers=tokens["maranello"])
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert set(problem["errors"]) == fields
    after = client.get(
        "/api/v1/listings?status=draft,published&limit=1", headers=tokens["admin"]
    ).get_json()["total"]
    assert after == before


def test_malformed_json_wrong_type_and_oversize(client, tokens, app):
    headers = tokens["maranello"]
    broken = client.post(
        "/api/v1/listings",
        data="{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"
    form = client.post("/api/v1/listings", data={"kind": "heritage"}, headers=headers)
    assert form.status_code == 415
    big = {
        **NEW,
        "translations": {
            "it": {"name": "T", "description": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}
        },
    }
    assert client.post("/api/v1/listings", json=big, headers=headers).status_code == 413
    assert client.post("/api/v1/listings", json=[1, 2], headers=headers).status_code == 422


def test_validation_messages_are_translated(client, tokens):
    response = client.post(
        "/api/v1/listings?lang=de", json={**NEW, "kind": "castle"}, headers=tokens["maranello"]
    )
    message = response.get_json()["errors"]["kind"][0]
    assert "castle" in message and "is not one of" not in message


def test_anonymous_writes_are_401_before_anything_else(client):
    for method, path in (
        ("PATCH", ""), ("PUT", "/translations/en"), ("DELETE", ""), ("POST", "/publish"),
        ("POST", "/revisions/1/restore"),
    ):  # fmt: skip
        response = client.open(f"/api/v1/listings/museo-ferrari-maranello{path}", method=method)
        assert response.status_code == 401, (method, path)
    assert client.post("/api/v1/listings", json=NEW).status_code == 401
    assert client.post("/api/v1/listings", json={"bad": 1}).status_code == 401

"""near=, bbox= and open_at/open_now, with the distances and opening times they report."""

import pytest
from sqlalchemy import select

from catalog.geo import Point, haversine_km
from catalog.models import Listing

FERRARI_MUSEUM = (44.52974, 10.86143)


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_near_sorts_by_distance_within_the_radius(client):
    items = _items(
        client,
        f"/api/v1/listings?near={FERRARI_MUSEUM[0]},{FERRARI_MUSEUM[1]}&radius_km=3&limit=100",
    )
    distances = [item["distance_km"] for item in items]
    assert items[0]["slug"] == "museo-ferrari-maranello" and distances[0] < 0.05
    assert distances == sorted(distances) and max(distances) <= 3
    for item in items:
        exact = haversine_km(
            Point(*FERRARI_MUSEUM), Point(item["location"]["lat"], item["location"]["lon"])
        )
        assert item["distance_km"] == pytest.approx(exact, abs=1e-3)


def test_near_leaves_out_what_is_farther(client):
    near = {
        i["slug"]
        for i in _items(client, "/api/v1/listings?near=44.59807,10.6875&radius_km=2&limit=100")
    }
    assert "rocca-dei-boiardo" in near and "museo-ferrari-maranello" not in near


def test_bbox_keeps_points_inside(client):
    box = (10.84, 44.51, 10.88, 44.54)
    items = _items(client, "/api/v1/listings?bbox=" + ",".join(map(str, box)) + "&limit=100")
    assert items
    for item in items:
        assert (
            box[0] <= item["location"]["lon"] <= box[2]
            and box[1] <= item["location"]["lat"] <= box[3]
        )


@pytest.mark.parametrize(
    "query",
    ["near=44.5", "near=44.5,ten", "near=91,10", "near=44.5,181", "bbox=1,2,3", "bbox=10,45,9,44",
     "near=44.5,10.8&radius_km=0", "near=44.5,10.8&radius_km=5000", "sort=distance"],
)  # fmt: skip
def test_invalid_coordinates_are_400(client, query):
    response = client.get(f"/api/v1/listings?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("moment", "open_slug", "closed_slug"),
    [
        # Palazzo Ducale: Tue-Sun 10:00-17:30 (Monday closed).
        ("2015-06-09T11:00", "palazzo-ducale-di-sassuolo", None),
        ("2015-06-08T11:00", None, "palazzo-ducale-di-sassuolo"),
        ("2015-06-09T18:00", None, "palazzo-ducale-di-sassuolo"),
        # Museo della Ceramica: Sat-Sun 15-19 from March to October, 15-18 in November.
        ("2015-06-13T16:00", "museo-della-ceramica-di-fiorano", None),
        ("2015-11-14T18:30", None, "museo-della-ceramica-di-fiorano"),
        ("2015-01-10T16:00", None, "museo-della-ceramica-di-fiorano"),
    ],
)
def test_open_at_follows_weekly_rules_and_seasons(client, moment, open_slug, closed_slug):
    slugs = {
        item["slug"] for item in _items(client, f"/api/v1/listings?open_at={moment}&limit=100")
    }
    if open_slug:
        assert open_slug in slugs
    if closed_slug:
        assert closed_slug not in slugs


def test_dated_exceptions_close_a_day(client, session):
    ducale = session.scalar(select(Listing).where(Listing.slug == "palazzo-ducale-di-sassuolo"))
    ducale.opening_hours = {
        **ducale.opening_hours,
        "exceptions": [{"date": "12-25", "closed": True}],
    }
    session.flush()
    christmas = {
        i["slug"] for i in _items(client, "/api/v1/listings?open_at=2015-12-25T11:00&limit=100")
    }
    boxing_day = _items(client, "/api/v1/listings?open_at=2015-12-26T11:00&limit=100")
    assert "palazzo-ducale-di-sassuolo" not in christmas
    assert "palazzo-ducale-di-sassuolo" in {i["slug"] for i in boxing_day}


def test_open_at_reports_open_and_next_opening(client):
    body = client.get(
        "/api/v1/listings/palazzo-ducale-di-sassuolo?open_at=2015-06-08T09:00"
    ).get_json()
    assert body["open"] is False
    assert body["next_opening"].startswith("2015-06-09T10:00:00+02:00")
    plain = client.get("/api/v1/listings/palazzo-ducale-di-sassuolo").get_json()
    assert "open" not in plain and "next_opening" not in plain


def test_an_offset_in_open_at_is_honoured(client):
    # 08:30 UTC is 10:30 in Rome in June.
    slugs = {
        i["slug"] for i in _items(client, "/api/v1/listings?open_at=2015-06-09T08:30:00Z&limit=100")
    }
    assert "palazzo-ducale-di-sassuolo" in slugs


def test_open_now_uses_the_clock_and_is_not_cached_publicly(client):
    response = client.get("/api/v1/listings?open_now=true&limit=100")
    assert response.status_code == 200
    assert all(item["open"] is True for item in response.get_json()["items"])
    assert "ETag" not in response.headers and "no-cache" in response.headers["Cache-Control"]


def test_geo_and_hours_combine_with_everything(client):
    items = _items(
        client,
        "/api/v1/listings?near=44.55,10.79&radius_km=15&theme=heritage&open_at=2015-06-09T11:00&q=ducale",
    )
    # The sanctuary's text names the palace too, and it is open then; nothing else matches all.
    assert [i["slug"] for i in items] == [
        "palazzo-ducale-di-sassuolo",
        "santuario-della-beata-vergine-del-castello",
    ]

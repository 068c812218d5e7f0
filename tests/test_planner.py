"""The day planner: opening hours, lunch, the window, determinism, and a reason when empty."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.geo import Point
from catalog.listings.opening import ROME, is_open
from catalog.offers.planner import LUNCH_FROM, LUNCH_UNTIL, Request, _hours, plan_day

SASSUOLO = Point(44.55167, 10.78556)
THEMES = ("ceramics", "motor", "food_and_wine", "heritage", "nature", "hospitality")


def _plan(client, query):
    response = client.get(f"/api/v1/itineraries/plan?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_full_day_has_lunch_inside_the_lunch_window(client):
    plan = _plan(client, "start=44.55167,10.78556&date=2015-06-09&from=09:00&to=18:00")
    lunches = [stop for stop in plan["stops"] if stop["lunch"]]
    assert len(lunches) == 1
    arrival = datetime.fromisoformat(lunches[0]["arrival"]).time()
    assert LUNCH_FROM <= arrival <= LUNCH_UNTIL
    assert lunches[0]["listing"]["kind"] == "food_and_drink"


def test_the_plan_stays_inside_the_window_and_never_repeats(client):
    plan = _plan(client, "start=44.52974,10.86143&date=2015-06-13&from=10:00&to=16:00")
    assert plan["stops"]
    for stop in plan["stops"]:
        assert stop["arrival"][11:16] >= "10:00" and stop["departure"][11:16] <= "16:00"
    slugs = [stop["listing"]["slug"] for stop in plan["stops"]]
    assert len(slugs) == len(set(slugs))
    times = [(s["arrival"], s["departure"]) for s in plan["stops"]]
    assert all(a < d for a, d in times) and all(
        d1 <= a2 for (_, d1), (a2, _) in itertools.pairwise(times)
    )


def test_a_place_closed_that_day_is_not_visited(client):
    # Palazzo Ducale opens Tuesday to Sunday: a Monday plan leaves it out, a Tuesday one has it.
    monday = _plan(
        client, "start=44.55167,10.78556&date=2015-06-08&from=10:00&to=12:00&themes=heritage"
    )
    tuesday = _plan(
        client, "start=44.55167,10.78556&date=2015-06-09&from=10:00&to=12:00&themes=heritage"
    )
    assert "palazzo-ducale-di-sassuolo" not in [s["listing"]["slug"] for s in monday["stops"]]
    assert "palazzo-ducale-di-sassuolo" in [s["listing"]["slug"] for s in tuesday["stops"]]


def test_the_same_request_gives_the_same_plan(client):
    query = "hub=expo-2015&date=2015-06-10&from=08:00&to=19:00&themes=motor,ceramics&lang=de"
    assert _plan(client, query) == _plan(client, query)


def test_starting_at_the_expo_hub_travel_is_stated(client):
    plan = _plan(client, "hub=expo-2015&date=2015-06-10&from=08:00&to=19:00&lang=en")
    first = plan["stops"][0]
    assert 160 < first["distance_km"] < 185
    assumptions = plan["assumptions"]
    expected = round(
        first["distance_km"] * assumptions["road_factor"] / assumptions["speed_kmh"] * 60
    )
    assert abs(first["travel_minutes"] - expected) <= 1
    assert plan["start"]["name"].startswith("Expo")


def test_an_empty_plan_says_why_in_the_request_language(client):
    english = _plan(client, "start=44.55,10.79&date=2015-06-09&from=09:00&to=09:10&lang=en")
    german = _plan(client, "start=44.55,10.79&date=2015-06-09&from=09:00&to=09:10&lang=de")
    assert english["stops"] == [] and english["reason"]
    assert german["reason"] and german["reason"] != english["reason"]


@pytest.mark.parametrize(
    "query",
    [
        "date=2015-06-09",
        "start=44.5,10.8&hub=expo-2015&date=2015-06-09",
        "start=44.5,10.8&date=2015-06-09&from=18:00&to=09:00",
        "start=nowhere-at-all&date=2015-06-09",
        "hub=cersaie-2024&date=2024-09-23",
        "start=44.5,10.8&date=09/06/2015",
    ],
)
def test_bad_plan_requests(client, query):
    assert client.get(f"/api/v1/itineraries/plan?{query}").status_code in (400, 404)


def test_a_plan_is_a_tourist_trip_in_json_ld(client):
    from pyld import jsonld

    body = client.get(
        "/api/v1/itineraries/plan?hub=expo-2015&date=2015-06-10&format=jsonld"
    ).get_json()
    node = jsonld.expand(body)[0]
    assert node["@type"] == ["https://schema.org/TouristTrip"]
    assert node["https://schema.org/itinerary"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lat=st.floats(44.50, 44.62),
    lon=st.floats(10.68, 10.90),
    day=st.dates(date(2015, 1, 1), date(2015, 12, 31)),
    start_hour=st.integers(7, 13),
    hours=st.integers(1, 11),
    themes=st.sets(st.sampled_from(THEMES), max_size=3),
)
def test_planner_invariants(session, lat, lon, day, start_hour, hours, themes):
    window_to = time(min(start_hour + hours, 23), 0)
    request = Request(Point(lat, lon), day, time(start_hour, 0), window_to, tuple(sorted(themes)))
    plan = plan_day(session, request)
    assert plan_day(session, request) == plan  # deterministic
    start = datetime.combine(day, request.window_from, ROME)
    end = datetime.combine(day, request.window_to, ROME)
    clock, seen = start, set()
    for stop in plan.stops:
        assert stop.listing.id not in seen
        seen.add(stop.listing.id)
        assert clock <= stop.arrival < stop.departure <= end
        hours_used, _ = _hours(stop.listing)
        assert is_open(hours_used, stop.arrival)
        assert is_open(hours_used, stop.departure - timedelta(minutes=1))
        if stop.lunch:
            assert LUNCH_FROM <= stop.arrival.time() <= LUNCH_UNTIL
        elif themes:
            assert {row.theme for row in stop.listing.themes} & themes
        clock = stop.departure
    assert (plan.reason is None) == bool(plan.stops)

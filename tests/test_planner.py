"""The trip planner: true hours, places a visitor can enter, lunch, travel, scores, days.

Plans are read through the API as a visitor's app would; the invariants are also checked on
the domain function over generated requests.
"""

import itertools
import math
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from catalog.geo import Point, haversine_km
from catalog.listings.opening import ROME, is_open
from catalog.models import Listing
from catalog.offers.plan_candidates import DAYLIGHT, LUNCH_SERVICE
from catalog.offers.planner import LUNCH_FROM, LUNCH_UNTIL, Request, plan_trip
from catalog.offers.travel import SpeedBands
from catalog.vocabularies import VISITABLE
from tests.fake_osrm import FakeOsrm

SASSUOLO = Point(44.55167, 10.78556)
THEMES = ("ceramics", "motor", "food_and_wine", "heritage", "nature", "hospitality")
EXPO_DAY = "hub=expo-2015&date=2015-06-13&from=08:00&to=20:00&themes=motor,ceramics"


def _plan(client, query):
    response = client.get(f"/api/v1/itineraries/plan?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _slugs(plan) -> list[str]:
    return [stop["listing"]["slug"] for stop in plan["stops"]]


def _access(session) -> dict[str, str]:
    return dict(session.execute(select(Listing.slug, Listing.access)).all())


def test_the_expo_day_of_the_acceptance(client, session):
    """Saturday 13 June 2015 from the Expo hub: the Museo Ferrari while it is open, the district
    reached in about two hours, nothing closed to the public, lunch at a food place in time."""
    plan = _plan(client, EXPO_DAY + "&lang=en")
    stops = {stop["listing"]["slug"]: stop for stop in plan["stops"]}
    museum = stops["museo-ferrari-maranello"]
    hours = session.scalar(
        select(Listing.opening_hours).where(Listing.slug == "museo-ferrari-maranello")
    )
    arrival = datetime.fromisoformat(museum["arrival"])
    departure = datetime.fromisoformat(museum["departure"])
    assert is_open(hours, arrival) and is_open(hours, departure - timedelta(minutes=1))
    assert 95 <= plan["stops"][0]["travel_minutes"] <= 135
    access = _access(session)
    assert all(access[slug] in VISITABLE for slug in stops)
    lunches = [stop for stop in plan["stops"] if stop["lunch"]]
    assert len(lunches) == 1 and lunches[0]["listing"]["kind"] == "food_and_drink"
    assert datetime.fromisoformat(lunches[0]["arrival"]).time() >= LUNCH_FROM
    assert datetime.fromisoformat(lunches[0]["departure"]).time() <= LUNCH_UNTIL


def test_places_seen_only_from_outside_are_stops_only_when_asked_for(client, session):
    outside = {slug for slug, access in _access(session).items() if access == "outside_only"}
    assert {"galleria-del-vento-ferrari", "stabilimento-ferrari-ingresso-storico"} <= outside
    query = "start=44.52974,10.86143&date=2015-06-13&from=09:00&to=19:00&themes=motor"
    assert not outside & set(_slugs(_plan(client, query)))
    asked = _plan(client, query + "&include_outside=true")
    assert outside & set(_slugs(asked))
    one = _plan(client, query + "&include=galleria-del-vento-ferrari")
    assert "galleria-del-vento-ferrari" in _slugs(one)
    gate = next(s for s in one["stops"] if s["listing"]["slug"] == "galleria-del-vento-ferrari")
    assert gate["access"] == "outside_only"


def test_the_plan_maximises_the_score_of_what_matters(client, session):
    """A headline place is worth more than an ordinary one of the same theme."""
    plan = _plan(client, EXPO_DAY)
    highlights = dict(session.execute(select(Listing.slug, Listing.highlight)).all())
    chosen = [highlights[stop["listing"]["slug"]] for stop in plan["stops"] if not stop["lunch"]]
    assert max(chosen) == 3
    assert plan["score"] == sum(stop["score"] for stop in plan["stops"])
    assert plan["assumptions"]["scoring"]["per_highlight"] > 0


def test_an_asked_place_is_included(client):
    query = "start=44.55167,10.78556&date=2015-06-09&from=09:00&to=18:00"
    assert "museo-ferrari-maranello" in _slugs(
        _plan(client, query + "&include=museo-ferrari-maranello")
    )
    refused = client.get(f"/api/v1/itineraries/plan?{query}&include=no-such-place")
    assert refused.status_code == 400
    assert "include" in refused.get_json()["errors"]


def test_a_full_day_has_lunch_inside_the_lunch_window(client):
    plan = _plan(client, "start=44.55167,10.78556&date=2015-06-09&from=09:00&to=18:00")
    lunches = [stop for stop in plan["stops"] if stop["lunch"]]
    assert len(lunches) == 1
    assert datetime.fromisoformat(lunches[0]["arrival"]).time() >= LUNCH_FROM
    assert datetime.fromisoformat(lunches[0]["departure"]).time() <= LUNCH_UNTIL
    assert lunches[0]["listing"]["kind"] == "food_and_drink"


def test_the_plan_stays_inside_the_window_and_never_repeats(client):
    plan = _plan(client, "start=44.52974,10.86143&date=2015-06-13&from=10:00&to=16:00")
    assert plan["stops"]
    for stop in plan["stops"]:
        assert stop["arrival"][11:16] >= "10:00" and stop["departure"][11:16] <= "16:00"
    slugs = _slugs(plan)
    assert len(slugs) == len(set(slugs))
    times = [(s["arrival"], s["departure"]) for s in plan["stops"]]
    assert all(a < d for a, d in times) and all(
        d1 <= a2 for (_, d1), (a2, _) in itertools.pairwise(times)
    )


def test_a_place_closed_that_day_is_not_visited(client):
    # Palazzo Ducale opens Tuesday to Sunday: even asked for, a Monday plan leaves it out.
    query = "start=44.55167,10.78556&from=10:00&to=12:00&include=palazzo-ducale-di-sassuolo&date="
    assert "palazzo-ducale-di-sassuolo" not in _slugs(_plan(client, query + "2015-06-08"))
    assert "palazzo-ducale-di-sassuolo" in _slugs(_plan(client, query + "2015-06-09"))


def test_the_same_request_gives_the_same_plan(client):
    query = EXPO_DAY + "&lang=de&days=2"
    assert _plan(client, query) == _plan(client, query)


def test_travel_comes_from_the_stated_speed_bands(client):
    plan = _plan(client, "hub=expo-2015&date=2015-06-10&from=08:00&to=19:00&lang=en")
    first = plan["stops"][0]
    assert 160 < first["distance_km"] < 185
    travel = plan["assumptions"]["travel"]
    assert travel["model"] == "speed_bands"
    bands = SpeedBands(**travel["parameters"])
    assert first["travel_minutes"] == math.ceil(bands.minutes(first["distance_km"]) - 1e-6)
    assert plan["start"]["name"].startswith("Expo")


def test_travel_comes_from_the_router_when_one_is_configured(client, app):
    with FakeOsrm(speed_kmh=40) as router:
        app.config["DISTRETTO_ROUTER_URL"] = router.url
        plan = _plan(client, "start=44.55167,10.78556&date=2015-06-09&from=09:00&to=18:00")
    assert plan["assumptions"]["travel"]["source"] == "router"
    assert router.requests
    here = SASSUOLO
    for stop in plan["stops"]:
        there = Point(stop["listing"]["location"]["lat"], stop["listing"]["location"]["lon"])
        expected = math.ceil(haversine_km(here, there) / 40 * 60 - 1e-6)
        assert abs(stop["travel_minutes"] - expected) <= 1
        here = there


def test_an_unreachable_router_falls_back_to_the_bands_and_says_so(client, app):
    router = FakeOsrm()
    router.stop()  # the port is closed
    app.config["DISTRETTO_ROUTER_URL"] = router.url
    app.config["DISTRETTO_ROUTER_TIMEOUT"] = 1.0
    plan = _plan(client, "start=44.55167,10.78556&date=2015-06-09&from=09:00&to=18:00")
    assert plan["stops"]
    assert plan["assumptions"]["travel"]["model"] == "speed_bands"
    assert plan["assumptions"]["travel"]["router_unavailable"]


def test_two_days_sleep_at_a_place_to_stay(client):
    plan = _plan(client, EXPO_DAY + "&days=2")
    assert plan["days"] == 2
    assert [night["day"] for night in plan["nights"]] == [1]
    assert plan["nights"][0]["listing"]["kind"] == "accommodation"
    days = {stop["day"] for stop in plan["stops"]}
    assert days == {1, 2}
    second = [stop for stop in plan["stops"] if stop["day"] == 2]
    assert all(stop["arrival"].startswith("2015-06-14") for stop in second)
    assert sum(stop["lunch"] for stop in second) == 1
    visits = [stop["listing"]["slug"] for stop in plan["stops"] if not stop["lunch"]]
    assert len(visits) == len(set(visits))
    night = datetime.fromisoformat(plan["nights"][0]["arrival"])
    last_of_first = max(
        datetime.fromisoformat(s["departure"]) for s in plan["stops"] if s["day"] == 1
    )
    assert last_of_first <= night <= datetime.fromisoformat("2015-06-13T20:00:00+02:00")


def test_a_plan_of_more_than_three_days_is_refused(client):
    response = client.get("/api/v1/itineraries/plan?hub=expo-2015&date=2015-06-13&days=4")
    assert response.status_code == 400
    assert "days" in response.get_json()["errors"]


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
        "start=44.5,10.8&date=2015-06-09&days=0",
        "start=44.5,10.8&date=2015-06-09&include_outside=perhaps",
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


def _within(ranges, start: datetime, end: datetime) -> bool:
    return any(opens <= start.time() and end.time() <= closes for opens, closes in ranges)


@settings(
    max_examples=30,
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
    days=st.integers(1, 2),
)
def test_planner_invariants(session, lat, lon, day, start_hour, hours, themes, days):
    window_to = time(min(start_hour + hours, 23), 0)
    request = Request(
        Point(lat, lon), day, time(start_hour, 0), window_to, tuple(sorted(themes)), days
    )
    plan = plan_trip(session, request, SpeedBands())
    assert plan_trip(session, request, SpeedBands()) == plan  # deterministic
    listings = {row.id: row for row in session.scalars(select(Listing))}
    seen = set()
    for number, stops in itertools.groupby(plan.stops, key=lambda stop: stop.day):
        today = day + timedelta(days=number - 1)
        clock = datetime.combine(today, request.window_from, ROME)
        end = datetime.combine(today, request.window_to, ROME)
        for stop in stops:
            listing = listings[stop.listing_id]
            assert stop.listing_id not in seen
            if not stop.lunch:  # lunch may return to the one table the district lists
                seen.add(stop.listing_id)
            assert listing.status == "published" and listing.access in VISITABLE
            assert clock + timedelta(minutes=stop.travel_minutes) <= stop.arrival
            assert stop.arrival < stop.departure <= end
            if stop.hours_stated:
                assert is_open(listing.opening_hours, stop.arrival)
                assert is_open(listing.opening_hours, stop.departure - timedelta(minutes=1))
            else:
                assumed = LUNCH_SERVICE if stop.lunch else DAYLIGHT
                assert _within(assumed, stop.arrival, stop.departure)
            if stop.lunch:
                assert stop.arrival.time() >= LUNCH_FROM and stop.departure.time() <= LUNCH_UNTIL
            clock = stop.departure
    assert (plan.reason is None) == bool(plan.stops)

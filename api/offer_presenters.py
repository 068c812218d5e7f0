"""Packages, campaigns and plans as plain data for the output schemas."""

from flask import url_for

from api.presenters import TextMode, town_ref
from catalog.models import Campaign, Listing, PackageTranslation
from catalog.offers.campaigns import CampaignView
from catalog.offers.packages import PackageView
from catalog.offers.plan_candidates import DAYLIGHT, LUNCH_SERVICE
from catalog.offers.planner import LUNCH_FROM, LUNCH_UNTIL, Plan

CAMPAIGN_TEXTS = ("name", "summary", "description", "getting_there")


def stop_listing(listing: Listing, mode: TextMode, fallbacks: dict, at: str) -> dict:
    """A listing inside an offer; its texts' fallbacks go into the offer's `fallbacks`, keyed
    from `at`, where the listing sits (e.g. "stops.0.listing.")."""
    values, found = mode.texts(listing.translations, ("name", "summary"), at=at)
    municipality, town_found = town_ref(listing.municipality, mode)
    fallbacks.update(found)
    fallbacks.update({f"{at}{key}": lang for key, lang in town_found.items()})
    return {
        "id": listing.id,
        "slug": listing.slug,
        **values,
        "kind": listing.kind,
        "access": listing.access,
        "highlight": listing.highlight,
        "themes": [row.theme for row in listing.themes],
        "municipality": municipality,
        "location": {
            "lat": listing.lat,
            "lon": listing.lon,
            "address": listing.address,
            "approximate": listing.location_approximate,
        },
        "url": url_for("api.listings_listing", key=listing.slug, _external=True),
    }


def package_data(view: PackageView, mode: TextMode) -> dict:
    package = view.package
    values, fallbacks = mode.texts(package.translations, PackageTranslation.TEXT_FIELDS)
    municipalities = []
    for index, town in enumerate(view.municipalities):
        ref, found = town_ref(town, mode)
        municipalities.append(ref)
        fallbacks.update({f"municipalities.{index}.name": lang for lang in found.values()})
    return {
        "slug": package.slug,
        **values,
        "duration_hours": package.duration_hours,
        "duration_days": package.duration_days,
        "price_from": package.price_from,
        "price_currency": "EUR",
        "audience": list(package.audience),
        "season": _season(package.season),
        "themes": view.themes,
        "municipalities": municipalities,
        "stops": [
            {
                "position": index + 1,
                "listing": stop_listing(stop.listing, mode, fallbacks, f"stops.{index}.listing."),
                "distance_from_previous_km": leg,
            }
            for index, (stop, leg) in enumerate(zip(view.stops, view.legs_km, strict=True))
        ],
        "total_distance_km": round(view.total_km, 3),
        "stops_seen_from_outside_left_out": view.left_outside,
        "only_seen_from_outside": view.only_outside,
        "language": mode.language,
        "fallbacks": fallbacks,
        "links": {"self": url_for("api.packages_package", slug=package.slug, _external=True)},
    }


def _season(season: dict | None) -> dict | None:
    return {"from": season["start"], "to": season["end"]} if season else None


def campaign_data(campaign: Campaign, mode: TextMode) -> dict:
    values, fallbacks = mode.texts(campaign.translations, CAMPAIGN_TEXTS)
    hub = None
    if campaign.hub_lat is not None:
        hub = {"name": campaign.hub_name, "lat": campaign.hub_lat, "lon": campaign.hub_lon}
    return {
        "slug": campaign.slug,
        **values,
        "start": campaign.start,
        "end": campaign.end,
        "hub": hub,
        "language": mode.language,
        "fallbacks": fallbacks,
        "links": {"self": url_for("api.campaigns_campaign", slug=campaign.slug, _external=True)},
    }


def campaign_detail(view: CampaignView, mode: TextMode) -> dict:
    distances = view.distances
    data = campaign_data(view.campaign, mode)
    fallbacks = data["fallbacks"]
    return {
        **data,
        "featured_listings": [
            {
                **stop_listing(listing, mode, fallbacks, f"featured_listings.{index}."),
                "distance_from_hub_km": round(distances[listing.id], 1)
                if listing.id in distances
                else None,
            }
            for index, listing in enumerate(view.listings)
        ],
        "featured_packages": [package_data(package, mode) for package in view.packages],
    }


def plan_data(
    plan: Plan, listings: dict[int, Listing], mode: TextMode, start_name: str, reason: str | None
) -> dict:
    """`listings`: the plan's listings by id, loaded for presenting."""
    request, settings = plan.request, plan.settings
    fallbacks: dict = {}
    return {
        "date": request.day,
        "days": request.days,
        "start": {"name": start_name, "lat": request.start.lat, "lon": request.start.lon},
        "window": {
            "from": request.window_from.strftime("%H:%M"),
            "to": request.window_to.strftime("%H:%M"),
        },
        "themes": list(request.themes),
        "stops": [
            {
                "position": index + 1,
                "day": stop.day,
                "listing": stop_listing(
                    listings[stop.listing_id], mode, fallbacks, f"stops.{index}.listing."
                ),
                "arrival": stop.arrival,
                "departure": stop.departure,
                "travel_minutes": stop.travel_minutes,
                "wait_minutes": stop.wait_minutes,
                "distance_km": stop.distance_km,
                "lunch": stop.lunch,
                "hours_stated": stop.hours_stated,
                "booking_required": stop.booking,
                "access": stop.access,
                "score": stop.score,
            }
            for index, stop in enumerate(plan.stops)
        ],
        "nights": [
            {
                "day": night.day,
                "listing": stop_listing(
                    listings[night.listing_id], mode, fallbacks, f"nights.{index}.listing."
                ),
                "arrival": night.arrival,
                "travel_minutes": night.travel_minutes,
            }
            for index, night in enumerate(plan.nights)
        ],
        "score": plan.score,
        "total_travel_minutes": plan.travel_minutes,
        "assumptions": _plan_assumptions(plan, settings),
        "reason": reason,
        "language": mode.language,
        "fallbacks": fallbacks,
    }


def _plan_assumptions(plan: Plan, settings) -> dict:
    scoring = settings.scoring
    return {
        "travel": plan.travel,
        "scoring": {
            "base": scoring.base,
            "per_highlight": scoring.per_highlight,
            "theme": scoring.theme,
            "asked": scoring.asked,
        },
        "visit_minutes": settings.visit_minutes,
        "outside_only_minutes": settings.outside_minutes,
        "lunch_minutes": settings.lunch_minutes,
        "lunch_window": f"{LUNCH_FROM:%H:%M}-{LUNCH_UNTIL:%H:%M}",
        "outdoor_sights_without_hours": _ranges(DAYLIGHT),
        "restaurants_without_hours": "lunch from {}, tables until {}".format(
            *(f"{moment:%H:%M}" for moment in LUNCH_SERVICE[0])
        ),
        "solver": {
            "method": "iterated local search (orienteering with time windows)",
            "rounds_per_day": settings.rounds,
            "seed": 0,
        },
    }


def _ranges(ranges) -> str:
    return ", ".join(f"{opens:%H:%M}-{closes:%H:%M}" for opens, closes in ranges)

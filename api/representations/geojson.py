"""GeoJSON (RFC 7946): a Feature per listing or event, a FeatureCollection for a list."""


def feature(data: dict) -> dict:
    location = data["location"]
    properties = {key: value for key, value in data.items() if key != "location"}
    properties["address"] = location.get("address")
    properties["approximate"] = location.get("approximate", False)
    return {
        "type": "Feature",
        "id": data["slug"],
        "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
        "properties": properties,
    }


def page(body: dict) -> dict:
    """A page of items as a FeatureCollection; total, page and links ride along."""
    members = {key: value for key, value in body.items() if key != "items"}
    return collection(body["items"], **members)


def collection(items: list[dict], **members) -> dict:
    """Extra members (total, links) are allowed beside `features` as foreign members."""
    return {"type": "FeatureCollection", "features": [feature(item) for item in items], **members}

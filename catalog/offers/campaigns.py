"""Campaigns: a window, a hub, featured listings and packages, distances from the hub."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.errors import InvalidRequest, NotFound
from catalog.geo import Point, haversine_km
from catalog.i18n.messages import Message
from catalog.listings import queries as listing_queries
from catalog.models import Campaign, CampaignFeature, CampaignTranslation, Listing
from catalog.offers.packages import PackageView, list_packages


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    listings: list[Listing]
    distances: dict[int, float]
    """Great-circle km from the hub, by listing id (empty without a hub)."""
    packages: list[PackageView]

    @property
    def hub(self) -> Point | None:
        c = self.campaign
        return Point(c.hub_lat, c.hub_lon) if c.hub_lat is not None else None


def list_campaigns(session: Session, *, chain: Sequence[str]) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.start).options(_texts(chain))))


def find_campaign(session: Session, slug: str, *, chain: Sequence[str] = ("it",)) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == slug).options(_texts(chain)))
    if campaign is None:
        raise NotFound(Message("No campaign has the slug %(key)s.", key=slug))
    return campaign


def campaign_for_filter(session: Session, slug: str) -> Campaign:
    """For `campaign=` filters: the campaign, or a 400 naming the parameter."""
    found = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if found is None:
        raise InvalidRequest({"campaign": [Message("No campaign has the slug %(key)s.", key=slug)]})
    return found


def campaign_filter_id(session: Session, slug: str | None) -> int | None:
    return campaign_for_filter(session, slug).id if slug else None


def window(campaign: Campaign) -> tuple[date, date]:
    return campaign.start, campaign.end


def get_campaign(session: Session, slug: str, *, chain: Sequence[str]) -> CampaignView:
    campaign = find_campaign(session, slug, chain=chain)
    ids = list(
        session.scalars(
            select(CampaignFeature.listing_id)
            .where(
                CampaignFeature.campaign_id == campaign.id, CampaignFeature.listing_id.is_not(None)
            )
            .order_by(CampaignFeature.position)
        )
    )
    found = {
        listing.id: listing
        for listing in session.scalars(
            select(Listing)
            .where(Listing.id.in_(ids), Listing.status == "published")
            .options(*listing_queries.eager_options(chain))
        )
    }
    featured = [found[i] for i in ids if i in found]
    hub = Point(campaign.hub_lat, campaign.hub_lon) if campaign.hub_lat is not None else None
    distances = (
        {item.id: haversine_km(hub, Point(item.lat, item.lon)) for item in featured} if hub else {}
    )
    packages = list_packages(session, chain=chain, campaign_id=campaign.id)
    return CampaignView(campaign, featured, distances, packages)


def _texts(chain: Sequence[str]):
    return selectinload(Campaign.translations.and_(CampaignTranslation.lang.in_(tuple(chain))))

"""/campaigns: Expo 2015 and later campaigns, with their featured places and packages."""

from flask_restx import Namespace, Resource

from api.database import get_session
from api.io import use_query
from api.offer_presenters import campaign_data, campaign_detail
from api.presenters import current_text_mode
from api.restx import docs, documented_errors, media_response, operation
from api.schemas.base import QuerySchema
from api.schemas.offers import (
    CampaignDetailSchema,
    CampaignListSchema,
)
from catalog.offers import campaigns

ns = Namespace("campaigns", description="Expo 2015 and later campaigns")


@ns.route("")
class CampaignCollection(Resource):
    @operation(ns, 200, "The campaigns", CampaignListSchema)
    def get(self, query):
        """List the campaigns

        Expo 2015 and later ones: window, hub point and how to get from it to the district.
        """
        mode = current_text_mode()
        found = campaigns.list_campaigns(get_session(), chain=mode.chain)
        body = CampaignListSchema().dump({"items": [campaign_data(c, mode) for c in found]})
        return media_response(body, "json")


@ns.route("/<string:slug>")
@ns.param("slug", "The campaign's slug, e.g. expo-2015")
class Campaign(Resource):
    @ns.response(200, "The campaign with its featured content", docs.model(CampaignDetailSchema))
    @documented_errors(400, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, slug, query):
        """Get one campaign, its featured listings (with distance from the hub) and packages

        The slug also filters listings, packages and events (campaign=).
        """
        mode = current_text_mode()
        view = campaigns.get_campaign(get_session(), slug, chain=mode.chain)
        return media_response(CampaignDetailSchema().dump(campaign_detail(view, mode)), "json")

"""GET /municipalities and /municipalities/{slug}."""

from flask_restx import Namespace, Resource

from api.database import get_session
from api.io import use_query
from api.presenters import current_text_mode, municipality_data
from api.restx import docs, documented_errors, json_response
from api.schemas.base import QuerySchema
from api.schemas.municipalities import MunicipalityListSchema, MunicipalitySchema
from catalog import municipalities

ns = Namespace("municipalities", description="The six towns of the district")


@ns.route("")
class MunicipalityCollection(Resource):
    @ns.response(200, "The towns", docs.model(MunicipalityListSchema))
    @documented_errors(400)
    @use_query(ns, docs, QuerySchema)
    def get(self, query):
        """List the six towns

        With the number of published listings.
        """
        mode = current_text_mode()
        towns = municipalities.list_municipalities(get_session(), chain=mode.chain)
        return json_response(
            MunicipalityListSchema, {"items": [municipality_data(t, mode) for t in towns]}
        )


@ns.route("/<string:slug>")
@ns.param("slug", "The town's slug, e.g. maranello")
class Municipality(Resource):
    @ns.response(200, "The town", docs.model(MunicipalitySchema))
    @documented_errors(400, 404)
    @use_query(ns, docs, QuerySchema)
    def get(self, slug, query):
        """Get one town"""
        mode = current_text_mode()
        town = municipalities.get_municipality(get_session(), slug, chain=mode.chain)
        return json_response(MunicipalitySchema, municipality_data(town, mode))

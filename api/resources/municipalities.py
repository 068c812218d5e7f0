"""GET /municipalities and /municipalities/{slug}."""

from flask_restx import Namespace, Resource

from api.database import get_session
from api.presenters import current_text_mode, municipality_data
from api.restx import json_response, operation
from api.schemas.municipalities import MunicipalityListSchema, MunicipalitySchema
from catalog import municipalities

ns = Namespace("municipalities", description="The six towns of the district")


@ns.route("")
class MunicipalityCollection(Resource):
    @operation(ns, 200, "The towns", MunicipalityListSchema)
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
    @operation(ns, 200, "The town", MunicipalitySchema, errors=(400, 404))
    def get(self, slug, query):
        """Get one town

        Its ISTAT code, province, centre, tourist office and published listing count.
        """
        mode = current_text_mode()
        town = municipalities.get_municipality(get_session(), slug, chain=mode.chain)
        return json_response(MunicipalitySchema, municipality_data(town, mode))

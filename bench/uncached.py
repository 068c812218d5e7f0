"""The app with its response cache switched off: what a request costs when it misses.

Every measured URL repeats, so against the app as deployed all but the first request would
be answered from the response cache (api/caching.py, Flask-Caching). The issue's targets are
about the work behind a miss ("list page of 50 uncached"), so most scenarios run here. The
switch is create_app's config override, the one the tests use: if the response cache changes
its configuration key, change RESPONSE_CACHE_OFF with it.
"""

import warnings

from api import create_app

RESPONSE_CACHE_OFF = {"CACHE_TYPE": "NullCache"}

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Flask-Caching: CACHE_TYPE is set to NullCache")
    app = create_app(RESPONSE_CACHE_OFF)

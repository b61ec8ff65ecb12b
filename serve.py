"""`make run` starts this: the map (app.py) and its pages behind layers.access.GuardMiddleware.

The guard adds the headers that stop other sites from framing the pages (the Add page writes data/) and
closes /_stcore/metrics. Before it listens, the server loads the atlas and imports the map's modules, so the
first reader's page is as quick as the next. Where the server listens is set in .streamlit/config.toml (127.0.0.1) or by
`make run HOST=0.0.0.0` (shared: then the Add page needs the editor password, see README "Reliability").
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from layers.access import GuardMiddleware
from layers.atlas_cache import warm


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """Load the atlas and import the map's modules before the first reader arrives (layers/atlas_cache.py)."""
    await asyncio.to_thread(warm)
    yield


app = st.App("app.py", middleware=[Middleware(GuardMiddleware)], lifespan=lifespan)

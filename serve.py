"""`make run` starts this: the map (app.py) and its pages behind layers.access.GuardMiddleware.

The guard adds the headers that stop other sites from framing the pages (the Add page writes data/) and
closes /_stcore/metrics. Where the server listens is set in .streamlit/config.toml (127.0.0.1) or by
`make run HOST=0.0.0.0` (shared: then the Add page needs the editor password, see README "Reliability").
"""

import streamlit as st
from starlette.middleware import Middleware

from layers.access import GuardMiddleware

app = st.App("app.py", middleware=[Middleware(GuardMiddleware)])

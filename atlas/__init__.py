"""What the map knows: records, loading, validation, queries, geocoding, export and ingest.

No Streamlit and no folium here: the app and the layers import atlas, never the other way round.
"""

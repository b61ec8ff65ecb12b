"""Bring your own events: ACLED or UCDP GED CSV files imported as GeoParquet sets and queried with DuckDB.

`conventions` reads and checks the rows (problems by line and column), `store` writes, lists and queries
the sets, `synthetic` makes seeded test and benchmark files. The curated atlas stays CSV (atlas.load).
"""

from atlas.datasets.conventions import ACLED, UCDP, detect
from atlas.datasets.store import (
    Dataset,
    DatasetError,
    DatasetInfo,
    ImportReport,
    Page,
    datasets_dir,
    import_bytes,
    import_file,
    list_datasets,
    open_dataset,
    remove_dataset,
    slug,
)

__all__ = [
    "ACLED",
    "UCDP",
    "Dataset",
    "DatasetError",
    "DatasetInfo",
    "ImportReport",
    "Page",
    "datasets_dir",
    "detect",
    "import_bytes",
    "import_file",
    "list_datasets",
    "open_dataset",
    "remove_dataset",
    "slug",
]

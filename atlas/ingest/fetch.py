"""Opt-in and online: an article's page fetched from its address and reduced to its text with trafilatura.

The only part of ingest that touches the network, and only when the analyst asks. Without a network it says
so in a sentence (and the rest of the page goes on working offline); a page that is too big, not HTML or
without article text gets its own sentence too.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from atlas.ingest.text import MAX_BYTES

USER_AGENT = "footprint-atlas/0.1 (article reader; opt-in fetch of one page)"
TIMEOUT_S = 10.0


class FetchError(ValueError):
    """The page could not be fetched or read; the message says why and what to do instead."""


@dataclass(frozen=True)
class FetchedArticle:
    url: str
    text: str
    title: str = ""
    outlet: str = ""
    date: str = ""  # YYYY-MM-DD when the page states it


def fetch_article(url: str, timeout: float = TIMEOUT_S) -> FetchedArticle:
    """The article at `url`: its main text and what the page says of its title, outlet and date."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise FetchError("the address must start with http:// or https://")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            data = response.read(MAX_BYTES + 1)
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the server answered {exc.code} {exc.reason} for {url}; paste the text instead") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"could not reach {url} ({reason}): this machine may be offline. Fetching is the only online "
            "step; paste the article's text or upload the saved page instead"
        ) from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"the page is over {MAX_BYTES / 1e6:.0f} MB; save the article and upload it instead")
    if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
        raise FetchError(f"the address gives {kind}, not a web page; download it and upload it instead")
    html = data.decode("utf-8", errors="replace")
    if kind == "text/plain":
        return FetchedArticle(final_url, html.strip())
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=final_url, with_metadata=True, include_comments=False)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise FetchError("no article text was found on that page; paste the text instead")
    return FetchedArticle(
        final_url,
        text,
        (getattr(doc, "title", None) or "").strip(),
        (getattr(doc, "sitename", None) or "").strip(),
        (getattr(doc, "date", None) or "")[:10],
    )

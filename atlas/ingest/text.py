"""Untrusted article input → plain text, or a clear refusal that changes nothing.

Uploads may be empty, binary, in another encoding, or huge; each gets its own sentence. HTML is reduced
to its visible text (scripts and styles dropped) with the standard library's parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import ClassVar

MAX_BYTES = 5 * 1024 * 1024  # Streamlit's maxUploadSize = 5 (MiB); a saved news page with its markup can reach MBs
ACCEPTED_SUFFIXES = (".txt", ".md", ".html", ".htm")


class ArticleError(ValueError):
    """The input cannot be taken as an article; the message says why and what to do."""


class _TextExtractor(HTMLParser):
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


class _TitleFinder(HTMLParser):
    """The page's own title: its first <h1>, else its <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.current: str | None = None
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1") and tag not in self.found:
            self.current, self.found[tag] = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self.current:
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current:
            self.found[self.current] += data


def html_title(markup: str) -> str:
    """The headline of an HTML article, for the title field: its <h1>, else its <title>, else ""."""
    finder = _TitleFinder()
    finder.feed(markup)
    finder.close()
    for tag in ("h1", "title"):
        title = " ".join(finder.found.get(tag, "").split())
        if title:
            return title
    return ""


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def decode_article(data: bytes, filename: str = "article.txt") -> str:
    """Bytes of an upload → article text; raises ArticleError with a plain sentence otherwise."""
    name = filename.lower()
    if not name.endswith(ACCEPTED_SUFFIXES):
        raise ArticleError(f"'{filename}' is not a .txt, .md or .html file")
    if len(data) > MAX_BYTES:
        raise ArticleError(
            f"the file is {len(data) / 2**20:.1f} MB; the limit is "
            f"{MAX_BYTES / 2**20:.0f} MB, as the uploader says (split it, or paste the article's text)"
        )
    if not data.strip():
        raise ArticleError("the file is empty")
    if b"\x00" in data[:8192]:
        raise ArticleError("the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"the file is not UTF-8 text (bad byte at position {exc.start}); save it as UTF-8 and try again"
        ) from None
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t")
    if controls > 0.01 * min(len(text), 20000):
        raise ArticleError("the file looks binary (many control characters), not text")
    if name.endswith((".html", ".htm")):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError("the file has no text once its markup is removed")
    return text


def check_text(text: str) -> str:
    """Pasted text goes through the same size and emptiness rules as an upload."""
    return decode_article(text.encode("utf-8"), "pasted.txt")

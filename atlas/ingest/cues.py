"""Words around a name that say what it is: shared by recognition, metonymy and the choice of a sentence's place."""

from __future__ import annotations

import re

# A word before a name that says a place follows: "in Sabha", "near Brak", "the town of Hun".
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|inside|around|across|toward|towards|via|between|off)\s+(?:the\s+)?$"
    r"|\b(?:town|city|village|county|port|region|province)\s+of\s+$",
    re.I,
)

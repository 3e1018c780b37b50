"""Text inside XML (IXML, XIML, DOCX, ODT, HTML): what XML 1.0 cannot hold is left out, the rest escaped.

XML 1.0 has no way to write most control characters (U+0000–U+001F but tab, line feed and carriage
return; U+007F; lone surrogates; U+FFFE, U+FFFF): a file holding one is not well-formed, and every
XML reader, xindex's own included, refuses it. Documents refuse them as input; text from older
documents or other programs is cleaned here, once, for every XML format.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text for an element's content: characters XML cannot hold left out, ``& < >`` escaped."""
    return escape(NOT_XML.sub("", text))


def xml_attribute(text: str) -> str:
    """A quoted attribute value, cleaned the same way."""
    return quoteattr(NOT_XML.sub("", text))

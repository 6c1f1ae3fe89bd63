"""What PDF/UA-1 (ISO 14289-1) asks of a file, read back with pypdf.

veraPDF, the reference validator, is a Java program not offered by the package registries
this project installs from, so the tests check the parts of PDF/UA a screen reader relies
on: a tagged structure tree that follows the document, the language, the title shown in
place of the file name, and the PDF/UA identifier in the XMP metadata.
"""

from __future__ import annotations

import io
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def structure_tags(content: bytes) -> Counter[str]:
    """Asserts the file is tagged PDF/UA-1 and returns how many of each tag it holds."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True, "not a tagged PDF"
    assert str(root["/Lang"]).startswith("en"), "no document language"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True, "title not shown"
    assert reader.metadata is not None, "no document information"
    assert reader.metadata.title, "no document title"
    xmp = root["/Metadata"].get_object().get_data().decode()
    # XMP allows the identifier as an attribute (WeasyPrint) or as an element (Typst).
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp, (
        "no PDF/UA identifier in the metadata"
    )
    tags: Counter[str] = Counter()

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tags[str(node["/S"])] += 1
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    assert tags["/Document"] == 1, "the structure tree has no document root"
    return tags

"""The model to Typst: the reviewed portfolio becomes one JSON document (content.py, with Markdown trees from
markup.py and draft sections matched in sections.py), which one static template typesets (typeset.py) into
the packet and its part files (build.py)."""

from mcred.packet.build import Built, BuiltFile, build_packet
from mcred.packet.errors import BuildError

__all__ = ["BuildError", "Built", "BuiltFile", "build_packet"]

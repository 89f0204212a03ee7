"""Facts to Typst: the read portfolio becomes one typed document (content.py, with Markdown trees from markup.py
and draft sections matched in sections.py), which one static template typesets (typeset.py) into the packet and
its part files (build.py)."""

from mcred.packet.build import Built, BuiltFile, build_packet, packet_path

__all__ = ["Built", "BuiltFile", "build_packet", "packet_path"]

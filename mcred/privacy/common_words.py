"""English words that are also first or last names ("Will Hunt", "Grace Young", "April Hill").

A name part found here must be capitalised in the text to count, and after a bare initial it needs the
initial's period ("J. Hill", not "a hill" or "I Will"): prose is full of these words in lower case and
of single capital letters. Only the overlap of names and everyday words matters, so the list is short.
"""

from __future__ import annotations

_LISTED = """
    able acre amber angel april archer art arch ash august autumn bailey baker ball banks barber
    barker barn baron bass beach bean bear bell belle berry best bill bird bishop black blade bliss
    bloom blue bond booth bowman bowers branch brand bright brook brooks brown buck bush butcher butler
    cake camp cane cannon card carpenter carter case cash chambers chance chandler chase cherry child church
    clay clear close cloud coach cole collier cook cooper copper coral corn cotton crane cross crow crystal
    dale dance daisy dash dawn day dean deer dell dove drake drew duke dusty early east eden eve fair
    faith farmer fern field fields fish fisher flint flower flowers ford forest fort foster fox frank free
    french friend frost fuller gale gardner garland gay gem glass glen gold golden good goodman grace
    grant gray green grey grove hale hall hand hardy harper hart hawk hay hazel head heath heather herb
    hill holly honey hope hook horn house hunt hunter ivy jack jade jay jewel joy judge june keen key king
    knight lake lamb lance lane law lead lee lily link little lock long lord love lucky major mark marsh
    mason master may mayor meadow mercy merry miles mill miller mint moon moss noble north
    oak olive page palmer paris park parker parsons pat patience peace pearl penny pepper person
    pierce pike pine piper plum pool pope porter post potter power powers price pride rain ray read reading
    reed rich rice ridge river rivers robin rock rod rose ruby rush sage saint
    salt sands savage shade sharp shepherd shore short silver singer skinner sky slate small smart
    smith snow south spark sparks spear spring stark star steel stern stone storm story strong summer swan
    sweet swift taylor temple thorn tower trip true tucker turner union vale violet wade walker wall walls
    ward warren waters way weaver well wells west white will winter wise wolf wood woods wren wright
    young
"""
COMMON_WORDS: frozenset[str] = frozenset(_LISTED.split())

"""Review rounds in Word: `roledoc review export` and `roledoc review import`.

export      the review file: Track Changes on, numbered lines, the sources it was made from
wordxml     a reviewed Word file read from its XML: characters and the revisions on them
views       the file's paragraphs with some revisions accepted and the others rejected
source      a contribution's Markdown as the characters a reader sees, with their places
placing     a unit of revisions turned into edits of the source, where the file says
rendering   sources rendered as the export renders them, and read back
repository  git: the exported versions, a scratch checkout, the review branch
importing   the import: pair, place, verify by rendering, check, commit
notes       what the editors read: the notes folder and the printed summary

May import the rest of the pipeline; nothing but the CLI imports it.
"""

from .export import COMMIT, PROPERTY, fingerprint, review_edition
from .wordxml import read_properties

__all__ = ["COMMIT", "PROPERTY", "fingerprint", "read_properties", "review_edition"]

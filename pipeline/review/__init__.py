"""Review rounds in Word: `roledoc review export` and `roledoc review import`.

export      the review file: Track Changes on, numbered lines, the sources it was made from
wordxml     a reviewed Word file read from its XML: characters and the revisions on them
views       the file's paragraphs with some revisions accepted and the others rejected
source      a contribution's Markdown as the characters a reader sees, with their places
aligning    the one bounded diff every comparison goes through
placing     a unit of revisions turned into edits of the source, where the file says
untracked   edits made with Track Changes off, found and (on request) applied
rendering   sources rendered as the export renders them, and read back
repository  git: the exported versions, a scratch checkout, the review branch
importing   the import: pair, place, verify by rendering, check, commit
outcomes    what an import found: the data the notes and the report are made from
notes       what the editors read: the notes folder and the printed summary

May import editions and below (never qa, preview or authoring); only the CLI imports it.
"""

from .export import COMMIT, PROPERTY, fingerprint, review_edition
from .wordxml import read_properties

__all__ = ["COMMIT", "PROPERTY", "fingerprint", "read_properties", "review_edition"]

"""Review rounds in Word: `roledoc review export` and `roledoc review import`.

export       the review file: Track Changes on, numbered lines, the sources it was made from
exporting    review export in one step: themes checked, the file built, kept for the import, copied
wordpackage  a reviewed file opened within limits: its parts, their XML, the XML names
wordmodel    the file as data: paragraphs of characters with their revisions, comments
wordstyles   its styles: names, heading levels, list styles, character marks
wordtext     a story (the body, a footnote) read into paragraphs of characters and revisions
wordxml      a reviewed Word file read: body, footnotes, comments, properties
views        the file's paragraphs with some revisions accepted and the others rejected
regions      the file's title page, chapters and contributions; where one is, in words
provenance   which sources the file was made from: its properties, or its reference
source       a contribution's Markdown as the characters a reader sees, with their places
leaves       a source's title and blocks as leaves, in the order the DOCX writer writes them
atoms        a leaf's inlines as atoms: each character with its range in the file
aligning     the one bounded diff every comparison goes through
units        revisions in stories paired with the source, grouped into units
edits        edits of a source, made together, and why a change is not placed
placing      a unit of revisions turned into edits of the source, where the file says
characters   characters deleted, typed or reformatted inside exported paragraphs
paragraphs   whole paragraphs and table rows added, removed, joined or restyled
typed        what a reviewer typed, as Markdown for its place
footnotes    footnotes added, and footnotes whose reference went
untracked    edits made with Track Changes off, found and (on request) applied
rendering    sources rendered as the export renders them, and read back
repository   git: the exported versions, a scratch checkout, the review branch, merges
importing    the import, step by step: read, pair, place, verify, check, commit
importstate  what an import knows as it goes, per contribution
pairing      a contribution's paragraphs paired with its exported source
rounds       units placed, rendered and compared until what lands is exact
verifying    whether placed units read as the reviewer's text, and which do not
merging      contributions changed since the export: conflicts, and git's three-way merge
committing   check on the result, and one commit per contribution and author
describing   changes in words: a unit's, and those outside the contributions
comments     the reviewer's comments as threads, with their quote and line
outcomes     what an import found: the data the notes and the report are made from
notes        what the editors read: the notes folder and the printed summary

May import editions and below (never qa, preview or authoring); only the CLI imports it.
"""

from .export import COMMIT, PROPERTY, fingerprint, review_edition
from .wordxml import read_properties

__all__ = ["COMMIT", "PROPERTY", "fingerprint", "read_properties", "review_edition"]

"""Every problem roledoc can report: its stable code, severity and English msgid.

Codes never change meaning: editors and CI scripts may rely on them, and the guides document
each code in a table that tests/test_docs.py holds to `CATALOG`. The Dutch words are in
`locale/nl/LC_MESSAGES/roledoc.po`; `diagnostics.py` renders a diagnostic through them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import N_


@dataclass(frozen=True)
class Entry:
    severity: str
    msgid: str  # English, with {fields}; the catalogue holds its translations


E, W = "error", "warning"

CATALOG: dict[str, Entry] = {
    # Files and their structure
    "RD100": Entry(
        E,
        N_(
            "no document.yaml in {root}: this is not a document project (use -C DIR, or roledoc "
            "init)"
        ),
    ),
    "RD101": Entry(
        E, N_("the file is not UTF-8 text (byte {byte} cannot be read); save it as UTF-8")
    ),
    "RD102": Entry(E, N_("the file cannot be read: {reason}")),
    "RD103": Entry(
        E,
        N_(
            "no front matter: the file must start with a line '---', then the fields (title, "
            "authors, ...), then a line '---'"
        ),
    ),
    "RD104": Entry(
        E,
        N_(
            "the front matter that starts here is never closed: add a line '---' after the last "
            "field"
        ),
    ),
    "RD105": Entry(E, N_("YAML error: {problem}")),
    "RD106": Entry(E, N_("{what} must be a list of 'key: value' lines, not {found}")),
    "RD107": Entry(
        E,
        N_(
            "'{name}' is not a contribution: contributions are Markdown files ending in .md "
            "(convert it with 'roledoc import', or move it out of {folder})"
        ),
    ),
    "RD108": Entry(
        E,
        N_(
            "this is not a regular file inside the project ({reason}); put a real copy of the "
            "file here"
        ),
    ),
    "RD109": Entry(
        E, N_("YAML anchors and aliases ('&' and '*') are not allowed; write the value out")
    ),
    "RD110": Entry(
        E,
        N_(
            "the file is {size}, more than the limit of {limit}; split it into smaller "
            "contributions"
        ),
    ),
    "RD111": Entry(E, N_("'{key}' appears twice (first on line {first}); keep one")),
    "RD112": Entry(E, N_("{name} is missing; every document project needs it")),
    "RD113": Entry(E, N_("'{name}' is not a valid {what} name: {rule}")),
    "RD114": Entry(
        E,
        N_(
            "'{name}' is {what}: build/ holds only what roledoc writes there, so roledoc refuses "
            "to use it; remove it from the repository (git rm -r --cached build) or delete the "
            "link"
        ),
    ),
    "RD115": Entry(
        E,
        N_(
            "this is {what}: a template must be a regular file inside templates/, never a link "
            "(put a real copy of the file here)"
        ),
    ),
    "RD116": Entry(E, N_("'{key}' is refused in a pandoc defaults file: {rule}")),
    "RD117": Entry(
        E,
        N_(
            "Typst packages ('{package}') cannot be imported, the build is offline: copy what "
            "you need into templates/typst/ and import it by its path"
        ),
    ),
    "RD118": Entry(
        E,
        N_(
            "the YAML is nested too deeply here: more than {limit} levels of indentation, '- ' "
            "or brackets; write the value flatter"
        ),
    ),
    "RD119": Entry(
        E,
        N_(
            "this value starts with a typographic quote ({quote}); YAML only understands "
            "straight quotes: type the line as {fix}"
        ),
    ),
    # Fields
    "RD201": Entry(E, N_("'{key}' is missing: add a line like '{example}'")),
    "RD202": Entry(E, N_("unknown field '{key}'; allowed here: {allowed}")),
    "RD203": Entry(E, N_("'{key}' must be {expected}; you wrote {found}")),
    "RD204": Entry(E, N_("'{key}' is empty: fill it in, like '{example}'")),
    "RD205": Entry(
        E, N_("unknown status '{value}'; use one of draft, proposed, accepted, rejected")
    ),
    "RD206": Entry(E, N_("'{value}' is not a date: write it as YYYY-MM-DD ({reason})")),
    "RD207": Entry(
        E,
        N_(
            "unknown participant '{value}': this id is not in contributions/participants.yaml; "
            "are you new? Add yourself there: a line '{value}:', below it '  name: Your Name' "
            "and '  organisation: Your organisation' (each with two spaces in front)"
        ),
    ),
    "RD208": Entry(E, N_("unknown theme '{value}': there is no folder contributions/{value}/")),
    "RD209": Entry(
        E,
        N_(
            "'{value}' is not a valid contribution id: the file name may only contain lowercase "
            "letters, digits and hyphens (rename it, e.g. to {fix}.md)"
        ),
    ),
    "RD210": Entry(
        E, N_("the id '{value}' is already used by {other}; ids must be unique, rename one of them")
    ),
    "RD211": Entry(E, N_("'supersedes' names '{value}', but no contribution has that id")),
    "RD212": Entry(
        E,
        N_(
            "the folder contributions/{value}/ is not a theme of this document: no chapter takes "
            "it; did you mean {themes}? Move the file there: git mv contributions/{value}/{file} "
            "contributions/{theme}/ (on GitHub: open the file, click the pencil (Edit) and type "
            "../{theme}/ in front of the file name); only the editors make a new theme (in "
            "sections/)"
        ),
    ),
    "RD213": Entry(
        E,
        N_(
            "the theme '{value}' is also claimed by {other}; a theme belongs to exactly one section"
        ),
    ),
    "RD214": Entry(
        E, N_("'{value}' is not a language tag; write it as BCP 47, e.g. nl-NL or en-GB")
    ),
    "RD215": Entry(E, N_("'{value}' is not allowed for '{key}': {rule}")),
    "RD216": Entry(E, N_("a contribution cannot supersede itself")),
    "RD217": Entry(
        E, N_("section number {value} is also used by {other}; every section needs its own number")
    ),
    "RD218": Entry(E, N_("'{value}' is listed twice in '{key}'")),
    "RD219": Entry(E, N_("'{key}' is not a field; did you mean '{fix}'?")),
    "RD220": Entry(
        E,
        N_(
            "unknown participant '{value}'; did you mean '{near}' ({name})? If you are not "
            "{name}, add yourself to contributions/participants.yaml: a line '{value}:', below "
            "it '  name: Your Name' and '  organisation: Your organisation' (each with two "
            "spaces in front)"
        ),
    ),
    # The Markdown body
    "RD301": Entry(E, N_("the text is empty: write the contribution below the closing '---'")),
    "RD302": Entry(
        E,
        N_(
            "heading level {level} follows level {previous}: go one level down at a time (use "
            "{fix})"
        ),
    ),
    "RD303": Entry(E, N_("HTML is not allowed ({snippet}); {what}")),
    "RD304": Entry(
        E,
        N_(
            "LaTeX commands are not allowed ({snippet}); if you mean the text itself, put it "
            "between backticks (`{snippet}`) or write a double backslash"
        ),
    ),
    "RD305": Entry(
        E, N_("raw {format} passthrough ('{{={format}}}') is not allowed; write plain Markdown")
    ),
    "RD306": Entry(
        E,
        N_(
            "the image '{src}' does not exist (looked for {expected}): put the picture in "
            "{assets} and write its name exactly as the file is called, capitals too"
        ),
    ),
    "RD307": Entry(
        E,
        N_("the image '{src}' is on the internet; download it into {assets} and link to it there"),
    ),
    "RD308": Entry(
        E, N_("the image '{src}' is outside this theme's assets folder; move it into {assets}")
    ),
    "RD309": Entry(
        E,
        N_(
            "the image '{src}' has no alt text; describe it for readers who cannot see it: "
            "![what the image shows]({src})"
        ),
    ),
    "RD310": Entry(
        E,
        N_(
            "the link '{target}' points at nothing: no contribution, section or heading has that id"
        ),
    ),
    "RD311": Entry(
        E,
        N_(
            "{what} are nested {depth} deep, more than the {limit} the document can render; "
            "flatten the structure"
        ),
    ),
    "RD312": Entry(
        E, N_("the heading id '{value}' is used twice in this file; give each heading its own id")
    ),
    "RD313": Entry(
        E,
        N_(
            "'{src}' is not a PNG, JPEG, GIF or SVG image (judged by its content, not its name); "
            "save it in one of those formats"
        ),
    ),
    "RD314": Entry(E, N_("the image is {size}, more than the limit of {limit}; make it smaller")),
    "RD315": Entry(
        E,
        N_(
            "the SVG image '{src}' contains {what} on line {line}; save the image again without "
            "that part, or save it as PNG"
        ),
    ),
    "RD316": Entry(
        E,
        N_(
            "'{target}' is not an address a reader can safely follow ('{scheme}:' is not "
            "allowed); link to a web page (https://...), an e-mail address (mailto:...) or a "
            "part of this document (#...)"
        ),
    ),
    "RD317": Entry(
        E,
        N_(
            "the link '{target}' leads to {file}, and there is no such file in this project; "
            "link to a contribution's or chapter's .md file, a web page (https://...) or a part "
            "of this document (#...); a PDF or other file cannot be part of the document: put it "
            "on a website and link to it there"
        ),
    ),
    "RD318": Entry(
        E,
        N_("an invisible control character ({point}) is here; remove it (retyping the line helps)"),
    ),
    "RD319": Entry(
        E,
        N_(
            "the character '{char}' ({point}) cannot be shown in the PDF: no font of the "
            "document has it; leave it out or describe it in words"
        ),
    ),
    "RD320": Entry(
        E,
        N_(
            "the image '{src}' is {width} x {height} pixels, more than {limit} megapixels; make "
            "it smaller (4000 x 3000 is plenty)"
        ),
    ),
    "RD321": Entry(
        E,
        N_(
            "{count} unclosed {what} up to here: pandoc would need minutes to read this text; "
            "close them, or put a backslash before each one meant as text"
        ),
    ),
    "RD322": Entry(
        E,
        N_(
            "'{snippet}' is a note block from another Markdown dialect ({dialect}): GitHub "
            "and this document show it as plain text; write a GitHub alert instead: a line '> "
            "[!{alert}]', then the text, every line starting with '> '"
        ),
    ),
    "RD323": Entry(
        E,
        N_(
            "'{snippet}' is an attribute list from another Markdown dialect: GitHub and this "
            "document show it as plain text; remove it (a heading gets its id from its text, "
            "and a link or an image needs none)"
        ),
    ),
    "RD324": Entry(
        E,
        N_(
            "the link '{target}' leads to {file}, which is not a text in this document; link to "
            "a contribution's or chapter's .md file, a web page (https://...) or a part of the "
            "document (#...); a PDF or other file cannot be part of the document: put it on a "
            "website and link to it there"
        ),
    ),
    "RD325": Entry(
        E,
        N_(
            "this link has no address ('[text]()'); fill in where it leads, or remove the "
            "brackets and keep the text"
        ),
    ),
    "RD326": Entry(
        E,
        N_(
            "the link '{target}' is a web address without https:// in front: GitHub and this "
            "document then look for a file of that name; write the link as ({fix})"
        ),
    ),
    "RD327": Entry(
        E,
        N_(
            "'{snippet}' is a line of MDX code (Docusaurus): GitHub and this document show it as "
            "plain text; remove it, and write what its component showed in Markdown"
        ),
    ),
    "RD328": Entry(
        E,
        N_(
            "a ```{language} block: GitHub draws it, but this document would print its code; "
            "draw it once (an SVG or PNG in the theme's assets/ folder) and show it as an image "
            "with a description: ![what it shows](assets/name.svg)"
        ),
    ),
    # Warnings: things that build, but probably not as meant
    "RD401": Entry(
        W,
        N_(
            "the link '{target}' points at a contribution that is {status}: the link will be "
            "plain text in the published document"
        ),
    ),
    "RD403": Entry(
        W,
        N_(
            "this accepted contribution has no 'summary': the short edition for administrators "
            "will leave it out; add one sentence with its key message"
        ),
    ),
    "RD404": Entry(
        W,
        N_(
            "this change to {what} needs an editor's review: it runs code, or decides what "
            "every build, check or workflow runs and shows"
        ),
    ),
    "RD405": Entry(
        W,
        N_(
            "this hidden file (its name starts with a dot) is not included; remove the dot at "
            "the start of its name"
        ),
    ),
    "RD406": Entry(
        W,
        N_(
            "this project is pinned to roledoc {pinned}, but roledoc {running} is running: "
            "its outputs may differ from the project's editions; install the pinned one "
            "(pip install -r requirements.txt, or make) or move the pin on purpose "
            "(roledoc upgrade-project {running})"
        ),
    ),
    "RD408": Entry(
        E,
        N_(
            "'{requirement}' installs code from {where}, which can change without anyone "
            "reviewing it, and make and the workflows would run it; name a version from the "
            "package index (roledoc==0.3.0) or a git repository at a tag or full commit hash "
            "(roledoc @ git+https://github.com/ORGANISATION/roledoc@roledoc-v0.3.0)"
        ),
    ),
    "RD409": Entry(
        W,
        N_(
            "the image '{src}' is {ratio} times as tall as it is wide: at the text's width it "
            "would be taller than a page, so the PDF shrinks it to {percent} % of the width, "
            "where its details are hard to read; cut it into parts at most {most} times as tall "
            "as wide, or crop it to what matters"
        ),
    ),
    "RD501": Entry(
        W,
        N_(
            "'{word}' is not in the dictionary; check the spelling (suggestions: {suggestions}) "
            "or add the word to the project's word list"
        ),
    ),
    "RD502": Entry(
        W, N_("this sentence has {words} words, more than {limit}: split it for readers")
    ),
    "RD503": Entry(W, N_("avoid '{avoid}': write '{prefer}'")),
    "RD504": Entry(
        W,
        N_(
            "'{word}' is a word of {letters} letters, more than {limit}: a space or hyphen may "
            "be missing; if the word is right, add it to the project's word list"
        ),
    ),
    "RD407": Entry(
        E,
        N_(
            "the edition '{value}' cannot be read ({reason}); name another edition here, and "
            "ask an editor to look at how that commit came into the history"
        ),
    ),
    "RD402": Entry(
        W,
        N_(
            "'{value}' is not an edition git knows, so the changes appendix will be left out: "
            "name a tag or commit (git tag lists them; a fresh clone may need git fetch --tags)"
        ),
    ),
    "RD411": Entry(
        W,
        N_(
            "'{target}' is this project's own text on GitHub: link to it as {fix}, so that the "
            "document leads to the text inside itself (GitHub follows that link too)"
        ),
    ),
    "RD412": Entry(
        W,
        N_(
            "the accent colour {value} has a contrast of {ratio}:1 on white, less than the "
            "4.5:1 that WCAG 2.1 AA asks of text: headings and links in it are hard to read, "
            "and the conformance report says every format fails; choose a darker colour"
        ),
    ),
    "RD410": Entry(
        W,
        N_(
            "the changes appendix compares with edition {value}, but the previous edition is "
            "{previous}: readers would take the changes of several editions for this one's; "
            "remove the line (the appendix then compares with {previous}) or write 'changelog: "
            "none' to leave the appendix out"
        ),
    ),
}

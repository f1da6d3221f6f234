"""Every problem roledoc can report: its stable code and severity, the message it shows, what
the problem means and what to do about it, each as an English msgid.

Codes never change meaning: editors and CI scripts may rely on them. The Dutch words are in
`locale/nl/LC_MESSAGES/roledoc.po`; `diagnostics.py` renders a diagnostic through them, and
`described` gives every code with its meaning and remedy in a reader's language to whatever
documents the codes (the documentation site's reference page, the participants' guide), so
no table of codes is kept by hand.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from .messages import N_, translate


@dataclass(frozen=True)
class Entry:
    severity: str  # "error" or "warning", also a msgid: its word in the reader's language
    msgid: str  # what the diagnostic says, with {fields} for its parameters
    meaning: str  # what is wrong, in one short line without fields
    remedy: str  # what the participant or editor does about it, in a sentence or two


E, W = N_("error"), N_("warning")

CATALOG: dict[str, Entry] = {
    # Files and their structure
    "RD100": Entry(
        E,
        N_(
            "no document.yaml in {root}: this is not a document project (use -C DIR, or roledoc "
            "init)"
        ),
        N_("there is no document.yaml: this is not a document project"),
        N_(
            "Run roledoc in the project folder or a folder below it, or name the folder with "
            "-C DIR. A new project starts with roledoc init."
        ),
    ),
    "RD101": Entry(
        E,
        N_("the file is not UTF-8 text (byte {byte} cannot be read); save it as UTF-8"),
        N_("the file is not UTF-8 text"),
        N_("Save the file again with the encoding UTF-8 (in Notepad: Save as, Encoding: UTF-8)."),
    ),
    "RD102": Entry(
        E,
        N_("the file cannot be read: {reason}"),
        N_("the file cannot be read (no permission, or a disk error)"),
        N_("Check that you may open the file. If that does not help, ask the editors."),
    ),
    "RD103": Entry(
        E,
        N_(
            "no front matter: the file must start with a line '---', then the fields (title, "
            "authors, ...), then a line '---'"
        ),
        N_("a Markdown file has no front matter"),
        N_(
            "Start the file with a line '---', then the fields (title, authors, status, date), "
            "then a line '---'."
        ),
    ),
    "RD104": Entry(
        E,
        N_(
            "the front matter that starts here is never closed: add a line '---' after the last "
            "field"
        ),
        N_("the front matter is never closed with '---'"),
        N_("Put a line '---' after the last field."),
    ),
    "RD105": Entry(
        E,
        N_("YAML error: {problem}"),
        N_("a YAML syntax error"),
        N_(
            "Look at the line the message names. Often a title holds a colon (put the whole "
            "title in double quotes) or a closing ']' is missing."
        ),
    ),
    "RD106": Entry(
        E,
        N_("{what} must be a list of 'key: value' lines, not {found}"),
        N_("the front matter or a YAML file is not a set of 'key: value' lines"),
        N_("Write each field as 'key: value' on a line of its own, without '-' in front."),
    ),
    "RD107": Entry(
        E,
        N_(
            "'{name}' is not a contribution: contributions are Markdown files ending in .md "
            "(convert it with 'roledoc import', or move it out of {folder})"
        ),
        N_(
            "a file that is not a .md contribution sits where contributions belong (a .docx, a "
            ".markdown)"
        ),
        N_(
            "Put the text in a .md file (roledoc import converts a Word file) and remove the "
            "other file."
        ),
    ),
    "RD108": Entry(
        E,
        N_(
            "this is not a regular file inside the project ({reason}); put a real copy of the "
            "file here"
        ),
        N_(
            "not a regular file inside the project (a shortcut, a link pointing outside the "
            "project, a special file)"
        ),
        N_("Put a real copy of the file here."),
    ),
    "RD109": Entry(
        E,
        N_("YAML anchors and aliases ('&' and '*') are not allowed; write the value out"),
        N_("the YAML uses anchors and aliases ('&name' and '*name') to repeat a value"),
        N_("Write the value out in full each time."),
    ),
    "RD110": Entry(
        E,
        N_(
            "the file is {size}, more than the limit of {limit}; split it into smaller "
            "contributions"
        ),
        N_("the file is larger than 1 MB"),
        N_("Split the text into smaller contributions."),
    ),
    "RD111": Entry(
        E,
        N_("'{key}' appears twice (first on line {first}); keep one"),
        N_("a field or key appears twice"),
        N_("Remove one of the two lines."),
    ),
    "RD112": Entry(
        E,
        N_("{name} is missing; every document project needs it"),
        N_(
            "a required file or folder is missing (participants.yaml, sections/, contributions/, "
            "or the word list document.yaml names)"
        ),
        N_(
            "For the editors: put it back (it is in the history), or correct the name of the "
            "word list in document.yaml. Never delete participants.yaml, sections/ or "
            "contributions/."
        ),
    ),
    "RD113": Entry(
        E,
        N_("'{name}' is not a valid {what} name: {rule}"),
        N_("a badly named file, folder or participant id"),
        N_(
            "Use lowercase letters, digits and hyphens (a participant id may also hold '.' and "
            "'_'); the message gives the rule."
        ),
    ),
    "RD114": Entry(
        E,
        N_(
            "'{name}' is {what}: build/ holds only what roledoc writes there, so roledoc refuses "
            "to use it; remove it from the repository (git rm -r --cached build) or delete the "
            "link"
        ),
        N_(
            "build/ is a link, or holds a link or a file committed to the repository; only "
            "roledoc writes there"
        ),
        N_("Take it out of your pull request (git rm -r --cached build) or delete the link."),
    ),
    "RD115": Entry(
        E,
        N_(
            "this is {what}: a template must be a regular file inside templates/, never a link "
            "(put a real copy of the file here)"
        ),
        N_("a symbolic link (shortcut) or a special file in templates/"),
        N_("For the editors: put a real copy of the file there."),
    ),
    "RD116": Entry(
        E,
        N_("'{key}' is refused in a pandoc defaults file: {rule}"),
        N_(
            "a pandoc defaults file in templates/pandoc/ uses an option that is not allowed, or "
            "a file outside templates/"
        ),
        N_(
            "For the editors: use only layout options, and only files inside templates/ (written "
            "as ${.}/...)."
        ),
    ),
    "RD117": Entry(
        E,
        N_(
            "Typst packages ('{package}') cannot be imported, the build is offline: copy what "
            "you need into templates/typst/ and import it by its path"
        ),
        N_("a Typst template imports a package (@preview/...), but the build works offline"),
        N_("For the editors: copy what you need into templates/typst/ and import it by its path."),
    ),
    "RD118": Entry(
        E,
        N_(
            "the YAML is nested too deeply here: more than {limit} levels of indentation, '- ' "
            "or brackets; write the value flatter"
        ),
        N_("YAML nested more than 20 levels deep (indentation, '- ' or brackets)"),
        N_(
            "Write the value with fewer levels: less indentation, fewer dashes or brackets "
            "inside each other."
        ),
    ),
    "RD119": Entry(
        E,
        N_(
            "this value starts with a typographic quote ({quote}); YAML only understands "
            "straight quotes: type the line as {fix}"
        ),
        N_(
            "a YAML value starts with a typographic quote (\u201c, \u2018 or \u201e), as Word "
            "types them"
        ),
        N_('Type straight quotes ("). The message shows the line as it should be.'),
    ),
    # Fields
    "RD201": Entry(
        E,
        N_("'{key}' is missing: add a line like '{example}'"),
        N_("a required field is missing"),
        N_("Add the line. The message gives an example."),
    ),
    "RD202": Entry(
        E,
        N_("unknown field '{key}'; allowed here: {allowed}"),
        N_("an unknown field"),
        N_(
            "Remove it. Use only the English field names of the guide; the message lists the "
            "ones allowed here."
        ),
    ),
    "RD203": Entry(
        E,
        N_("'{key}' must be {expected}; you wrote {found}"),
        N_("a field has the wrong form (a text where a list belongs, say)"),
        N_(
            "Write a list between brackets, like 'authors: [jdevries]', and give 'order' as a "
            "whole number. The message says what the field needs."
        ),
    ),
    "RD204": Entry(
        E,
        N_("'{key}' is empty: fill it in, like '{example}'"),
        N_("a required field is empty"),
        N_("Fill it in. The message gives an example."),
    ),
    "RD205": Entry(
        E,
        N_("unknown status '{value}'; use one of draft, proposed, accepted, rejected"),
        N_("an unknown status"),
        N_("Write 'draft' or 'proposed' (in English); the editors set 'accepted' or 'rejected'."),
    ),
    "RD206": Entry(
        E,
        N_("'{value}' is not a date: write it as YYYY-MM-DD ({reason})"),
        N_("not a date, or a day that does not exist (31 June)"),
        N_("Write the date as YYYY-MM-DD, for example 2024-05-21."),
    ),
    "RD207": Entry(
        E,
        N_(
            "unknown participant '{value}': this id is not in contributions/participants.yaml; "
            "are you new? Add yourself there: a line '{value}:', below it '  name: Your Name' "
            "and '  organisation: Your organisation' (each with two spaces in front)"
        ),
        N_("an unknown participant: the id is not in contributions/participants.yaml"),
        N_(
            "Check the id in 'authors'. New here? Add yourself to "
            "contributions/participants.yaml with the three lines the message shows."
        ),
    ),
    "RD208": Entry(
        E,
        N_("unknown theme '{value}': there is no folder contributions/{value}/"),
        N_("a section names a theme that has no folder in contributions/"),
        N_(
            "For the editors: correct the theme's name under 'themes' in the section (the "
            "message may suggest one), or add the folder contributions/THEME/ with a first "
            "contribution in it."
        ),
    ),
    "RD209": Entry(
        E,
        N_(
            "'{value}' is not a valid contribution id: the file name may only contain lowercase "
            "letters, digits and hyphens (rename it, e.g. to {fix}.md)"
        ),
        N_("the file name is not a valid contribution id"),
        N_(
            "Rename the file, with only lowercase letters, digits and hyphens. The message "
            "suggests a name."
        ),
    ),
    "RD210": Entry(
        E,
        N_("the id '{value}' is already used by {other}; ids must be unique, rename one of them"),
        N_("an id used twice (by two contributions, or by a contribution and a section)"),
        N_("Choose another file name for one of the two."),
    ),
    "RD211": Entry(
        E,
        N_("'supersedes' names '{value}', but no contribution has that id"),
        N_("'supersedes' names an id that does not exist"),
        N_("Check the id: it is the contribution's file name without .md."),
    ),
    "RD212": Entry(
        E,
        N_(
            "the folder contributions/{value}/ is not a theme of this document: no chapter takes "
            "it; did you mean {themes}? Move the file there: git mv contributions/{value}/{file} "
            "contributions/{theme}/ (on GitHub: open the file, click the pencil (Edit) and type "
            "../{theme}/ in front of the file name); only the editors make a new theme (in "
            "sections/)"
        ),
        N_(
            "the contribution is in a folder that is not a theme: no section takes it (often a "
            "typo, such as grens for grenzen)"
        ),
        N_(
            "Move the file to the folder the message names (git mv, or on GitHub: open the file, "
            "click the pencil and type ../theme/ in front of the file name). Only the editors "
            "make a new theme."
        ),
    ),
    "RD213": Entry(
        E,
        N_(
            "the theme '{value}' is also claimed by {other}; a theme belongs to exactly one section"
        ),
        N_("two sections claim the same theme"),
        N_("For the editors: keep the theme under 'themes' in one section only."),
    ),
    "RD214": Entry(
        E,
        N_("'{value}' is not a language tag; write it as BCP 47, e.g. nl-NL or en-GB"),
        N_("'lang' in document.yaml is not a BCP 47 language tag"),
        N_("For the editors: write a language tag such as nl-NL or en-GB."),
    ),
    "RD215": Entry(
        E,
        N_("'{value}' is not allowed for '{key}': {rule}"),
        N_("a value that is not allowed (such as in 'formats' or 'output' in document.yaml)"),
        N_(
            "For the editors: write a value as the message says; it lists the values allowed, or "
            "gives the rule."
        ),
    ),
    "RD216": Entry(
        E,
        N_("a contribution cannot supersede itself"),
        N_("a contribution supersedes itself"),
        N_("Remove its own id from 'supersedes'."),
    ),
    "RD217": Entry(
        E,
        N_("section number {value} is also used by {other}; every section needs its own number"),
        N_("two sections share a number"),
        N_("For the editors: give each section its own number (the NN in sections/NN-name.md)."),
    ),
    "RD218": Entry(
        E,
        N_("'{value}' is listed twice in '{key}'"),
        N_("a value listed twice ('authors', 'themes')"),
        N_("Name each author (or theme) only once."),
    ),
    "RD219": Entry(
        E,
        N_("'{key}' is not a field; did you mean '{fix}'?"),
        N_("a mistyped field name, such as 'athors'"),
        N_("Correct the name as the message suggests, for example 'authors'."),
    ),
    "RD220": Entry(
        E,
        N_(
            "unknown participant '{value}'; did you mean '{near}' ({name})? If you are not "
            "{name}, add yourself to contributions/participants.yaml: a line '{value}:', below "
            "it '  name: Your Name' and '  organisation: Your organisation' (each with two "
            "spaces in front)"
        ),
        N_("an unknown participant whose id is one typo away from a known one"),
        N_(
            "Did you mean that id? Then correct the typo. Are you someone else? Add yourself to "
            "participants.yaml, as for RD207."
        ),
    ),
    # The Markdown body
    "RD301": Entry(
        E,
        N_("the text is empty: write the contribution below the closing '---'"),
        N_("the text of the contribution is empty"),
        N_("Write your text below the second '---'."),
    ),
    "RD302": Entry(
        E,
        N_(
            "heading level {level} follows level {previous}: go one level down at a time (use "
            "{fix})"
        ),
        N_("a heading skips a level"),
        N_("Use the level the message gives, for example '###' instead of '####'."),
    ),
    "RD303": Entry(
        E,
        N_("HTML is not allowed ({snippet}); {what}"),
        N_("raw HTML, HTML comments ('<!-- ... -->') included"),
        N_(
            "Use Markdown instead. A note for the editors belongs in the pull request, not in "
            "the text."
        ),
    ),
    "RD304": Entry(
        E,
        N_(
            "LaTeX commands are not allowed ({snippet}); if you mean the text itself, put it "
            "between backticks (`{snippet}`) or write a double backslash"
        ),
        N_(
            "no longer reported: a backslash with letters after it (such as \\input or G:\\Regio) "
            "is shown as text, as on GitHub"
        ),
        N_("Nothing: roledoc no longer reports this code."),
    ),
    "RD305": Entry(
        E,
        N_("raw {format} passthrough ('{{={format}}}') is not allowed; write plain Markdown"),
        N_("raw code for one output format ('{=typst}', '{=html}', ...)"),
        N_("Remove it and write plain Markdown."),
    ),
    "RD306": Entry(
        E,
        N_(
            "the image '{src}' does not exist (looked for {expected}): put the picture in "
            "{assets} and write its name exactly as the file is called, capitals too"
        ),
        N_("the image does not exist (the message names the file it most likely meant)"),
        N_(
            "Put the picture in the theme's assets/ folder and write its name exactly as the "
            "file is called, capitals too. Write '/', not '\\' as Windows does."
        ),
    ),
    "RD307": Entry(
        E,
        N_("the image '{src}' is on the internet; download it into {assets} and link to it there"),
        N_("the image is on the internet"),
        N_("Download the file into your theme's assets/ folder and link to it there."),
    ),
    "RD308": Entry(
        E,
        N_("the image '{src}' is outside this theme's assets folder; move it into {assets}"),
        N_("the image is outside the theme's assets/ folder"),
        N_("Move the file into contributions/THEME/assets/ and link to it there."),
    ),
    "RD309": Entry(
        E,
        N_(
            "the image '{src}' has no alt text; describe it for readers who cannot see it: "
            "![what the image shows]({src})"
        ),
        N_("the image has no alt text"),
        N_("Describe between '![' and ']' what the image shows."),
    ),
    "RD310": Entry(
        E,
        N_(
            "the link '{target}' points at nothing: no contribution, section or heading has that id"
        ),
        N_("an internal link to an anchor that does not exist"),
        N_("Check the id after '#'. The message sometimes suggests one."),
    ),
    "RD311": Entry(
        E,
        N_(
            "{what} are nested {depth} deep, more than the {limit} the document can render; "
            "flatten the structure"
        ),
        N_("lists, quotes, brackets or emphasis nested deeper than the document can render"),
        N_("Make the structure flatter: fewer lists or quotes inside each other."),
    ),
    "RD312": Entry(
        E,
        N_("the heading id '{value}' is used twice in this file; give each heading its own id"),
        N_("no longer reported: a heading takes its id from its text, as on GitHub (see RD323)"),
        N_("Nothing: roledoc no longer reports this code."),
    ),
    "RD313": Entry(
        E,
        N_(
            "'{src}' is not a PNG, JPEG, GIF or SVG image (judged by its content, not its name); "
            "save it in one of those formats"
        ),
        N_("the file is not a PNG, JPEG, GIF or SVG image, judged by its content, not its name"),
        N_("Save the image again as PNG or JPEG."),
    ),
    "RD314": Entry(
        E,
        N_("the image is {size}, more than the limit of {limit}; make it smaller"),
        N_("the image is larger than 10 MB"),
        N_("Make the image smaller, for example with fewer pixels."),
    ),
    "RD315": Entry(
        E,
        N_(
            "the SVG image '{src}' contains {what} on line {line}; save the image again without "
            "that part, or save it as PNG"
        ),
        N_(
            "an SVG image with code (a script), a reference to another file or the internet, or "
            "so many repeated parts ('<use>') that no program can draw it"
        ),
        N_("Save the image as PNG, or save the SVG again without that part."),
    ),
    "RD316": Entry(
        E,
        N_(
            "'{target}' is not an address a reader can safely follow ('{scheme}:' is not "
            "allowed); link to a web page (https://...), an e-mail address (mailto:...) or a "
            "part of this document (#...)"
        ),
        N_(
            "a link or image address that does not start with https://, http:// or mailto: (such "
            "as javascript:, file: or data:)"
        ),
        N_(
            "Link to a web page (https://...), an e-mail address (mailto:...) or a part of the "
            "document (#id)."
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
        N_(
            "a link to a file that is not in the project, or outside the project (the message "
            "names the file)"
        ),
        N_(
            "Link to a contribution's .md file, a web page (https://...) or a part of the "
            "document (#id). A PDF cannot be part of the document: put it on a website and link "
            "to it there."
        ),
    ),
    "RD318": Entry(
        E,
        N_("an invisible control character ({point}) is here; remove it (retyping the line helps)"),
        N_("an invisible control character (such as NUL) in the text or the front matter"),
        N_("Remove it; retyping the line helps."),
    ),
    "RD319": Entry(
        E,
        N_(
            "the character '{char}' ({point}) cannot be shown in the PDF: no font of the "
            "document has it; leave it out or describe it in words"
        ),
        N_(
            "a character no font of the PDF can show (emoji, Chinese, ...), also when written as "
            "&#x1F600;"
        ),
        N_("Leave it out or describe it in words. The message names each place."),
    ),
    "RD320": Entry(
        E,
        N_(
            "the image '{src}' is {width} x {height} pixels, more than {limit} megapixels; make "
            "it smaller (4000 x 3000 is plenty)"
        ),
        N_("the image has more than 50 megapixels"),
        N_("Make it smaller; 4000 x 3000 pixels is plenty."),
    ),
    "RD321": Entry(
        E,
        N_(
            "{count} unclosed {what} up to here: pandoc would need minutes to read this text; "
            "close them, or put a backslash before each one meant as text"
        ),
        N_(
            "so many unclosed marks ('`', '](', '*', '_') that pandoc would need minutes to read "
            "the text"
        ),
        N_("Close them, or put a backslash before each mark meant as text."),
    ),
    "RD322": Entry(
        E,
        N_(
            "'{snippet}' is a note block from another Markdown dialect ({dialect}): GitHub and "
            "this document show it as plain text; write a GitHub alert instead: a line '> "
            "[!{alert}]', then the text, every line starting with '> '"
        ),
        N_(
            "a note block from another Markdown dialect (!!! note, ??? tip, :::tip, ::: note): "
            "GitHub shows it as plain text"
        ),
        N_(
            "Write a GitHub alert: a line '> [!NOTE]' (the message says which one), then the "
            "text, every line starting with '> '."
        ),
    ),
    "RD323": Entry(
        E,
        N_(
            "'{snippet}' is an attribute list from another Markdown dialect: GitHub and this "
            "document show it as plain text; remove it (a heading gets its id from its text, and "
            "a link or an image needs none)"
        ),
        N_(
            "an attribute list from another Markdown dialect, such as '{: .class}', '{#id}' or "
            "'{:target=\"_blank\"}' after a link: GitHub shows it as plain text"
        ),
        N_("Remove it. A heading gets its id from its text by itself."),
    ),
    "RD324": Entry(
        E,
        N_(
            "the link '{target}' leads to {file}, which is not a text in this document; link to "
            "a contribution's or chapter's .md file, a web page (https://...) or a part of the "
            "document (#...); a PDF or other file cannot be part of the document: put it on a "
            "website and link to it there"
        ),
        N_(
            "a link to a file that is not a text of the document (an image, a PDF, an unknown "
            ".md file)"
        ),
        N_(
            "Link to the .md file of a contribution or chapter, or to a web page. To show an "
            "image, write '![what it shows](assets/name.png)'."
        ),
    ),
    "RD325": Entry(
        E,
        N_(
            "this link has no address ('[text]()'); fill in where it leads, or remove the "
            "brackets and keep the text"
        ),
        N_("a link without an address: '[text]()'"),
        N_("Fill in the address, or remove the brackets and keep the text."),
    ),
    "RD326": Entry(
        E,
        N_(
            "the link '{target}' is a web address without https:// in front: GitHub and this "
            "document then look for a file of that name; write the link as ({fix})"
        ),
        N_(
            "a web address without https:// ('[the site](www.example.nl)'): GitHub and the "
            "document then look for a file of that name"
        ),
        N_("Put https:// in front: '[the site](https://www.example.nl)'."),
    ),
    "RD327": Entry(
        E,
        N_(
            "'{snippet}' is a line of MDX code (Docusaurus): GitHub and this document show it as "
            "plain text; remove it, and write what its component showed in Markdown"
        ),
        N_(
            "a line of MDX code from Docusaurus (such as 'import Tabs from \"@theme/Tabs\";'): "
            "GitHub shows it as plain text"
        ),
        N_("Remove the line and write what its component showed in plain Markdown."),
    ),
    "RD328": Entry(
        E,
        N_(
            "a ```{language} block: GitHub draws it, but this document would print its code; "
            "draw it once (an SVG or PNG in the theme's assets/ folder) and show it as an image "
            "with a description: ![what it shows](assets/name.svg)"
        ),
        N_(
            "a '```mermaid' block (or geojson, topojson, stl): GitHub draws it, but the document "
            "would print its code"
        ),
        N_(
            "Draw it once as an SVG or PNG in the theme's assets/ folder, and show it as an "
            "image with a description."
        ),
    ),
    # The project as a whole: links between texts, editions, what runs code, house style
    "RD401": Entry(
        W,
        N_(
            "the link '{target}' points at a contribution that is {status}: the link will be "
            "plain text in the published document"
        ),
        N_(
            "a published text links to a contribution that will not be published (not accepted "
            "yet, rejected or superseded)"
        ),
        N_(
            "The link becomes plain text. Remove the link, or link to the contribution that "
            "replaces it."
        ),
    ),
    "RD402": Entry(
        W,
        N_(
            "'{value}' is not an edition git knows, so the changes appendix will be left out: "
            "name a tag or commit (git tag lists them; a fresh clone may need git fetch --tags)"
        ),
        N_(
            "'changelog' in document.yaml names an edition git does not know: the changes "
            "appendix is left out"
        ),
        N_(
            "For the editors: name an existing tag or commit (git tag lists them; a fresh clone "
            "may need git fetch --tags)."
        ),
    ),
    "RD403": Entry(
        W,
        N_(
            "this accepted contribution has no 'summary': the short edition for administrators "
            "will leave it out; add one sentence with its key message"
        ),
        N_(
            "a published contribution has no 'summary', in a project with 'summary_edition: "
            "true': the short edition for administrators leaves it out"
        ),
        N_(
            "The editors or you: add one sentence with the key message of the contribution, as "
            "'summary: ...'."
        ),
    ),
    "RD404": Entry(
        W,
        N_(
            "this change to {what} needs an editor's review: it runs code, or decides what every "
            "build, check or workflow runs and shows"
        ),
        N_(
            "a pull request changes a file that runs code (templates/, style in document.yaml, "
            "requirements.txt, the Makefile, .github/, a script, ...): an editor must review it"
        ),
        N_(
            "Nothing: an editor reviews that change. Do you only want to contribute text? Then "
            "leave those files alone."
        ),
    ),
    "RD405": Entry(
        W,
        N_(
            "this hidden file (its name starts with a dot) is not included; remove the dot at "
            "the start of its name"
        ),
        N_("a hidden .md file (its name starts with a dot) is not included"),
        N_("Remove the dot at the start of the name."),
    ),
    "RD406": Entry(
        W,
        N_(
            "this project is pinned to roledoc {pinned}, but roledoc {running} is running: its "
            "outputs may differ from the project's editions; install the pinned one (pip install "
            "-r requirements.txt, or make) or move the pin on purpose (roledoc upgrade-project "
            "{running})"
        ),
        N_(
            "the roledoc that runs is not the version requirements.txt pins: the outputs may differ"
        ),
        N_(
            "For the editors: install the pinned version (make, or pip install -r "
            "requirements.txt), or move the pin on purpose with roledoc upgrade-project."
        ),
    ),
    "RD407": Entry(
        E,
        N_(
            "the edition '{value}' cannot be read ({reason}); name another edition here, and ask "
            "an editor to look at how that commit came into the history"
        ),
        N_(
            "the edition 'changelog' names is a commit with a path that leads out of the folder "
            "('..', '.git' or an absolute path): nothing is read from it"
        ),
        N_(
            "For the editors: name another edition, and find out how that commit came into the "
            "history."
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
        N_(
            "requirements.txt installs code from a place that can change without review (a git "
            "branch, an address without a fixed version, a local path, another index)"
        ),
        N_(
            "For the editors: pin a version from the package index (roledoc==0.3.0), or a git "
            "address at a tag or a full commit hash."
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
        N_(
            "an image more than 1.5 times as tall as it is wide: at the text's width it is "
            "taller than a page, so the PDF shrinks it (a long screenshot becomes unreadable)"
        ),
        N_("Cut it into parts, or crop it to what matters."),
    ),
    "RD410": Entry(
        W,
        N_(
            "the changes appendix compares with edition {value}, but the previous edition is "
            "{previous}: readers would take the changes of several editions for this one's; "
            "remove the line (the appendix then compares with {previous}) or write 'changelog: "
            "none' to leave the appendix out"
        ),
        N_(
            "'changelog' in document.yaml names an edition older than the previous one: the "
            "appendix would show the changes of several editions"
        ),
        N_(
            "For the editors: remove the line (the appendix then compares with the previous "
            "edition), or write 'changelog: none' to leave the appendix out."
        ),
    ),
    "RD411": Entry(
        W,
        N_(
            "'{target}' is this project's own text on GitHub: link to it as {fix}, so that the "
            "document leads to the text inside itself (GitHub follows that link too)"
        ),
        N_(
            "a link to this project's own text on GitHub "
            "(https://github.com/.../blob/main/contributions/...)"
        ),
        N_(
            "Link to its path in the project instead, such as ../grenzen/waar-de-rol-eindigt.md "
            "(the message gives it): then the document leads to the text inside itself."
        ),
    ),
    "RD412": Entry(
        W,
        N_(
            "the accent colour {value} has a contrast of {ratio}:1 on white, less than the 4.5:1 "
            "that WCAG 2.1 AA asks of text: headings and links in it are hard to read, and the "
            "conformance report says every format fails; choose a darker colour"
        ),
        N_(
            "the accent colour in document.yaml (style.accent) has less than 4.5:1 contrast on "
            "white: headings and links in it are hard to read and fail WCAG 2.1 AA"
        ),
        N_("For the editors: choose a darker colour for style.accent, such as '#00529b'."),
    ),
    # Language: warnings about words and sentences
    "RD501": Entry(
        W,
        N_(
            "'{word}' is not in the dictionary; check the spelling (suggestions: {suggestions}) "
            "or add the word to the project's word list"
        ),
        N_("a word the dictionary does not know"),
        N_(
            "Check the spelling (the message gives suggestions). Is the word right, such as a "
            "name or a technical term? Ask the editors to add it to the word list (words.txt)."
        ),
    ),
    "RD502": Entry(
        W,
        N_("this sentence has {words} words, more than {limit}: split it for readers"),
        N_("a sentence longer than the agreed limit (max_sentence_words in document.yaml)"),
        N_("Split it into two or more sentences."),
    ),
    "RD503": Entry(
        W,
        N_("avoid '{avoid}': write '{prefer}'"),
        N_("a word this document avoids (language.terms in document.yaml)"),
        N_("Use the word the message names."),
    ),
    "RD504": Entry(
        W,
        N_(
            "'{word}' is a word of {letters} letters, more than {limit}: a space or hyphen may "
            "be missing; if the word is right, add it to the project's word list"
        ),
        N_(
            "a word of more than 40 letters: a space or hyphen may be missing (it is not looked "
            "up in the dictionary)"
        ),
        N_(
            "Put back the missing space or hyphen. Is the word right? Ask the editors to add it "
            "to the word list (words.txt)."
        ),
    ),
}


def described(lang: str) -> list[tuple[str, str, str, str, str]]:
    """(code, severity, message, meaning, remedy) for every code in code order, in `lang`;
    the message keeps its {fields}, which stand for the values it names."""
    return [
        (
            code,
            translate(entry.severity, lang),
            _unformatted(translate(entry.msgid, lang)),
            translate(entry.meaning, lang),
            translate(entry.remedy, lang),
        )
        for code, entry in sorted(CATALOG.items())
    ]


def _unformatted(words: str) -> str:
    """A message as its reader sees it before the values are filled in: each {field} as it
    is, and a brace that str.format prints single ('{{=typst}}') single. Words without a
    field are never formatted (`Message.render`), so they are shown as they are."""
    if not re.search(r"\{[A-Za-z_]", words):
        return words
    shown = []
    for literal, field, spec, conversion in string.Formatter().parse(words):
        shown.append(literal)
        if field is not None:
            shown.append("{" + field + (f"!{conversion}" if conversion else ""))
            shown.append((f":{spec}" if spec else "") + "}")
    return "".join(shown)

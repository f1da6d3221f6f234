"""Every problem roledoc can report: its stable code, severity and wording.

Messages exist in English and Dutch; the document's language (`lang` in document.yaml) picks
one, so a Dutch participant reads Dutch. Codes never change meaning: editors and CI scripts
may rely on them, and the README documents them in a table generated from `CATALOG`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from .model import Diagnostic, Position


@dataclass(frozen=True)
class Entry:
    severity: str
    en: str
    nl: str


E, W = "error", "warning"

CATALOG: dict[str, Entry] = {
    # Files and their structure
    "RD100": Entry(
        E,
        "no document.yaml in {root}: this is not a document project (use -C DIR, or roledoc init)",
        "geen document.yaml in {root}: dit is geen documentproject "
        "(gebruik -C MAP, of roledoc init)",
    ),
    "RD101": Entry(
        E,
        "the file is not UTF-8 text (byte {byte} cannot be read); save it as UTF-8",
        "het bestand is geen UTF-8-tekst (byte {byte} is onleesbaar); sla het op als UTF-8",
    ),
    "RD102": Entry(
        E, "the file cannot be read: {reason}", "het bestand is niet te lezen: {reason}"
    ),
    "RD103": Entry(
        E,
        "no front matter: the file must start with a line '---', then the fields "
        "(title, authors, ...), then a line '---'",
        "geen kopgegevens: het bestand moet beginnen met een regel '---', dan de velden "
        "(title, authors, ...), dan een regel '---'",
    ),
    "RD104": Entry(
        E,
        "the front matter that starts here is never closed: add a line '---' after the last field",
        "de kopgegevens die hier beginnen, hebben geen einde: zet een regel '---' na het "
        "laatste veld",
    ),
    "RD105": Entry(E, "YAML error: {problem}", "YAML-fout: {problem}"),
    "RD106": Entry(
        E,
        "{what} must be a list of 'key: value' lines, not {found}",
        "{what} moet bestaan uit regels 'sleutel: waarde', niet uit {found}",
    ),
    "RD107": Entry(
        E,
        "'{name}' is not a contribution: contributions are Markdown files ending in .md "
        "(convert it with 'roledoc import', or move it out of {folder})",
        "'{name}' is geen bijdrage: bijdragen zijn Markdown-bestanden die eindigen op .md "
        "(zet het om met 'roledoc import', of haal het uit {folder})",
    ),
    "RD108": Entry(
        E,
        "this is not a regular file inside the project ({reason}); "
        "put a real copy of the file here",
        "dit is geen gewoon bestand binnen het project ({reason}); zet hier een echte kopie neer",
    ),
    "RD109": Entry(
        E,
        "YAML anchors and aliases ('&' and '*') are not allowed; write the value out",
        "YAML-ankers en -verwijzingen ('&' en '*') zijn niet toegestaan; schrijf de waarde "
        "helemaal uit",
    ),
    "RD110": Entry(
        E,
        "the file is {size}, more than the limit of {limit}; split it into smaller contributions",
        "het bestand is {size}, meer dan de grens van {limit}; verdeel het over kleinere bijdragen",
    ),
    "RD111": Entry(
        E,
        "'{key}' appears twice (first on line {first}); keep one",
        "'{key}' staat er twee keer (ook op regel {first}); haal er één weg",
    ),
    "RD112": Entry(
        E,
        "{name} is missing; every document project needs it",
        "{name} ontbreekt; elk documentproject heeft het nodig",
    ),
    "RD113": Entry(
        E,
        "'{name}' is not a valid {what} name: {rule}",
        "'{name}' is geen geldige naam voor {what}: {rule}",
    ),
    "RD114": Entry(
        E,
        "'{name}' is {what}: build/ holds only what roledoc writes there, so roledoc refuses to "
        "use it; remove it from the repository (git rm -r --cached build) or delete the link",
        "'{name}' is {what}: in build/ staat alleen wat roledoc er zelf schrijft, dus roledoc "
        "weigert het te gebruiken; haal het uit de repository (git rm -r --cached build) of "
        "verwijder de link",
    ),
    "RD115": Entry(
        E,
        "this is {what}: a template must be a regular file inside templates/, never a link "
        "(put a real copy of the file here)",
        "dit is {what}: een sjabloon moet een gewoon bestand in templates/ zijn, nooit een "
        "koppeling (zet hier een echte kopie van het bestand neer)",
    ),
    "RD116": Entry(
        E,
        "'{key}' is refused in a pandoc defaults file: {rule}",
        "'{key}' is niet toegestaan in een pandoc-defaultsbestand: {rule}",
    ),
    "RD117": Entry(
        E,
        "Typst packages ('{package}') cannot be imported, the build is offline: copy what you "
        "need into templates/typst/ and import it by its path",
        "Typst-pakketten ('{package}') kunnen niet worden geïmporteerd, de build werkt offline: "
        "kopieer wat u nodig hebt naar templates/typst/ en importeer het via het pad",
    ),
    "RD118": Entry(
        E,
        "the YAML is nested too deeply here: more than {limit} levels of indentation, "
        "'- ' or brackets; write the value flatter",
        "de YAML is hier te diep genest: meer dan {limit} niveaus van inspringen, '- ' of "
        "haken; schrijf de waarde vlakker",
    ),
    "RD119": Entry(
        E,
        "this value starts with a typographic quote ({quote}); YAML only understands straight "
        "quotes: type the line as {fix}",
        "deze waarde begint met een gekruld aanhalingsteken ({quote}); YAML kent alleen rechte "
        'aanhalingstekens ("): typ de regel zo: {fix}',
    ),
    # Fields
    "RD201": Entry(
        E,
        "'{key}' is missing: add a line like '{example}'",
        "'{key}' ontbreekt: voeg een regel toe zoals '{example}'",
    ),
    "RD202": Entry(
        E,
        "unknown field '{key}'; allowed here: {allowed}",
        "'{key}' is geen veld; u kunt deze velden gebruiken: {allowed}",
    ),
    "RD203": Entry(
        E,
        "'{key}' must be {expected}; you wrote {found}",
        "bij '{key}' hoort {expected}; u schreef {found}",
    ),
    "RD204": Entry(
        E,
        "'{key}' is empty: fill it in, like '{example}'",
        "'{key}' is leeg: vul het in, zoals '{example}'",
    ),
    "RD205": Entry(
        E,
        "unknown status '{value}'; use one of draft, proposed, accepted, rejected",
        "onbekende status '{value}'; gebruik draft (concept), proposed (voorstel), accepted "
        "(aanvaard) of rejected (afgewezen)",
    ),
    "RD206": Entry(
        E,
        "'{value}' is not a date: write it as YYYY-MM-DD ({reason})",
        "'{value}' is geen datum: schrijf JJJJ-MM-DD ({reason})",
    ),
    "RD207": Entry(
        E,
        "unknown participant '{value}': this id is not in contributions/participants.yaml; "
        "are you new? Add yourself there: a line '{value}:', below it '  name: Your Name' and "
        "'  organisation: Your organisation' (each with two spaces in front)",
        "onbekende deelnemer '{value}': deze id staat niet in contributions/participants.yaml; "
        "bent u nieuw? Zet uzelf daar: een regel '{value}:', daaronder '  name: Uw Naam' en "
        "'  organisation: Uw organisatie' (elk met twee spaties ervoor)",
    ),
    "RD208": Entry(
        E,
        "unknown theme '{value}': there is no folder contributions/{value}/",
        "onbekend thema '{value}': er is geen map contributions/{value}/",
    ),
    "RD209": Entry(
        E,
        "'{value}' is not a valid contribution id: the file name may only contain lowercase "
        "letters, digits and hyphens (rename it, e.g. to {fix}.md)",
        "'{value}' is geen geldige id: de bestandsnaam mag alleen kleine letters, cijfers en "
        "streepjes bevatten (geef het bestand een andere naam, bijvoorbeeld {fix}.md)",
    ),
    "RD210": Entry(
        E,
        "the id '{value}' is already used by {other}; ids must be unique, rename one of them",
        "de id '{value}' is al in gebruik: {other} heet ook zo; geef een van beide bestanden "
        "een andere naam",
    ),
    "RD211": Entry(
        E,
        "'supersedes' names '{value}', but no contribution has that id",
        "'supersedes' noemt '{value}', maar geen bijdrage heeft die id",
    ),
    "RD212": Entry(
        E,
        "the folder contributions/{value}/ is not a theme of this document: no chapter takes "
        "it; did you mean {themes}? Move the file there: git mv contributions/{value}/{file} "
        "contributions/{theme}/ (on GitHub: open the file, click the pencil (Edit) and type "
        "../{theme}/ in front of the file name); only the editors make a new theme (in sections/)",
        "de map contributions/{value}/ is geen thema van dit document: geen hoofdstuk neemt hem "
        "op; bedoelde u {themes}? Verplaats het bestand daarheen: git mv "
        "contributions/{value}/{file} contributions/{theme}/ (op GitHub: open het bestand, klik "
        "op het potlood (Edit) en typ ../{theme}/ vóór de bestandsnaam); alleen de redactie "
        "maakt een nieuw thema (in sections/)",
    ),
    "RD213": Entry(
        E,
        "the theme '{value}' is also claimed by {other}; a theme belongs to exactly one section",
        "het thema '{value}' hoort ook al bij {other}; een thema hoort bij precies één hoofdstuk",
    ),
    "RD214": Entry(
        E,
        "'{value}' is not a language tag; write it as BCP 47, e.g. nl-NL or en-GB",
        "'{value}' is geen taalcode; schrijf die als BCP 47, bijvoorbeeld nl-NL of en-GB",
    ),
    "RD215": Entry(
        E, "'{value}' is not allowed for '{key}': {rule}", "'{value}' mag niet bij '{key}': {rule}"
    ),
    "RD216": Entry(
        E,
        "a contribution cannot supersede itself",
        "een bijdrage kan zichzelf niet vervangen",
    ),
    "RD217": Entry(
        E,
        "section number {value} is also used by {other}; every section needs its own number",
        "hoofdstuknummer {value} wordt ook gebruikt door {other}; elk hoofdstuk heeft een eigen "
        "nummer nodig",
    ),
    "RD218": Entry(
        E,
        "'{value}' is listed twice in '{key}'",
        "'{value}' staat twee keer in '{key}'; haal er één weg",
    ),
    "RD219": Entry(
        E,
        "'{key}' is not a field; did you mean '{fix}'?",
        "'{key}' is geen veld; bedoelde u '{fix}'?",
    ),
    "RD220": Entry(
        E,
        "unknown participant '{value}'; did you mean '{near}' ({name})? If you are not {name}, "
        "add yourself to contributions/participants.yaml: a line '{value}:', below it "
        "'  name: Your Name' and '  organisation: Your organisation' (each with two spaces "
        "in front)",
        "onbekende deelnemer '{value}'; bedoelde u '{near}' ({name})? Bent u niet {name}, zet "
        "uzelf dan in contributions/participants.yaml: een regel '{value}:', daaronder "
        "'  name: Uw Naam' en '  organisation: Uw organisatie' (elk met twee spaties ervoor)",
    ),
    # The Markdown body
    "RD301": Entry(
        E,
        "the text is empty: write the contribution below the closing '---'",
        "de tekst is leeg: schrijf de bijdrage onder de afsluitende '---'",
    ),
    "RD302": Entry(
        E,
        "heading level {level} follows level {previous}: go one level down at a time (use {fix})",
        "deze kop van niveau {level} volgt op een kop van niveau {previous}; sla geen niveau "
        "over: gebruik {fix}",
    ),
    "RD303": Entry(
        E,
        "HTML is not allowed ({snippet}); {what}",
        "HTML is niet toegestaan ({snippet}); {what}",
    ),
    "RD304": Entry(
        E,
        "LaTeX commands are not allowed ({snippet}); if you mean the text itself, put it "
        "between backticks (`{snippet}`) or write a double backslash",
        "LaTeX-opdrachten zijn niet toegestaan ({snippet}); bedoelt u de tekst zelf, zet hem "
        "dan tussen backticks (`{snippet}`) of schrijf een dubbele backslash",
    ),
    "RD305": Entry(
        E,
        "raw {format} passthrough ('{{={format}}}') is not allowed; write plain Markdown",
        "rechtstreekse {format}-code ('{{={format}}}') is niet toegestaan; schrijf gewone Markdown",
    ),
    "RD306": Entry(
        E,
        "the image '{src}' does not exist (looked for {expected})",
        "de afbeelding '{src}' bestaat niet (gezocht: {expected})",
    ),
    "RD307": Entry(
        E,
        "the image '{src}' is on the internet; download it into {assets} and link to it there",
        "de afbeelding '{src}' staat op internet; download hem naar {assets} en verwijs daarnaar",
    ),
    "RD308": Entry(
        E,
        "the image '{src}' is outside this theme's assets folder; move it into {assets}",
        "de afbeelding '{src}' staat buiten de assets-map van dit thema; zet hem in {assets}",
    ),
    "RD309": Entry(
        E,
        "the image '{src}' has no alt text; describe it for readers who cannot see it: "
        "![what the image shows]({src})",
        "de afbeelding '{src}' heeft geen alt-tekst; beschrijf hem voor wie hem niet kan zien: "
        "![wat de afbeelding laat zien]({src})",
    ),
    "RD310": Entry(
        E,
        "the link '{target}' points at nothing: no contribution, section or heading has that id",
        "de link '{target}' verwijst naar niets: geen bijdrage, hoofdstuk of kop heeft die id",
    ),
    "RD311": Entry(
        E,
        "{what} are nested {depth} deep, more than the {limit} the document can render; "
        "flatten the structure",
        "{what} zijn {depth} diep genest, meer dan de {limit} die het document aankan; "
        "maak de opbouw vlakker",
    ),
    "RD312": Entry(
        E,
        "the heading id '{value}' is used twice in this file; give each heading its own id",
        "de kop-id '{value}' komt twee keer voor in dit bestand; geef elke kop een eigen id",
    ),
    "RD313": Entry(
        E,
        "'{src}' is not a PNG, JPEG, GIF or SVG image (judged by its content, not its name); "
        "save it in one of those formats",
        "'{src}' is geen PNG-, JPEG-, GIF- of SVG-afbeelding (gekeken naar de inhoud, niet "
        "naar de naam); sla hem op in een van die formaten",
    ),
    "RD314": Entry(
        E,
        "the image is {size}, more than the limit of {limit}; make it smaller",
        "de afbeelding is {size}, meer dan de grens van {limit}; maak hem kleiner",
    ),
    "RD315": Entry(
        E,
        "the SVG image '{src}' contains {what} on line {line}; save it again without it "
        "(or as PNG)",
        "de SVG-afbeelding '{src}' bevat op regel {line} {what}; sla hem opnieuw op zonder "
        "(of als PNG)",
    ),
    "RD316": Entry(
        E,
        "'{target}' is not an address a reader can safely follow ('{scheme}:' is not allowed); "
        "link to a web page (https://...), an e-mail address (mailto:...) or a part of this "
        "document (#...)",
        "'{target}' is geen adres dat een lezer veilig kan volgen ('{scheme}:' is niet "
        "toegestaan); verwijs naar een webpagina (https://...), een e-mailadres (mailto:...) of "
        "een deel van dit document (#...)",
    ),
    "RD317": Entry(
        E,
        "the link '{target}' leads to {file}, and there is no such file in this project; "
        "link to a contribution's or chapter's .md file, a web page (https://...) or a part "
        "of this document (#...); a PDF or other file cannot be part of the document: put it "
        "on a website and link to it there",
        "de link '{target}' leidt naar {file}, en dat bestand is er niet in dit project; "
        "verwijs naar het .md-bestand van een bijdrage of hoofdstuk, een webpagina "
        "(https://...) of een deel van dit document (#...); een pdf of ander bestand kan niet "
        "in het document: zet het op een website en verwijs daarheen",
    ),
    "RD318": Entry(
        E,
        "an invisible control character ({point}) is here; remove it (retyping the line helps)",
        "hier staat een onzichtbaar stuurteken ({point}); haal het weg (de regel opnieuw typen "
        "helpt)",
    ),
    "RD319": Entry(
        E,
        "the character '{char}' ({point}) cannot be shown in the PDF: no font of the document "
        "has it; leave it out or describe it in words",
        "het teken '{char}' ({point}) kan niet in de pdf: geen lettertype van het document heeft "
        "het; laat het weg of beschrijf het in woorden",
    ),
    "RD320": Entry(
        E,
        "the image '{src}' is {width} x {height} pixels, more than {limit} megapixels; "
        "make it smaller (4000 x 3000 is plenty)",
        "de afbeelding '{src}' is {width} x {height} pixels, meer dan {limit} megapixels; "
        "maak hem kleiner (4000 x 3000 is ruim genoeg)",
    ),
    "RD321": Entry(
        E,
        "{count} unclosed {what} up to here: pandoc would need minutes to read this text; "
        "close them, or put a backslash before each one meant as text",
        "{count} niet-afgesloten {what} tot hier: pandoc zou minuten over deze tekst doen; "
        "sluit ze af, of zet een backslash voor elk teken dat u als tekst bedoelt",
    ),
    "RD322": Entry(
        E,
        "'{snippet}' is a note block from another Markdown dialect (MkDocs, pandoc): GitHub and "
        "this document show it as plain text; write a GitHub alert instead: a line "
        "'> [!{alert}]', then the text, every line starting with '> '",
        "'{snippet}' is een notitieblok uit een ander Markdown-dialect (MkDocs, pandoc): GitHub "
        "en dit document tonen het als gewone tekst; schrijf een GitHub-melding: een regel "
        "'> [!{alert}]', dan de tekst, elke regel beginnend met '> '",
    ),
    "RD323": Entry(
        E,
        "'{snippet}' is an attribute list from another Markdown dialect: GitHub and this "
        "document show it as plain text; remove it (headings get their id from their text)",
        "'{snippet}' is een lijst met kenmerken uit een ander Markdown-dialect: GitHub en dit "
        "document tonen het als gewone tekst; haal het weg (een kop krijgt zijn id uit de tekst)",
    ),
    "RD324": Entry(
        E,
        "the link '{target}' leads to {file}, which is not a text in this document; link to a "
        "contribution's or chapter's .md file, a web page (https://...) or a part of the "
        "document (#...); a PDF or other file cannot be part of the document: put it on a "
        "website and link to it there",
        "de link '{target}' leidt naar {file}, en dat is geen tekst in dit document; verwijs "
        "naar het .md-bestand van een bijdrage of hoofdstuk, een webpagina (https://...) of een "
        "deel van het document (#...); een pdf of ander bestand kan niet in het document: zet "
        "het op een website en verwijs daarheen",
    ),
    "RD325": Entry(
        E,
        "this link has no address ('[text]()'); fill in where it leads, or remove the brackets "
        "and keep the text",
        "deze link heeft geen adres ('[tekst]()'); vul in waar hij heen gaat, of haal de haken "
        "weg en houd de tekst",
    ),
    "RD326": Entry(
        E,
        "the link '{target}' is a web address without https:// in front: GitHub and this "
        "document then look for a file of that name; write the link as ({fix})",
        "de link '{target}' is een webadres zonder https:// ervoor: GitHub en dit document "
        "zoeken dan een bestand met die naam; schrijf de link als ({fix})",
    ),
    # Warnings: things that build, but probably not as meant
    "RD401": Entry(
        W,
        "the link '{target}' points at a contribution that is {status}: the link will be plain "
        "text in the published document",
        "de link '{target}' wijst naar een bijdrage met status {status}: in het gepubliceerde "
        "document wordt de link gewone tekst",
    ),
    "RD403": Entry(
        W,
        "this accepted contribution has no 'summary': the short edition for administrators "
        "will leave it out; add one sentence with its key message",
        "deze aanvaarde bijdrage heeft geen 'summary': de korte versie voor bestuurders laat "
        "haar dan weg; voeg één zin met de kern toe",
    ),
    "RD404": Entry(
        W,
        "this change to the house style needs an editor's review: templates, pandoc options "
        "and filters, and 'style' in document.yaml decide what every build runs and shows",
        "deze wijziging van de huisstijl moet een redacteur beoordelen: sjablonen, "
        "pandoc-opties en filters, en 'style' in document.yaml bepalen wat elke build uitvoert "
        "en toont",
    ),
    "RD405": Entry(
        W,
        "this hidden file (its name starts with a dot) is not included; remove the dot at the "
        "start of its name",
        "dit verborgen bestand (de naam begint met een punt) komt niet in het document; haal de "
        "punt aan het begin van de naam weg",
    ),
    "RD501": Entry(
        W,
        "'{word}' is not in the dictionary; check the spelling (suggestions: {suggestions}) "
        "or add the word to the project's word list",
        "'{word}' staat niet in het woordenboek; controleer de spelling (suggesties: "
        "{suggestions}) of zet het woord in de woordenlijst van het project",
    ),
    "RD502": Entry(
        W,
        "this sentence has {words} words, more than {limit}: split it for readers",
        "deze zin heeft {words} woorden, meer dan {limit}: maak er twee zinnen van",
    ),
    "RD503": Entry(
        W,
        "avoid '{avoid}': write '{prefer}'",
        "vermijd '{avoid}': schrijf '{prefer}'",
    ),
    "RD402": Entry(
        W,
        "'{value}' is not an edition git knows, so the changes appendix will be left out: "
        "name a tag or commit (git tag lists them; a fresh clone may need git fetch --tags)",
        "'{value}' is geen editie die git kent, dus de bijlage met wijzigingen valt weg: "
        "noem een tag of commit (git tag toont ze; een verse kloon heeft soms "
        "git fetch --tags nodig)",
    ),
}

KINDS = {
    "en": {
        "text": "text",
        "list": "a list",
        "id-list": "a list of ids, like [jdevries, kbakker]",
        "html": "use Markdown instead",
        "html-comment": "a note for the editors belongs in the pull request, not in the text",
        "integer": "a whole number",
        "date": "a date",
        "mapping": "a list of 'key: value' lines",
        "number": "a number",
        "boolean": "true or false",
        "nothing": "empty",
        "format-list": "a list of formats, like [pdf, docx]",
        "nesting-blocks": "lists and block quotes",
        "nesting-brackets": "square brackets",
        "front-matter": "the front matter",
        "link-loop": "a link that leads back to itself",
        "marks-code": "backticks (`) or link openings ('](')",
        "marks-emphasis": "'*' or '_' marks",
        "link-nowhere": "a link to nothing",
        "participants": "participants.yaml",
        "participant": "a participant",
        "document": "document.yaml",
        "language": "'language'",
        "terms": "'terms'",
        "superseded": "superseded",
        "link": "a link",
        "committed": "a file committed to the repository",
        "yaml-colon": "a value with ': ' in it, such as a title? Put the whole value in "
        'double quotes: title: "Wat wij doen: een test"',
        "yaml-tab": "a tab? Indent with spaces",
        "yaml-line": "every line needs the form 'key: value'",
        "yaml-list": "a list is written [a, b] with the closing ]",
        "symlink": "a symbolic link",
        "irregular": "a special file",
        "defaults-key": "only layout options (such as toc, toc-depth, number-sections, "
        "variables, metadata) and files inside templates/ are allowed",
        "defaults-path": "write a file inside templates/ as ${.}/... (no absolute path, no "
        "'..' out of templates/, no other ${...})",
        "defaults-filter": "a filter must be a Lua file (.lua) inside templates/, written ${.}/...",
        "defaults-missing": "the file it names is neither in templates/ nor among roledoc's "
        "defaults",
        "defaults-shape": "it must be a file name, or a list of file names "
        "(filters: always a list)",
        "defaults-fixed": "roledoc relies on this value; keep it as in its own file",
        "svg-script": "a script",
        "svg-handler": "an event handler (on...=)",
        "svg-foreign": "embedded HTML or another document (such as foreignObject)",
        "svg-reference": "a reference to another file or the internet",
        "svg-entity": "an XML entity",
        "svg-doctype": "a DOCTYPE that points to another file",
        "svg-invalid": "an XML error (it is not a valid SVG file)",
    },
    "nl": {
        "text": "tekst",
        "list": "een lijst",
        "id-list": "een lijst van ids, zoals [jdevries, kbakker]",
        "html": "gebruik Markdown",
        "html-comment": "een opmerking voor de redactie hoort in het pull request, niet in de "
        "tekst",
        "integer": "een geheel getal",
        "date": "een datum",
        "mapping": "regels 'sleutel: waarde'",
        "number": "een getal",
        "boolean": "true of false",
        "nothing": "leeg",
        "format-list": "een lijst van formaten, zoals [pdf, docx]",
        "nesting-blocks": "lijsten en citaten",
        "nesting-brackets": "vierkante haken",
        "front-matter": "de kopgegevens",
        "link-loop": "een koppeling die naar zichzelf terugleidt",
        "marks-code": "backticks (`) of linkopeningen ('](')",
        "marks-emphasis": "tekens '*' of '_'",
        "link-nowhere": "een koppeling naar niets",
        "participants": "participants.yaml",
        "participant": "een deelnemer",
        "document": "document.yaml",
        "language": "'language'",
        "terms": "'terms'",
        "superseded": "vervangen (superseded)",
        "link": "een link",
        "committed": "een bestand dat in de repository is vastgelegd",
        "yaml-colon": "staat er ': ' in een waarde, zoals een titel? Zet de hele waarde "
        'tussen dubbele aanhalingstekens: title: "Wat wij doen: een test"',
        "yaml-tab": "een tab? Spring in met spaties",
        "yaml-line": "elke regel heeft de vorm 'sleutel: waarde'",
        "yaml-list": "een lijst schrijft u als [a, b], met de sluitende ]",
        "symlink": "een symbolische koppeling (symlink)",
        "irregular": "een speciaal bestand",
        "defaults-key": "alleen opmaakopties (zoals toc, toc-depth, number-sections, "
        "variables, metadata) en bestanden in templates/ zijn toegestaan",
        "defaults-path": "schrijf een bestand in templates/ als ${.}/... (geen absoluut pad, "
        "geen '..' buiten templates/, geen andere ${...})",
        "defaults-filter": "een filter moet een Lua-bestand (.lua) in templates/ zijn, "
        "geschreven als ${.}/...",
        "defaults-missing": "het bestand dat het noemt staat niet in templates/ en ook niet "
        "bij de standaardbestanden van roledoc",
        "defaults-shape": "het moet een bestandsnaam zijn, of een lijst van bestandsnamen "
        "(filters: altijd een lijst)",
        "defaults-fixed": "roledoc rekent op deze waarde; houd hem zoals in roledoc's eigen "
        "bestand",
        "svg-script": "een script",
        "svg-handler": "een gebeurtenis-handler (on...=)",
        "svg-foreign": "ingesloten HTML of een ander document (zoals foreignObject)",
        "svg-reference": "een verwijzing naar een ander bestand of naar internet",
        "svg-entity": "een XML-entiteit",
        "svg-doctype": "een DOCTYPE die naar een ander bestand wijst",
        "svg-invalid": "een XML-fout (het is geen geldig SVG-bestand)",
    },
}

SUGGESTION = {"en": "did you mean '{0}'?", "nl": "bedoelde u '{0}'?"}


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a mistyped value, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def language_of(lang: str | None) -> str:
    """The message language for a document language tag: Dutch for nl-*, English otherwise."""
    return "nl" if lang and lang.lower().split("-")[0] == "nl" else "en"


class Reporter:
    """Creates diagnostics in one language and collects them."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.found: list[Diagnostic] = []

    def kind(self, name: str) -> str:
        """The name of a kind of value or thing, in the message language."""
        return KINDS[self.lang].get(name, name)

    def add(
        self,
        code: str,
        path: str,
        pos: Position | None = None,
        suggestion: str | None = None,
        **params: object,
    ) -> None:
        entry = CATALOG[code]
        if "what" in params:
            params["what"] = self.kind(str(params["what"]))
        message = getattr(entry, self.lang).format(**params)
        if suggestion:
            message += f"; {SUGGESTION[self.lang].format(suggestion)}"
        pos = pos or Position()
        self.found.append(Diagnostic(path, code, message, entry.severity, pos.line, pos.col))


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def format_text(diagnostics: Sequence[Diagnostic], lang: str = "en") -> str:
    listed = [format_lines(diagnostics)] if diagnostics else []
    return "\n".join([*listed, summary_line(diagnostics, lang)])


def format_lines(diagnostics: Sequence[Diagnostic]) -> str:
    """One `path:line:col: severity CODE: message` line per diagnostic."""
    lines = []
    for d in diagnostics:
        where = d.path
        if d.line:
            where += f":{d.line}"
            if d.col:
                where += f":{d.col}"
        lines.append(f"{where}: {d.severity} {d.code}: {d.message}")
    return "\n".join(lines)


def summary_line(diagnostics: Sequence[Diagnostic], lang: str = "en") -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if lang == "nl":
        if not diagnostics:
            return "Geen problemen gevonden."
        return f"{errors} fout(en), {warnings} waarschuwing(en) in {files} bestand(en)."
    if not diagnostics:
        return "No problems found."
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s)."


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)


def _github_escape(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its line."""
    lines = []
    for d in diagnostics:
        props = [f"file={_github_escape(d.path, True)}"]
        if d.line:
            props.append(f"line={d.line}")
            if d.col:
                props.append(f"col={d.col}")
        props.append(f"title={d.code}")
        kind = "error" if d.is_error else "warning"
        lines.append(f"::{kind} {','.join(props)}::{_github_escape(d.message)}")
    return "\n".join(lines)

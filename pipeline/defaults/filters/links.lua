-- Links in the formats pandoc writes itself (HTML, EPUB, DOCX, ODT); typst.lua does the PDF.
--
-- * A cross-reference, Link ("", ["xref"], [("title", T)]) to "#anchor", stays a link to
--   its target and is spelled out as xrefs.lua says for its kind of link text. In DOCX and
--   ODT, as in the PDF, the target's title and page follow: de afspraken ("Capaciteit en
--   budget", p. 14); only the page when the link's text is the title; zie ook *Capaciteit en
--   budget* (p. 14) when the text only says "zie ook". The page is a field: a PAGEREF to the
--   bookmark pandoc writes for every heading id in DOCX (its result is filled in by
--   pipeline/formats/docx.py), a page reference to the heading's bookmark in ODT (LibreOffice
--   computes it as it lays the document out). On a screen (HTML, EPUB) the title is the
--   link's tooltip, and a link that only says "zie ook" gets the title as its text: a screen
--   has no pages.
-- * A link with an empty target leads nowhere: it becomes its text.

local xrefs = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "xrefs.lua" }))

local page_word = "p."

local function read_labels(meta)
  local labels = meta.labels or {}
  if labels.page_short then page_word = pandoc.utils.stringify(labels.page_short) end
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function pageref(bookmark)
  if FORMAT:match("odt") or FORMAT:match("opendocument") then
    return pandoc.RawInline("opendocument", '<text:bookmark-ref text:reference-format="page" '
      .. 'text:ref-name="' .. xml_escape(bookmark) .. '">#</text:bookmark-ref>')
  end
  local function run(inner) return "<w:r>" .. inner .. "</w:r>" end
  return pandoc.RawInline("openxml",
    run('<w:fldChar w:fldCharType="begin"/>')
    .. run('<w:instrText xml:space="preserve"> PAGEREF ' .. xml_escape(bookmark)
      .. ' \\h </w:instrText>')
    .. run('<w:fldChar w:fldCharType="separate"/>')
    .. run("<w:t>#</w:t>")
    .. run('<w:fldChar w:fldCharType="end"/>'))
end

local function link(el)
  if el.target:match("^%s*$") then return el.content end
  if not (el.classes:includes("xref") and el.target:sub(1, 1) == "#") then return nil end
  local title = el.attributes.title or ""
  local kind = xrefs.kind(el, title)
  el.classes = {}
  el.attributes = {}
  local on_paper = FORMAT:match("docx") or FORMAT:match("odt") or FORMAT:match("opendocument")
  if kind == "see" then
    -- the participant's words stay, as text; the link names its target
    local said = el.content
    el.content = on_paper and { pandoc.Emph(pandoc.Inlines(title)) } or pandoc.Inlines(title)
    local result = pandoc.Inlines(said)
    result:extend({ pandoc.Space(), el })
    if not on_paper then return result end
    result:extend({ pandoc.Space(), pandoc.Str("(" .. page_word .. "\u{a0}"),
      pageref(el.target:sub(2)), pandoc.Str(")") })
    return result
  end
  if not on_paper then
    if title ~= "" then el.title = title end
    return el
  end
  local result = pandoc.Inlines({ el, pandoc.Space(), pandoc.Str("(") })
  if kind == "other" and title ~= "" then
    result:insert(pandoc.Quoted("DoubleQuote", pandoc.Inlines(title)))
    result:insert(pandoc.Str(","))
    result:insert(pandoc.Space())
  end
  result:insert(pandoc.Str(page_word .. "\u{a0}"))
  result:insert(pageref(el.target:sub(2)))
  result:insert(pandoc.Str(")"))
  return result
end

return { { Meta = read_labels }, { Link = link } }

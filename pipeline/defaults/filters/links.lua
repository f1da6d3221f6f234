-- Links in the formats pandoc writes itself (HTML, EPUB, DOCX, ODT); typst.lua does the PDF.
--
-- * A cross-reference, Link ("", ["xref"], [("title", T)]) to "#anchor", stays a link to
--   its target. In DOCX it is followed, as in the PDF, by the target's title and page:
--   zie ook ("Capaciteit en budget", p. 14), or the page alone when the link's text is the
--   title; the page a PAGEREF field to the bookmark pandoc writes for every heading id (Word
--   fills it in when it updates the fields). Elsewhere
--   the title becomes the link's title (a tooltip); a screen has no pages.
-- * A link with an empty target leads nowhere: it becomes its text.

local page_word = "p."

local function read_labels(meta)
  local labels = meta.labels or {}
  if labels.page_short then page_word = pandoc.utils.stringify(labels.page_short) end
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function pageref(bookmark)
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
  el.classes = {}
  el.attributes = {}
  if not FORMAT:match("docx") then
    if title ~= "" then el.title = title end
    return el
  end
  local result = pandoc.Inlines({ el, pandoc.Space(), pandoc.Str("(") })
  -- a link whose text is the target's title already names it: only the page follows
  local said = pandoc.text.lower(pandoc.utils.stringify(el.content)):gsub("%s+", " ")
  if said == pandoc.text.lower(title):gsub("%s+", " ") then title = "" end
  if title ~= "" then
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

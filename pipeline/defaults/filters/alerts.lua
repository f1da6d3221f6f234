-- GitHub alerts ("> [!NOTE]") in the formats pandoc writes itself (HTML, EPUB, DOCX, ODT);
-- typst.lua does the PDF. An alert arrives as Div ("", ["alert", KIND], []) with its body;
-- its title, the kind in the document's language, comes from metadata labels.alerts.KIND.
--
-- * HTML and EPUB: <div class="alert alert-KIND" role="note"> with the title as its first,
--   bold line (a styled paragraph, not a heading: the outline stays the document's own).
-- * DOCX and ODT: the title and the body get the paragraph styles "Alert Title" and "Alert"
--   of the reference document (a tinted block with a left border).

local KINDS = { note = "Note", tip = "Tip", important = "Important", warning = "Warning",
  caution = "Caution" }

local words = {}

local function read_labels(meta)
  words = meta.labels and meta.labels.alerts or {}
end

local function title_of(kind)
  return words[kind] and pandoc.utils.stringify(words[kind]) or KINDS[kind]
end

local function kind_of(div)
  if not div.classes:includes("alert") then return nil end
  for kind in pairs(KINDS) do
    if div.classes:includes(kind) then return kind end
  end
end

local function alert(div)
  local kind = kind_of(div)
  if not kind then return nil end
  local title = pandoc.Inlines(title_of(kind))
  if FORMAT:match("docx") or FORMAT:match("odt") or FORMAT:match("opendocument") then
    return {
      pandoc.Div({ pandoc.Para(title) }, { ["custom-style"] = "Alert Title" }),
      pandoc.Div(div.content, { ["custom-style"] = "Alert" }),
    }
  end
  local heading = pandoc.Div({ pandoc.Plain({ pandoc.Strong(title) }) },
    { class = "alert-title" })
  local blocks = pandoc.Blocks({ heading })
  blocks:extend(div.content)
  return pandoc.Div(blocks, { class = "alert alert-" .. kind, role = "note" })
end

return { { Meta = read_labels }, { Div = alert } }

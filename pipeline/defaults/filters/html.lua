-- HTML: changes in a redline become <ins> and <del>, with words for screen readers and
-- brackets for print, so they never rely on colour alone.
local labels = {}

function Meta(meta)
  labels = meta.labels or {}
end

local function said(key, fallback)
  return labels[key] and pandoc.utils.stringify(labels[key]) or fallback
end

local function mark(span, tag, key, fallback, sign)
  local open = pandoc.RawInline("html", "<" .. tag .. ">" .. '<span class="visually-hidden">'
    .. said(key, fallback) .. ": </span>" .. '<span class="change-sign" aria-hidden="true">['
    .. sign .. "</span>")
  local close = pandoc.RawInline("html", '<span class="change-sign" aria-hidden="true">' .. sign
    .. "]</span></" .. tag .. ">")
  local result = pandoc.Inlines({ open })
  result:extend(span.content)
  result:insert(close)
  return result
end

function Span(span)
  if span.classes:includes("insertion") then
    return mark(span, "ins", "inserted", "inserted", "+")
  elseif span.classes:includes("deletion") then
    return mark(span, "del", "deleted", "deleted", "-")
  end
end

return { { Meta = Meta }, { Span = Span } }

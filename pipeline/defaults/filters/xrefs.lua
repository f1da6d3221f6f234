-- What a cross-reference's link text says of its target (used by links.lua and typst.lua).
--
-- A cross-reference is Link ("", ["xref"], [("title", T)]) to "#anchor" (normalize.lua). Its
-- text is one of three kinds, and each format spells the reference out to suit it:
--
-- * "title": the text is the target's title, `[Capaciteit en budget](…)`: print adds only the
--   page, "Capaciteit en budget (p. 14)".
-- * "see": the text only says "see", `[zie ook](…)`: the title is added after it, "zie ook
--   *Capaciteit en budget* (p. 14)" in print and "zie ook <Capaciteit en budget>" as the link
--   on a screen, so that no link reads "zie ook" alone. No colon after "zie ook":
--   participants mostly write "…: [zie ook](…)", which would give two.
-- * "other": any other text, `[de afspraken](…)`: print adds the title and page, "de afspraken
--   (“Capaciteit en budget”, p. 14)"; a screen shows the title as the link's tooltip.

local SEE = {}
for _, phrase in ipairs({ "zie ook", "zie", "zie verder", "zie daarvoor", "zie hier",
  "see also", "see", "see further" }) do
  SEE[phrase] = true
end

local function plain(inlines)
  local text = pandoc.text.lower(pandoc.utils.stringify(inlines))
  return (text:gsub("%s+", " "):gsub("^ ", ""):gsub("[ %.,;:!%?]+$", ""))
end

local M = {}

function M.kind(link, title)
  local said = plain(link.content)
  if title and title ~= "" and said == plain(pandoc.Inlines(title)) then return "title" end
  if title and title ~= "" and SEE[said] then return "see" end
  return "other"
end

return M

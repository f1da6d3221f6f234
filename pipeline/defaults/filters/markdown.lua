-- <output>.md, the document's Markdown for people to read: pandoc's Markdown writer does not
-- escape a `#` at the end of a heading ("Werken met C#"), which a reader then takes for a
-- closing mark and drops. Written escaped, it reads back as the heading it is.

function Header(header)
  local last = header.content[#header.content]
  if last and last.t == "Str" and last.text:match("#$") then
    local text = last.text:gsub("#+$", "")
    local hashes = #last.text - #text
    header.content[#header.content] = pandoc.Str(text)
    header.content:insert(pandoc.RawInline("markdown", string.rep("\\#", hashes)))
    return header
  end
end

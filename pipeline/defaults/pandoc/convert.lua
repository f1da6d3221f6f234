-- Convert many small texts in one pandoc process (`pandoc lua`).
-- Input (stdin, JSON): { from = "...", to = "...", items = { key = text, ... } }.
-- Output (stdout, JSON): { key = converted text } or { key = { error = "..." } }.
local data = pandoc.json.decode(io.read("a"), false)
local results = {}
for key, text in pairs(data.items) do
  local ok, result = pcall(function()
    return pandoc.write(pandoc.read(text, data.from), data.to, { wrap_text = "none" })
  end)
  results[key] = ok and result or { error = tostring(result) }
end
io.write(pandoc.json.encode(results))

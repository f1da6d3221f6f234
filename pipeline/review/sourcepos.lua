-- Read contribution bodies with source positions, in one pandoc process (`pandoc lua`).
-- Input (stdin, JSON): { format = "<reader>+sourcepos", items = { key = "<body>" } }.
-- Output (stdout, JSON): { key = "<the body's AST as pandoc JSON>" }.
local data = pandoc.json.decode(io.read("a"), false)
local out = {}
for key, body in pairs(data.items) do
  out[key] = pandoc.write(pandoc.read(body, data.format), "json")
end
io.write(pandoc.json.encode(out))
